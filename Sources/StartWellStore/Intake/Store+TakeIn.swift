import Foundation
import GRDB
import StartWellCore

/// A notification taken in: the record, and whether it was already held
/// (the same notification received before, here or on another terminal).
public struct TakeInResult: Hashable, Sendable {
  public var notification: Notification
  public var alreadyHeld: Bool
}

extension Store {
  /// Takes in one notification, as typed or sent by a partner.
  public func takeIn(_ draft: NotificationDraft, as user: User) throws -> TakeInResult {
    let checked = try checkTakeIn(draft, as: user)
    return try write(as: user) { tx in try tx.takeIn(checked) }
  }

  /// The rules every notification passes before it is written: the user
  /// may take in notifications and sees this kind, and the draft is valid.
  public func checkTakeIn(_ draft: NotificationDraft, as user: User) throws -> CheckedNotification {
    try Permissions.require(user, .takeInNotifications)
    try requireSees(draft.kind, user)
    return try draft.validated(config: config, hubs: user.hubs, today: today)
  }

  /// A role that does not see a kind of notification (`intake.json`) neither takes it in nor triages it.
  func requireSees(_ kind: NotificationKind, _ user: User) throws {
    guard config.intake.visible(kind, to: user.role) else {
      let roles = config.intake.kind(kind)?.visibleTo.map(\.rawValue).sorted() ?? []
      let name = config.intake.kind(kind)?.name.lowercased() ?? kind.rawValue
      throw DomainError.forbidden(
        "\(user.username) is a \(user.role.rawValue); \(name)s are seen only by \(roles.isEmpty ? "nobody" : roles.joined(separator: " or ")) (intake.json)"
      )
    }
  }
}

extension ChangeRecorder {
  /// Writes a checked notification unless it is already held. Its id is
  /// made from what was received, so taking in the same one again, here or
  /// elsewhere, adds nothing.
  ///
  /// The triage fields are left unwritten (empty columns, no operation):
  /// the same notification taken in on two terminals apart is two makings
  /// of one record, and an empty triage written by the later making would
  /// otherwise stand as a rival of, or even outrank, a triage made from the
  /// earlier one.
  public func takeIn(_ n: CheckedNotification) throws -> TakeInResult {
    let id = NotificationID.of(n)
    if let held = try Row.fetchOne(
      db, sql: "SELECT \(Notification.columns) FROM notification n WHERE n.id = ?", arguments: [id])
    {
      return TakeInResult(notification: Notification(row: held), alreadyHeld: true)
    }
    let reference = try newReference(prefix: "N", table: "notification")
    let p = n.person
    try insert(
      .notification, id: id,
      [
        "reference": .text(reference), "kind": .text(n.kind.rawValue), "hub_id": .text(n.hubID),
        "received_at": .of(at), "received_by": .text(user.id), "given_name": .text(p.givenName),
        "family_name": .text(p.familyName), "date_of_birth": .of(p.dateOfBirth),
        "nhs_number": .of(p.nhsNumber),
        "postcode": .text(p.postcode ?? ""), "address": .text(p.address ?? ""),
        "details": .text(n.detailsJSON),
      ])
    // The audit names the notification, never the person it is about.
    try audit(
      "notification-take-in", entity: .notification, recordID: id, familyID: nil,
      detail: "\(n.kind.rawValue) notification \(reference) taken in for hub \(n.hubID)")
    let row = try Row.fetchOne(
      db, sql: "SELECT \(Notification.columns) FROM notification n WHERE n.id = ?", arguments: [id])!
    return TakeInResult(notification: Notification(row: row), alreadyHeld: false)
  }
}
