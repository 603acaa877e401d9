import StartWellCore

extension Store {
  /// Imports a file of partners' notifications (`IntakeColumns.notifications`),
  /// every row checked as a typed one is. Good rows are taken in, all in one
  /// transaction, unless `dryRun`; a notification already held (imported
  /// before, or typed) is reported with its reference and not taken in again.
  public func importNotifications(
    _ table: IntakeTable, kind: NotificationKind?, dryRun: Bool = false, as user: User
  ) throws -> ImportReport {
    try Permissions.require(user, .takeInNotifications)
    if let kind {
      try requirePartnerKind(kind)
      try requireSees(kind, user)
    }
    return try write(as: user) { tx in
      var pass = ImportPass(tx, kind: .notifications, dryRun: dryRun)
      var kinds: Set<String> = kind.map { [$0.rawValue] } ?? []
      for row in table.rows {
        try pass.row(row) {
          let draft = try NotificationDraft.notification(row, kind: kind, config: config.intake)
          let checked = try checkTakeIn(draft, as: user)
          kinds.insert(checked.kind.rawValue)
          return checked
        } place: { pass, checked in
          if let held = try pass.heldReference(checked) { return .alreadyHeld(reference: held) }
          return .accepted(reference: try pass.takeIn(checked))
        }
      }
      try pass.audit(
        entity: .notification, about: kinds.isEmpty ? "no kind" : kinds.sorted().joined(separator: ", "))
      return pass.report
    }
  }

  /// `notify add` and `notify import` take the kinds a partner sends; the
  /// two-year offer's kinds come from its own lists.
  public func requirePartnerKind(_ kind: NotificationKind) throws {
    guard NotificationKind.partners.contains(kind) else {
      throw DomainError.invalid([
        FieldIssue(
          field: "kind", rule: "partner",
          message:
            "'\(kind.rawValue)' notifications come from the two-year offer's lists (twos import, roll import); use \(NotificationKind.partners.map(\.rawValue).joined(separator: ", "))"
        )
      ])
    }
  }
}
