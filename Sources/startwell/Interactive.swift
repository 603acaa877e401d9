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
    let sync = BackgroundSync(
      store: store, environment: environment, interval: BackgroundSync.interval(from: environment))
    let backend = try NCursesBackend(environment: environment)
    defer { backend.shutdown() }
    let client = StartWellClient(
      backend: backend, environment: appEnvironment(context, store: store, sync: sync))
    client.run()
  }

  /// `--headless-frame`: the same start as `run`, drawn to the test backend
  /// once everything the first screen asked for has arrived, printed, and
  /// done. Start-up can then be timed as a whole process.
  static func printFirstFrame(_ context: AppContext) throws {
    let store = try context.openStore(create: true)
    let backend = TestBackend(rows: 24, cols: 80)
    let client = StartWellClient(
      backend: backend, environment: appEnvironment(context, store: store, sync: nil))
    let deadline = ContinuousClock.now + .seconds(30)
    while ContinuousClock.now < deadline {
      // Read before the step: an effect posts its result and only then stops
      // counting as busy, so "not busy" read first means the step below has
      // drained every result there is.
      let wasBusy = client.isBusy
      let changed = client.step(timeout: .zero)
      if !changed && !wasBusy { break }
      if !changed { usleep(200) }
    }
    backend.draw(AppCore.view(client.state, size: client.state.size))
    print(backend.lines().joined(separator: "\n"))
  }

  private static func appEnvironment(_ context: AppContext, store: Store, sync: BackgroundSync?)
    -> AppEnvironment
  {
    let environment = ProcessInfo.processInfo.environment
    var credentials: Credentials?
    if let username = context.username, let password = environment[Login.passwordVariable] {
      credentials = Credentials(username: username, password: password)
    }
    let loader: DemoLoader = { store, progress in
      let samples = context.dataDirectory.appendingPathComponent(DemoData.samplesFolder)
      _ = try DemoData.load(into: store, families: demoFamilies, seed: demoSeed, samples: samples) { line in
        // The loader reports lines such as "families 400/2000".
        let parts = line.split(separator: " ")
        guard parts.count == 2, parts[0] == "families" else { return }
        let numbers = parts[1].split(separator: "/").compactMap { Int($0) }
        if numbers.count == 2 { progress(numbers[0], numbers[1]) }
      }
    }
    return AppEnvironment(
      store: store, credentials: credentials, sync: sync, demoLoader: loader, variables: environment)
  }
}
