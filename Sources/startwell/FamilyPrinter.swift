import Foundation
import StartWellCore
import StartWellStore
import TerminalUI

/// The human-readable family record: header, consent, case, risk, members,
/// chronology (oldest first, significant events marked `!`) and open work.
struct FamilyPrinter {
  var detail: FamilyDetail
  var config: Configuration

  private func v(_ text: String?) -> String { Sanitizer.visible(text ?? "") }

  func print() {
    let d = detail
    let f = d.family
    if case .breakGlass(let reason) = d.access {
      Terminal.print("Opened outside your hubs; reason recorded in the audit: \(v(reason))")
      Terminal.print()
    }
    Terminal.print("Family \(f.reference)  \(v(f.name))")
    let address = [f.address, f.postcode].filter { !$0.isEmpty }.joined(separator: ", ")
    Terminal.print("  Address    \(v(address))")
    let hubName = config.hub(f.hubID)?.name ?? f.hubID
    let sdf = config.sdfName(f.sdfID).map { " · SDF \($0)" } ?? ""
    Terminal.print("  Hub        \(v(hubName))\(v(sdf))")
    let consent =
      f.consent.map { "\($0.rawValue)" + (f.consentDate.map { " on \($0)" } ?? "") } ?? "not recorded"
    Terminal.print("  Consent    \(consent)")

    Terminal.print()
    if let c = d.openCase {
      let since = c.status == .closed ? c.closedOn ?? c.openedOn : c.openedOn
      Terminal.print("Case (\(c.status.rawValue) since \(since))")
      if let reason = c.closureReason, c.status == .closed { Terminal.print("  Closed       \(v(reason))") }
      Terminal.print("  Level        \(c.level.title)")
      Terminal.print("  Lead         \(v(d.userName(c.leadUserID) ?? "none"))")
      Terminal.print("  Next review  \(c.nextReview?.description ?? "not set")")
      if c.flaggedForHuddle { Terminal.print("  Flagged for huddle") }
    } else {
      Terminal.print("Case: none open")
    }

    Terminal.print()
    let override = d.risk.override.map { ", overridden to \($0.rawValue)" } ?? ""
    Terminal.print("Risk: score \(d.risk.score), \(d.risk.band.rawValue)\(override)")
    for r in d.risk.reasons {
      Terminal.print("  +\(r.weight) \(v(r.name))" + (r.detail.isEmpty ? "" : " (\(v(r.detail)))"))
    }

    Terminal.print()
    Terminal.print("Members")
    if d.members.isEmpty {
      Terminal.print("  none recorded")
    } else {
      var table = Table("REFERENCE", "NAME", "RELATIONSHIP", "BORN", "NHS")
      for p in d.members {
        let born = p.expected ? "expected \(p.dateOfBirth)" : p.dateOfBirth.description
        table.add(p.reference, p.fullName, p.relationship.rawValue, born, p.nhsNumber ?? "-")
      }
      table.print(indent: "  ")
    }

    Terminal.print()
    let zones = CLIZone.zone.abbreviations(of: d.chronology, otherwise: Date())
    Terminal.print("Chronology (oldest first, times in \(zones); ! marks a significant event)")
    if d.chronology.isEmpty { Terminal.print("  nothing recorded yet") }
    for entry in d.chronology {
      let mark = entry.significant ? "!" : " "
      let by = entry.by.map { " (\(v($0)))" } ?? ""
      Terminal.print(
        "\(mark) \(DisplayWidth.pad(CLIZone.zone.when(entry), toWidth: 16))  \(v(entry.title))\(by)")
      // Each stored line is escaped on its own, so notes keep their shape without raw control characters.
      for line in entry.detail.split(separator: "\n", omittingEmptySubsequences: true) {
        Terminal.print("                      \(v(String(line)))")
      }
    }

    Terminal.print()
    Terminal.print("Open actions")
    if d.openActions.isEmpty { Terminal.print("  none") }
    for a in d.openActions {
      let id = ShortID.of(a.meta.id)
      Terminal.print(
        "  \(v(String(id)))  due \(a.due)  \(v(a.description))  (\(v(d.userName(a.ownerID) ?? "unassigned")))"
      )
    }
    Terminal.print("Follow-ups")
    if d.openFollowUps.isEmpty { Terminal.print("  none") }
    for c in d.openFollowUps {
      let due = c.followUp?.description ?? ""
      Terminal.print("  due \(due)  \(v(c.summary))  (\(v(d.userName(c.practitionerID) ?? "")))")
    }
  }
}
