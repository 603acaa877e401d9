// StartWellApp
