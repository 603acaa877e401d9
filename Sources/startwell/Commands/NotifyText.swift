import Foundation
import StartWellCore
import StartWellStore
import TerminalUI

/// How notifications and their candidates read as text.
enum NotifyText {
  typealias Held = StartWellStore.Notification

  /// "Tobi Okafor": who it is about, as received.
  static func about(_ n: Held) -> String { "\(n.person.givenName) \(n.person.familyName)" }

  /// "attached to a member: P-ABC123", "not for us: out of area", or "-".
  static func outcome(_ n: Held, references: [String: String]) -> String {
    guard let decision = n.triage else { return "-" }
    let target = decision.target.map { references[$0] ?? $0 }
    let said = target ?? (n.triageNote.isEmpty ? nil : n.triageNote)
    return decision.outcome.title + (said.map { ": \($0)" } ?? "")
  }

  /// The notification as received, then its triage.
  static func printNotification(
    _ n: Held, queued: QueuedNotification?, config: Configuration, references: [String: String],
    users: [String: String]
  ) {
    let v = Sanitizer.visible
    let kind = config.intake.kind(n.kind)
    Terminal.print("\(n.reference)  \(kind?.name ?? n.kind.rawValue)  hub \(n.hubID)")
    Terminal.print("Received \(n.receivedAt.shortLocal) by \(v(users[n.receivedBy] ?? n.receivedBy))")
    if let q = queued, !n.isTriaged {
      let target = kind?.triageWorkingDays ?? 0
      Terminal.print(
        "Waited \(q.waitingWorkingDays) of \(target) working days; due \(q.due)\(q.overdue ? " (OVERDUE)" : "")"
      )
    }
    let p = n.person
    Terminal.print("About (\(kind?.subject ?? "person"), as received): \(v(about(n)))")
    for (label, value) in [
      ("Date of birth", p.dateOfBirth?.description), ("NHS number", p.nhsNumber), ("Postcode", p.postcode),
      ("Address", p.address),
    ] {
      Terminal.print("  \(label): \(v(value ?? "-"))")
    }
    for field in kind?.fields ?? [] {
      Terminal.print("  \(field.name): \(v(detail(n.details[field.id], field) ?? "-"))")
    }
    guard n.isTriaged else { return Terminal.print("Triage: not yet triaged") }
    let by = n.triagedBy.map { users[$0] ?? $0 } ?? "unknown"
    let at = n.triagedAt?.shortLocal ?? "unknown time"
    Terminal.print("Triage: \(v(outcome(n, references: references))) (by \(v(by)) at \(at))")
    // "Not for us" reads its reason and note in the outcome itself.
    if n.triage?.target != nil && !n.triageNote.isEmpty { Terminal.print("  Note: \(v(n.triageNote))") }
  }

  /// A field's value with its choices' names, as a person reads them.
  static func detail(_ value: CheckedNotification.DetailValue?, _ field: IntakeField) -> String? {
    guard let value else { return nil }
    let name = { (id: String) in field.choices.first { $0.id == id }?.name ?? id }
    switch value {
    case .text(let t): return field.choices.isEmpty ? t : name(t)
    case .list(let l): return l.map(name).joined(separator: ", ")
    }
  }

  /// The candidates, best first; those outside the user's sight by reference, hub and score only.
  static func printCandidates(_ candidates: [OfferedCandidate], heading: String) {
    guard !candidates.isEmpty else { return Terminal.print("No one held matches.") }
    Terminal.print(heading)
    var table = Table(
      "PERSON", "FAMILY", "HUB", "SCORE", "STRENGTH", "MATCHED ON", "NAME", "BORN", "POSTCODE")
    for c in candidates {
      guard let d = c.detail else {
        table.add(c.personReference, "-", c.hubID, String(c.score), "-", "(outside your hubs)", "-", "-", "-")
        continue
      }
      table.add(
        c.personReference, d.familyReference, c.hubID, String(c.score), d.strength.rawValue,
        d.fields.map(\.rawValue).joined(separator: ", "), "\(d.known.givenName) \(d.known.familyName)",
        d.known.dateOfBirth?.description ?? "-", d.known.postcode ?? "-")
    }
    table.print(indent: "  ")
  }
}
