import GRDB
import StartWellCore

extension Store {
  /// Imports the eligibility list for a term (`IntakeColumns.eligibility`;
  /// the term in force when nil). Each row is matched against the people
  /// held: a certain match marks the child eligible; a row that could be
  /// more than one child, or is not sure enough, waits in the triage queue
  /// of `hub` (the user's only hub when nil); an unmatched row is reported.
  public func importTwoYearList(
    _ table: IntakeTable, term: String? = nil, hub: String? = nil, dryRun: Bool = false, as user: User
  ) throws -> ImportReport {
    try importTwoYearOffer(table, kind: .eligibility, term: term, hub: hub, dryRun: dryRun, as: user) {
      row, term, hub in NotificationDraft.twoYearEligibility(row, term: term, hubID: hub)
    }
  }

  /// Imports a setting's roll of children taking a funded place in a term
  /// (`IntakeColumns.roll`), matched as the eligibility list is.
  public func importRoll(
    _ table: IntakeTable, setting: String, term: String? = nil, hub: String? = nil, dryRun: Bool = false,
    as user: User
  ) throws -> ImportReport {
    guard !setting.trimmed.isEmpty else {
      throw DomainError.invalid([FieldIssue(field: "setting", rule: "required", message: "is required")])
    }
    return try importTwoYearOffer(table, kind: .roll, term: term, hub: hub, dryRun: dryRun, as: user) {
      row, term, hub in NotificationDraft.twoYearPlace(row, term: term, setting: setting, hubID: hub)
    }
  }

  private func importTwoYearOffer(
    _ table: IntakeTable, kind: ImportKind, term name: String?, hub: String?, dryRun: Bool, as user: User,
    draft: (IntakeRow, String, String) -> NotificationDraft
  ) throws -> ImportReport {
    try Permissions.require(user, .takeInNotifications)
    let term = try config.terms.offerTerm(named: name, on: today)
    let hub = try NotificationDraft.importHub(hub, config: config, hubs: user.hubs)
    return try write(as: user) { tx in
      var pass = ImportPass(tx, kind: kind, dryRun: dryRun, term: term.name)
      for row in table.rows {
        try pass.row(row) {
          try checkTakeIn(draft(row, term.name, hub), as: user)
        } place: { pass, checked in
          try pass.place(checked, among: matchCandidates(for: checked.person, limit: 5, in: tx.db))
        }
      }
      try pass.audit(entity: .twoYearOffer, about: "term \(term.name)")
      return pass.report
    }
  }
}

extension ImportPass {
  /// Where a row of the two-year offer's lists goes, by the matcher's
  /// decision: onto the one child it is sure of, into the triage queue when
  /// a person must choose (never guessed), or reported as unmatched.
  func place(_ checked: CheckedNotification, among candidates: [MatchCandidate]) throws
    -> ImportRowReport.Outcome
  {
    switch PersonMatcher.decide(candidates.map(\.score)) {
    case .matched(let index):
      return try record(checked, on: candidates[index])
    case .ambiguous:
      if let held = try heldReference(checked) { return .ambiguous(reference: held, alreadyHeld: true) }
      return .ambiguous(reference: try takeIn(checked), alreadyHeld: false)
    case .unmatched:
      return .unmatched
    }
  }

  /// Fills the child's two-year offer for the term from the row: eligible
  /// with its code from the list, taken up at the setting from a roll.
  private func record(_ checked: CheckedNotification, on child: MatchCandidate) throws
    -> ImportRowReport.Outcome
  {
    guard let term = checked.details["term"]?.text else { return .unmatched }
    let held = try Row.fetchOne(
      tx.db, sql: "SELECT eligible, code, taken_up, setting FROM two_year_offer WHERE id = ? AND deleted = 0",
      arguments: [TwoYearOfferID.of(child: child.personID, term: term)])
    let fields: [String: FieldValue]
    let alreadyRecorded: Bool
    if checked.kind == .twoYearEligibility {
      let code = checked.details["code"]?.text ?? ""
      fields = ["eligible": .of(true), "code": .text(code), "listed_on": .of(tx.today)]
      alreadyRecorded =
        held.map { ($0["eligible"] as Bool?) == true && ($0["code"] as String?) == code } ?? false
    } else {
      let setting = checked.details["setting"]?.text ?? ""
      fields = ["taken_up": .of(true), "setting": .text(setting), "place_on": .of(tx.today)]
      alreadyRecorded =
        held.map { ($0["taken_up"] as Bool?) == true && ($0["setting"] as String?) == setting } ?? false
    }
    if apply && !alreadyRecorded {
      try tx.recordTwoYearOffer(personID: child.personID, familyID: child.familyID, term: term, fields)
      ImportCrashPoint.afterRow()
    }
    return .matched(personReference: child.personReference, alreadyRecorded: alreadyRecorded)
  }
}
