import StartWellCore
import StartWellStore
import TerminalUI

/// Moving between screens, and what each screen loads when it appears.
enum Navigation {
  static func goHome(_ s: inout AppState) -> [Effect] { HomeScreen.show(&s) }

  static func goFamilies(_ s: inout AppState) -> [Effect] { FamiliesScreen.show(&s) }

  /// Opens a family. One outside the user's hubs asks for a reason first
  /// (break the glass); the reason is written to the audit log.
  static func openFamily(id: String, reference: String, name: String, hub: String?, _ s: inout AppState)
    -> [Effect]
  {
    if let hub, let user = s.user, !user.hubs.contains(hub) {
      s.overlay = .prompt(
        PromptState(
          title: "\(reference) belongs to the \(hub) hub, outside yours",
          label: "Reason for opening it (recorded in the audit log):",
          purpose: .breakGlass(familyID: id, reference: reference, name: name),
          required: true))
      return []
    }
    return open(id: id, reference: reference, name: name, reason: nil, &s)
  }

  static func open(id: String, reference: String, name: String, reason: String?, _ s: inout AppState)
    -> [Effect]
  {
    s.family = FamilyState(id: id, reference: reference, name: name)
    if let i = s.routes.lastIndex(of: .family) { s.routes.removeSubrange(i...) }
    s.push(.family)
    return [.openFamily(id: id, reason: reason)]
  }

  static func back(_ s: inout AppState) -> [Effect] {
    switch s.route {
    case .families where s.routes.count == 1:
      return goHome(&s)
    case _ where s.routes.count == 1:
      s.message = StatusMessage("Press Q to quit.")
      return []
    default:
      s.pop()
      return Screens.screen(for: s.route)?.reappear(&s) ?? []
    }
  }
}
