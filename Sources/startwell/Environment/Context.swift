import Foundation
import StartWellCore
import StartWellStore

/// Everything a command needs before it does its work: where the data lives,
/// the configuration it was started with, and who it acts as.
///
/// The interactive client receives the same value, so both front ends agree
/// on the data folder, the configuration and the login rules.
struct AppContext {
  var dataDirectory: URL
  var configDirectory: URL
  var config: Configuration
  /// The username from `--as` or `STARTWELL_USER`, if either was given.
  var username: String?

  /// Where the store's database file lives.
  var storeFile: URL { dataDirectory.appendingPathComponent(Store.fileName) }

  var storeExists: Bool { FileManager.default.fileExists(atPath: storeFile.path) }

  /// Opens the store. Unless `create` is set, a missing store is an error
  /// rather than an empty new one, so a mistyped `--data-dir` is noticed.
  func openStore(create: Bool = false) throws -> Store {
    if !create && !storeExists {
      throw CLIError(
        "no store in \(dataDirectory.path); run `startwell init` (or `startwell demo`) first, or pass --data-dir"
      )
    }
    let store = try Store.open(directory: dataDirectory, config: config, zone: CLIZone.zone)
    // Said on every command, before anything else, so it is never missed.
    if let warning = try store.clockWarning() { Terminal.note("warning: \(warning.message)") }
    return store
  }

  /// Resolves the folders and loads the configuration.
  static func resolve(
    _ options: GlobalOptions, environment: [String: String] = ProcessInfo.processInfo.environment
  )
    throws -> AppContext
  {
    let data = Paths.dataDirectory(flag: options.dataDir, environment: environment)
    let configDir = try Paths.configDirectory(flag: options.configDir, environment: environment)
    let config = try ConfigLoader.load(from: configDir)
    let user =
      options.as.flatMap { $0.isEmpty ? nil : $0 }
      ?? environment["STARTWELL_USER"].flatMap { $0.isEmpty ? nil : $0 }
    return AppContext(dataDirectory: data, configDirectory: configDir, config: config, username: user)
  }
}

/// The rules for finding the data and configuration folders.
enum Paths {
  /// `--data-dir`, then `STARTWELL_DATA_DIR`, then `$XDG_DATA_HOME/startwell`, then `~/.local/share/startwell`.
  static func dataDirectory(flag: String?, environment: [String: String]) -> URL {
    if let flag = nonEmpty(flag) { return absolute(flag) }
    if let env = nonEmpty(environment["STARTWELL_DATA_DIR"]) { return absolute(env) }
    // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
    if let xdg = nonEmpty(environment["XDG_DATA_HOME"]), xdg.hasPrefix("/") {
      return URL(fileURLWithPath: xdg, isDirectory: true).appendingPathComponent(
        "startwell", isDirectory: true)
    }
    let home = nonEmpty(environment["HOME"]) ?? NSHomeDirectory()
    return URL(fileURLWithPath: home, isDirectory: true)
      .appendingPathComponent(".local/share/startwell", isDirectory: true)
  }

  /// `--config-dir`, then `STARTWELL_CONFIG_DIR`, then `./Config` when it holds
  /// `hubs.json`, then the `Config` folder of the source tree this binary was built from.
  static func configDirectory(flag: String?, environment: [String: String], sourceFile: String = #filePath)
    throws -> URL
  {
    if let flag = nonEmpty(flag) { return try existing(absolute(flag), from: "--config-dir") }
    if let env = nonEmpty(environment["STARTWELL_CONFIG_DIR"]) {
      return try existing(absolute(env), from: "STARTWELL_CONFIG_DIR")
    }
    let local = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
      .appendingPathComponent("Config", isDirectory: true)
    if hasHubs(local) { return local }
    if let tree = sourceTreeConfig(from: sourceFile) { return tree }
    throw CLIError(
      "no configuration found: pass --config-dir or set STARTWELL_CONFIG_DIR to a folder holding hubs.json")
  }

  /// Walks up from this source file (…/Sources/startwell/Environment/Context.swift)
  /// to the package root, so `swift run` finds `Config/` from any working directory.
  static func sourceTreeConfig(from sourceFile: String) -> URL? {
    var dir = URL(fileURLWithPath: sourceFile).deletingLastPathComponent()
    while dir.path != "/" && !dir.path.isEmpty {
      let candidate = dir.appendingPathComponent("Config", isDirectory: true)
      if hasHubs(candidate) { return candidate }
      dir = dir.deletingLastPathComponent()
    }
    return nil
  }

  private static func hasHubs(_ dir: URL) -> Bool {
    FileManager.default.fileExists(atPath: dir.appendingPathComponent("hubs.json").path)
  }

  private static func existing(_ dir: URL, from source: String) throws -> URL {
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDir), isDir.boolValue else {
      throw CLIError("\(source): configuration folder \(dir.path) does not exist")
    }
    return dir
  }

  private static func absolute(_ path: String) -> URL {
    let expanded = (path as NSString).expandingTildeInPath
    if expanded.hasPrefix("/") {
      return URL(fileURLWithPath: expanded, isDirectory: true).standardizedFileURL
    }
    return URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
      .appendingPathComponent(expanded, isDirectory: true).standardizedFileURL
  }

  private static func nonEmpty(_ s: String?) -> String? {
    guard let s, !s.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
    return s
  }
}

/// Reads the configuration folder's files and hands them to the core parser.
enum ConfigLoader {
  static func load(from dir: URL) throws -> Configuration {
    var files: [String: Data] = [:]
    for name in Configuration.fileNames {
      let url = dir.appendingPathComponent(name)
      // A missing file is left out; the parser then reports it by name.
      if let data = FileManager.default.contents(atPath: url.path) { files[name] = data }
    }
    do {
      return try ConfigurationParser.parse(files: files)
    } catch {
      // Name the full path so the person knows which copy of the file to fix.
      var located = error
      located.file = dir.appendingPathComponent(error.file).path
      throw located
    }
  }
}
