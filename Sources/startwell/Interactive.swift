import Foundation
import StartWellApp
import StartWellCore
import StartWellStore
import TerminalUI

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What `startwell` does with no subcommand: opens the interactive client on
/// the data folder, creating an empty store on first run (the client then
/// offers demo data). `--as USER` with `STARTWELL_PASSWORD` skips the login screen.
///
/// Once the data folder has joined a share, the client syncs with it in the
/// background every `STARTWELL_SYNC_INTERVAL` seconds (5 by default) and
/// soon after each save; the key comes from the key file recorded at
/// `share join`, or from `STARTWELL_SHARE_PASSPHRASE`.
enum InteractiveLauncher {
  /// The demo load offered by an empty store.
  static let demoFamilies = 2_000
  static let demoSeed: UInt64 = 1

  static func run(_ context: AppContext) throws {
    guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
      throw CLIError(
        "the interactive client needs a terminal; for scripts use a subcommand (see `startwell --help`)")
    }
    let store = try context.openStore(create: true)
    let environment = ProcessInfo.processInfo.environment
    var credentials: Credentials?
    if let username = context.username, let password = environment[Login.passwordVariable] {
      credentials = Credentials(username: username, password: password)
    }
    let loader: DemoLoader = { store, progress in
      _ = try DemoData.load(into: store, families: demoFamilies, seed: demoSeed) { line in
        // The loader reports lines such as "families 400/2000".
        let parts = line.split(separator: " ")
        guard parts.count == 2, parts[0] == "families" else { return }
        let numbers = parts[1].split(separator: "/").compactMap { Int($0) }
        if numbers.count == 2 { progress(numbers[0], numbers[1]) }
      }
    }
    let sync = BackgroundSync(
      store: store, environment: environment, interval: BackgroundSync.interval(from: environment))
    let backend = try NCursesBackend(environment: environment)
    defer { backend.shutdown() }
    let client = StartWellClient(
      backend: backend,
      environment: AppEnvironment(
        store: store, credentials: credentials, sync: sync, demoLoader: loader, variables: environment))
    client.run()
  }
}
