// StartWellSync
