import Foundation
import StartWellCore
import StartWellStore
import TerminalUI

/// Forms for the safeguarding-critical fields of a family and for undoing a
/// decision: consent to share, a supervisor's risk override, and reopening a
/// decided escalation. Each is checked against the same rule as its command
/// before it opens; the store checks again when it is saved.
enum SafeguardingForms {
  /// Why `user` may not do `permission` on a family of `hub`, or nil if they may.
  /// `roleRefusal` is the sentence for a role that never may.
  static func refusal(_ user: User?, _ permission: Permission, hub: String, roleRefusal: String)
    -> StatusMessage?
  {
    guard let user else { return StatusMessage(roleRefusal, isError: true) }
    do throws(DomainError) {
      try Permissions.requireWrite(user, permission, familyHub: hub)
      return nil
    } catch {
      let role = Permissions.allows(user.role, permission)
      return StatusMessage(role && user.active ? error.description : roleRefusal, isError: true)
    }
  }

  static func canOverrideRisk(_ user: User?, hub: String) -> Bool {
    refusal(user, .superviseCaseloads, hub: hub, roleRefusal: "") == nil
  }

  // MARK: Consent

  static func consent(detail: FamilyDetail, today: LocalDate) -> FormState {
    let fam = detail.family
    let current = fam.consent.map { "\($0.rawValue) on \(fam.consentDate?.description ?? "an unknown day")" }
    var form = FormState(
      kind: .consent(familyID: fam.meta.id, familyReference: fam.reference),
      title: "Consent to share for \(fam.name) (now \(current ?? "not recorded"))",
      fields: [
        FormField(
          "consent", "Consent",
          .choice(Consent.allCases.map { Choice(id: $0.rawValue, name: $0.rawValue) }, selected: 0),
          hint: "to share across hubs"),
        FormField(
          "date", "Date", .text(TextField(text: today.description, maxLength: 10)),
          hint: "YYYY-MM-DD, not after today"),
      ])
    if let c = fam.consent { form.setChoice("consent", to: c.rawValue) }
    return form
  }

  static func submitConsent(_ form: FormState, familyID: String, familyReference: String, today: LocalDate)
    -> FormOutcome
  {
    guard let consent = form.choice("consent").flatMap(Consent.init(rawValue:)) else {
      return .invalid([FieldIssue(field: "consent", rule: "required", message: "is required")], nil)
    }
    let text = form.text("date").trimmed
    guard let day = LocalDate(text) else {
      let message = text.isEmpty ? "is required" : "'\(text)' is not a date like \(today)"
      return .invalid([FieldIssue(field: "date", rule: "format", message: message)], nil)
    }
    // The store's rule, checked here too so the form answers at once.
    if day > today {
      return .invalid(
        [
          FieldIssue(
            field: "date", rule: "not-future", message: "consent cannot be dated after today (\(today))")
        ], nil)
    }
    return .request(.consent(familyID: familyID, familyReference: familyReference, consent, on: day))
  }

  // MARK: Risk override

  /// The choice that clears an existing override.
  static let clearChoice = "clear"

  static func riskOverride(detail: FamilyDetail) -> FormState {
    let fam = detail.family
    let risk = detail.risk
    var bands = RiskBand.allCases.map { Choice(id: $0.rawValue, name: Format.band($0)) }
    if risk.override != nil {
      bands.append(Choice(id: clearChoice, name: "clear the override"))
    }
    let now =
      risk.override.map {
        "overridden to \(Format.band($0)), score \(risk.score) gives \(Format.band(risk.band))"
      }
      ?? "score \(risk.score) gives \(Format.band(risk.band))"
    var form = FormState(
      kind: .riskOverride(familyID: fam.meta.id, familyReference: fam.reference),
      title: "Risk band for \(fam.name) (\(now))",
      fields: [
        FormField(
          "band", "Band", .choice(bands, selected: 0),
          hint: risk.override == nil ? "whatever the score says" : nil),
        FormField(
          "reason", "Reason", .text(TextField(maxLength: Limits.note)), hint: "required; kept in the audit"),
      ])
    form.setChoice("band", to: risk.effectiveBand.rawValue)
    return form
  }

  static func submitRiskOverride(_ form: FormState, familyID: String, familyReference: String) -> FormOutcome
  {
    let choice = form.choice("band") ?? ""
    let band = RiskBand(rawValue: choice)
    if band == nil && choice != clearChoice {
      return .invalid([FieldIssue(field: "band", rule: "required", message: "choose a band")], nil)
    }
    let reason = form.text("reason")
    if let issues = reasonIssues(reason) { return .invalid(issues, nil) }
    return .request(
      .riskOverride(familyID: familyID, familyReference: familyReference, band: band, reason: reason.trimmed))
  }

  // MARK: Reopen an escalation

  /// The decided escalations that may be reopened, oldest first.
  static func reopenable(_ escalations: [Escalation]) -> [Escalation] {
    escalations.filter { EscalationWorkflow.reopenable.contains($0.status) }
  }

  static func reopen(
    _ escalations: [Escalation], selecting reference: String?, familyID: String, familyName: String
  ) -> FormState {
    let options = reopenable(escalations).map {
      Choice(
        id: $0.reference,
        name: "\($0.reference) \($0.status.rawValue): \($0.fromLevel.title) → \($0.toLevel.title)")
    }
    // Reopening an accepted step-up also steps the case back; say so up front.
    let consequence =
      escalations.contains { $0.status == .accepted }
      ? "an accepted step-up also steps the case back" : "it goes back to acknowledged"
    var form = FormState(
      kind: .reopenEscalation(familyID: familyID),
      title: "Reopen an escalation of \(familyName): \(consequence)",
      fields: [
        FormField("escalation", "Escalation", .choice(options, selected: max(0, options.count - 1))),
        FormField(
          "reason", "Reason", .text(TextField(maxLength: Limits.note)), hint: "required; kept in the audit"),
      ])
    if let reference { form.setChoice("escalation", to: reference) }
    return form
  }

  static func submitReopen(_ form: FormState, familyID: String) -> FormOutcome {
    guard let reference = form.choice("escalation") else {
      return .invalid([], "There is no decided escalation to reopen.")
    }
    let reason = form.text("reason")
    if let issues = reasonIssues(reason) { return .invalid(issues, nil) }
    return .request(.reopen(escalation: reference, familyID: familyID, reason: reason.trimmed))
  }

  /// The store's rule for a reason (one line, required, within the limit).
  static func reasonIssues(_ reason: String) -> [FieldIssue]? {
    var v = Validator()
    v.line("reason", reason, max: Limits.note, required: true)
    return v.issues.isEmpty ? nil : v.issues
  }
}
