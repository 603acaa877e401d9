// StartWellStore
