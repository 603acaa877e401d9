import Foundation
import GRDB
import StartWellCore

/// An action as a lead types it on a huddle item: `OWNER|DUE|TEXT`.
public struct HuddleActionText: Sendable, Equatable {
  public var raw: String
  public init(_ raw: String) { self.raw = raw }

  /// The owner, due date and text, or nil when the text does not have three parts.
  var draft: ActionDraft? {
    let parts = raw.split(separator: "|", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
    guard parts.count == 3 else { return nil }
    return ActionDraft(owner: parts[0].trimmed, due: parts[1].trimmed, text: parts[2].trimmed)
  }
}

extension Store {
  /// Records the discussion, the decision and any actions on a family at an
  /// open huddle. The family need not be on the agenda: one that is not
  /// joins the end of the running order. Recording again replaces the
  /// discussion and decision and adds the new actions.
  ///
  /// Everything is checked before anything is written: one bad action
  /// leaves the item and the other actions unwritten.
  @discardableResult
  public func recordHuddleItem(
    huddle huddleText: String, familyReference: String, discussion: String, decision: String,
    actions: [HuddleActionText] = [], as user: User
  ) throws -> HuddleItem {
    try write(as: user) { tx in
      let huddle = try tx.openHuddle(huddleText, as: user)
      var v = Validator()
      v.text("discussion", discussion, max: Limits.notes, multiline: true)
      v.line("decision", decision, max: Limits.notes)
      try v.check()
      let family = try tx.huddleFamily(familyReference, huddle: huddle)
      var drafts: [(ActionDraft, User, LocalDate)] = []
      var problems: [FieldIssue] = []
      for (n, text) in actions.enumerated() {
        let field = "action \(n + 1)"
        guard let draft = text.draft else {
          problems.append(
            FieldIssue(
              field: field, rule: "format",
              message:
                "'\(text.raw)' is not OWNER|DUE|TEXT (a username, a date YYYY-MM-DD and what is to be done)"))
          continue
        }
        let owner = try tx.user(named: draft.owner)
        do {
          let due = try draft.validated(today: tx.today, ownerUser: owner, familyHub: family.hubID)
          drafts.append((draft, owner!, due))
        } catch let error as DomainError {
          problems += error.issues.map {
            FieldIssue(field: "\(field) \($0.field)", rule: $0.rule, message: $0.message)
          }
        }
      }
      if !problems.isEmpty { throw DomainError.invalid(problems) }

      let item = try tx.huddleItem(huddle: huddle, family: family, origin: "added")
      try tx.update(
        .huddleItem, id: item.meta.id,
        [
          "discussion": .text(discussion.trimmed), "decision": .text(decision.trimmed),
          "state": .of(HuddleItemState.discussed),
        ])
      for (draft, owner, due) in drafts {
        let id = UUID().uuidString.lowercased()
        try tx.insert(
          .action, id: id,
          [
            "family_id": .text(family.meta.id), "case_id": .text(item.caseID),
            "huddle_item_id": .text(item.meta.id), "description": .text(draft.text.trimmed),
            "owner_id": .text(owner.id), "due": .of(due), "status": .of(ActionStatus.open), "done_at": .null,
            "done_note": .null,
            "done_by": .null,
          ])
        try tx.audit(
          "create", entity: .action, recordID: id, familyID: family.meta.id,
          detail:
            "action \(ShortID.of(id)) set at the huddle of \(huddle.date) for \(owner.username), due \(due)")
      }
      try tx.audit(
        "huddle-record", entity: .huddleItem, recordID: item.meta.id, familyID: family.meta.id,
        detail: "\(family.reference) discussed at the huddle of \(huddle.date): \(decision.trimmed)")
      return HuddleItem(row: try tx.row(.huddleItem, item.meta.id))
    }
  }
}

extension ChangeRecorder {
  /// The open huddle `text` names (its id or at least 8 characters of it),
  /// for a user who may run huddles in its hub.
  func openHuddle(_ text: String, as user: User) throws -> Huddle {
    try Permissions.require(user, .runHuddle)
    let id: String
    do {
      id = try recordID(.huddle, matching: text)
    } catch DomainError.notFound {
      throw DomainError.invalid([
        FieldIssue(field: "huddle", rule: "unknown", message: "no huddle with id '\(text.trimmed)'")
      ])
    } catch let DomainError.invalid(issues) {
      throw DomainError.invalid(
        issues.map { FieldIssue(field: "huddle", rule: $0.rule, message: $0.message) })
    }
    let huddle = Huddle(row: try row(.huddle, id))
    guard user.hubs.contains(huddle.hubID) else {
      throw DomainError.forbidden(
        "this huddle belongs to hub \(huddle.hubID); \(user.username) runs huddles only for \(user.hubs.joined(separator: ", "))"
      )
    }
    try requireOpen(huddle)
    return huddle
  }

  /// The family `reference` names, with an open case, in the huddle's hub.
  func huddleFamily(_ reference: String, huddle: Huddle) throws -> Family {
    let familyID: String
    do {
      familyID = try id(of: .family, reference: reference)
    } catch DomainError.notFound {
      throw DomainError.invalid([
        FieldIssue(
          field: "family", rule: "unknown", message: "no family with reference '\(reference.trimmed)'")
      ])
    }
    let family = try family(familyID)
    guard family.hubID == huddle.hubID else {
      throw DomainError.invalid([
        FieldIssue(
          field: "family", rule: "hub",
          message: "\(family.reference) belongs to hub \(family.hubID), not this huddle's hub \(huddle.hubID)"
        )
      ])
    }
    return family
  }

  /// The family's item at the huddle, made at the end of the running order
  /// (for `origin`) when it has none.
  func huddleItem(huddle: Huddle, family: Family, origin: String) throws -> HuddleItem {
    let id = HuddleID.item(huddleID: huddle.meta.id, familyID: family.meta.id)
    if try itemExists(id) { return HuddleItem(row: try row(.huddleItem, id)) }
    let openCase = try openCase(familyID: family.meta.id, purpose: "discussing it at a huddle")
    let position = try lastPosition(huddleID: huddle.meta.id) + 1
    try insert(
      .huddleItem, id: id,
      [
        "huddle_id": .text(huddle.meta.id), "family_id": .text(family.meta.id),
        "case_id": .text(openCase.meta.id),
        "position": .integer(Int64(position)), "state": .of(HuddleItemState.pending),
        "origin": .json([origin]),
      ])
    try audit(
      "huddle-add", entity: .huddleItem, recordID: id, familyID: family.meta.id,
      detail: "\(family.reference) added to the huddle of \(huddle.date)")
    return HuddleItem(row: try row(.huddleItem, id))
  }
}
