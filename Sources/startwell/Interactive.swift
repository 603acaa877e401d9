import Foundation
import StartWellCore
import StartWellStore

/// What `startwell` does with no subcommand.
///
/// Until the interactive client is wired in, it prints a short summary of the
/// store and the command help. The interactive client replaces this body; the
/// signature stays the same.
enum InteractiveLauncher {
  static func run(_ context: AppContext) throws {
    Terminal.print("StartWell")
    Terminal.print("  data folder      \(context.dataDirectory.path)")
    Terminal.print("  configuration    \(context.configDirectory.path)")
    if context.storeExists {
      let store = try context.openStore()
      let summary = try store.summary()
      Terminal.print("  device           \(store.deviceID)")
      Terminal.print("  users            \(summary.users)")
      Terminal.print("  families         \(summary.families)")
      Terminal.print("  open escalations \(summary.openEscalations)")
      if summary.users == 0 {
        Terminal.print("\nNo users yet: run `startwell init` to create the first admin, or `startwell demo`.")
      }
    } else {
      Terminal.print("  store            none yet")
      Terminal.print(
        "\nRun `startwell init` to create a store and its first admin, or `startwell demo --families 200` for demo data."
      )
    }
    Terminal.print()
    Terminal.print(StartWell.helpMessage())
  }
}
