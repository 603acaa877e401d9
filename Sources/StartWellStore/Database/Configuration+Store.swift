import StartWellCore

/// GRDB also has a `Configuration`; inside this module the name means the service configuration.
typealias Configuration = StartWellCore.Configuration
