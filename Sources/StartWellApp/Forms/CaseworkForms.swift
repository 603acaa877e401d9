import Foundation
import StartWellCore
import StartWellStore
import TerminalUI

/// Builders for the casework forms on a family, and how each is submitted.
enum CaseworkForms {
  static func contact(detail: FamilyDetail, config: Configuration, now: Date, zone: DisplayZone) -> FormState
  {
    let members = detail.members.map { Choice(id: $0.meta.id, name: $0.givenName) }
    var form = FormState(
      kind: .contact(familyID: detail.family.meta.id), title: "Log a contact with \(detail.family.name)",
      fields: [
        FormField("type", "Type", .choice(config.contactTypes, selected: 0)),
        FormField(
          "time", "When", .text(TextField(text: zone.dateTime(now), maxLength: 16)),
          hint: "YYYY-MM-DD HH:MM \(zone.abbreviation(at: now))"),
        FormField(
          "present", "Present", .multiToggle(members, on: [], cursor: 0),
          hint: members.isEmpty ? "no members" : "←/→ Space"),
        FormField("summary", "Summary", .text(TextField(maxLength: Limits.summary))),
        FormField(
          "notes", "Notes", .multiline(TextField(maxLength: Limits.notes, isMultiline: true), rows: 4)),
        FormField("significant", "Significant", .toggle(false), hint: "shown marked in the chronology"),
        FormField("follow-up", "Follow-up", .text(TextField(maxLength: 10)), hint: "YYYY-MM-DD, optional"),
      ])
    followContactType(&form, config: config)
    return form
  }

  /// The approach field, shown while the chosen type is one that belongs to
  /// an approach (a group session, an intervention). "none" first: not
  /// every group session is part of one.
  static func followContactType(_ form: inout FormState, config: Configuration) {
    guard case .contact = form.kind else { return }
    let settings = config.approachSettings
    let carries = form.choice("type").map(settings.allowed(onContactType:)) ?? false
    let options =
      [Choice(id: "", name: "none")] + settings.approaches.map { Choice(id: $0.id, name: $0.name) }
    form.show(
      FormField("approach", "Approach", .choice(options, selected: 0), hint: "the approach it belongs to"),
      after: "type", when: carries && !settings.approaches.isEmpty)
  }

  static func submitContact(
    _ form: FormState, familyID: String, config: Configuration, now: Date, zone: DisplayZone
  ) -> FormOutcome {
    var issues: [FieldIssue] = []
    var at: Date?
    switch zone.instant(from: form.text("time")) {
    case .success(let entry): at = entry.at
    case .failure(let problem):
      issues.append(FieldIssue(field: "time", rule: "format", message: problem.description))
    }
    let followText = form.text("follow-up").trimmed
    var followUp: LocalDate?
    if !followText.isEmpty {
      followUp = LocalDate(followText)
      if followUp == nil {
        issues.append(
          FieldIssue(
            field: "follow-up", rule: "format", message: "'\(followText)' is not a date like 2025-03-28"))
      }
    }
    let draft = ContactDraft(
      type: form.choice("type") ?? "", at: at ?? now, summary: form.text("summary"),
      notes: form.text("notes"),
      significant: form.flag("significant"), followUp: followUp, presentPersonIDs: form.selection("present"),
      approach: form.choice("approach").flatMap { $0.isEmpty ? nil : $0 })
    do throws(DomainError) {
      try draft.validate(config: config, now: now, zone: zone)
    } catch {
      issues += error.issues
      if error.issues.isEmpty { return .invalid(issues, error.description) }
    }
    return issues.isEmpty ? .request(.contact(familyID: familyID, draft)) : .invalid(issues, nil)
  }

  static func escalation(detail: FamilyDetail) -> FormState {
    let level = detail.openCase?.level ?? .universal
    let targets = CaseLevelWorkflow.escalationTargets(from: level).map {
      Choice(id: $0.rawValue, name: $0.title)
    }
    var form = FormState(
      kind: .escalation(familyID: detail.family.meta.id, from: level),
      title: "Escalate \(detail.family.name) from \(level.title)",
      fields: [
        FormField("to level", "To level", .choice(targets, selected: 0)),
        FormField(
          "urgency", "Urgency",
          .choice(Urgency.allCases.map { Choice(id: $0.rawValue, name: $0.rawValue) }, selected: 0)),
        FormField(
          "reason", "Reason", .multiline(TextField(maxLength: Limits.reason, isMultiline: true), rows: 5)),
      ])
    if detail.openCase?.status != .open { form.error = "This family has no open case to escalate." }
    if targets.isEmpty { form.error = "The case is already at the highest level." }
    return form
  }

  static func submitEscalation(_ form: FormState, familyID: String, from level: CaseLevel) -> FormOutcome {
    guard let to = form.choice("to level").flatMap(CaseLevel.init(rawValue:)) else {
      return .invalid([], "The case is already at the highest level.")
    }
    let draft = EscalationDraft(
      toLevel: to, reason: form.text("reason"),
      urgency: form.choice("urgency").flatMap(Urgency.init) ?? .routine)
    do throws(DomainError) {
      try draft.validate(currentLevel: level)
    } catch {
      return .invalid(error.issues, error.issues.isEmpty ? error.description : nil)
    }
    return .request(.escalation(familyID: familyID, draft))
  }

  static func newReferral(detail: FamilyDetail, config: Configuration) -> FormState {
    let people = detail.members.map {
      Choice(id: $0.reference, name: "\($0.fullName) (\($0.relationship.rawValue))")
    }
    var form = FormState(
      kind: .newReferral(familyID: detail.family.meta.id),
      title: "Record a referral for \(detail.family.name)",
      fields: [
        FormField("person", "For", .choice(people, selected: 0)),
        FormField("service", "Service", .choice(config.services, selected: 0)),
        FormField(
          "reason", "Reason", .multiline(TextField(maxLength: Limits.reason, isMultiline: true), rows: 4)),
        FormField("consent", "Consent", .toggle(false), hint: "the family agreed to the referral"),
      ])
    if people.isEmpty { form.error = "Add a person to the family first (p)." }
    return form
  }

  static func submitNewReferral(_ form: FormState, familyID: String, config: Configuration) -> FormOutcome {
    guard let person = form.choice("person") else {
      return .invalid([], "Add a person to the family first (p).")
    }
    let draft = ReferralDraft(
      service: form.choice("service") ?? "", reason: form.text("reason"),
      consentRecorded: form.flag("consent"))
    do throws(DomainError) {
      try draft.validate(config: config)
    } catch {
      return .invalid(error.issues, error.issues.isEmpty ? error.description : nil)
    }
    return .request(.newReferral(familyID: familyID, personReference: person, draft))
  }

  static func advanceReferral(
    _ referral: Referral, familyID: String, personName: String, config: Configuration
  ) -> FormState {
    let next = ReferralWorkflow.allowed(from: referral.status).map {
      Choice(id: $0.rawValue, name: $0.rawValue)
    }
    let reasons =
      [Choice(id: "", name: "(none)")]
      + UnsuccessfulReason.allCases.map { Choice(id: $0.rawValue, name: $0.rawValue) }
    var form = FormState(
      kind: .advanceReferral(familyID: familyID, reference: referral.reference),
      title:
        "Referral \(referral.reference) to \(config.serviceName(referral.service)) for \(personName): \(referral.status.rawValue)",
      fields: [
        FormField("status", "Move to", .choice(next, selected: 0)),
        FormField("outcome", "Outcome", .text(TextField(maxLength: Limits.reason)), hint: "optional"),
        FormField(
          "unsuccessful reason", "Unsuccessful", .choice(reasons, selected: 0),
          hint: "when declined or closed"),
      ])
    if next.isEmpty { form.error = "This referral is closed; it cannot move on." }
    return form
  }

  static func submitAdvanceReferral(_ form: FormState, familyID: String, reference: String) -> FormOutcome {
    guard let status = form.choice("status").flatMap(ReferralStatus.init(rawValue:)) else {
      return .invalid([], "This referral is closed; it cannot move on.")
    }
    let outcome = form.text("outcome").trimmed
    let reason = form.choice("unsuccessful reason").flatMap(UnsuccessfulReason.init(rawValue:))
    return .request(
      .advanceReferral(
        familyID: familyID, reference: reference, status: status, outcome: outcome.isEmpty ? nil : outcome,
        reason: reason))
  }
}

/// What submitting a form produced.
enum FormOutcome: Equatable, Sendable {
  case request(SaveRequest)
  case filter(FamilyFilter)
  case invalid([FieldIssue], String?)
}
