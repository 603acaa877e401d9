import Foundation

/// One line of a family's case history.
public struct ChronologyEntry: Hashable, Sendable, Codable {
  public enum Kind: String, Sendable, Codable {
    case contact, escalation, referral, development, huddle, action, caseEvent = "case"
    case riskOverride = "risk-override"
    case notification
  }

  public var at: Date
  public var kind: Kind
  /// The record the entry came from, so a screen can open it in full.
  public var recordID: String
  public var title: String
  public var detail: String
  public var significant: Bool
  public var by: String?
  /// For a record kept as a calendar date (a development check, a huddle):
  /// that date, shown as it is; `at` is only its place in the order.
  public var day: LocalDate?

  public init(
    at: Date, kind: Kind, recordID: String, title: String, detail: String, significant: Bool, by: String?,
    day: LocalDate? = nil
  ) {
    self.day = day
    self.at = at
    self.kind = kind
    self.recordID = recordID
    self.title = title
    self.detail = detail
    self.significant = significant
    self.by = by
  }
}

/// A notification's triage onto a member of a family, as the family's
/// chronology shows it.
public struct TriageEvent: Hashable, Sendable {
  public var notificationID: String
  /// N-…
  public var reference: String
  public var kind: NotificationKind
  public var outcome: TriageOutcome
  /// The member it landed on.
  public var personID: String?
  /// Who sent it (`Notification.source`).
  public var source: String?
  public var receivedAt: Date
  public var triagedAt: Date
  /// The user who triaged it (an id).
  public var triagedBy: String?
  public var note: String
  /// Two triage decisions made apart wait for a person to choose one.
  public var disputed: Bool

  public init(
    notificationID: String, reference: String, kind: NotificationKind, outcome: TriageOutcome,
    personID: String?, source: String?, receivedAt: Date, triagedAt: Date, triagedBy: String?, note: String,
    disputed: Bool
  ) {
    self.notificationID = notificationID
    self.reference = reference
    self.kind = kind
    self.outcome = outcome
    self.personID = personID
    self.source = source
    self.receivedAt = receivedAt
    self.triagedAt = triagedAt
    self.triagedBy = triagedBy
    self.note = note
    self.disputed = disputed
  }
}

/// Merges a family's records into one history, in date order (SPEC section 3.2).
///
/// Workflow records contribute one entry per step taken (an escalation's
/// raising, acknowledgement and decision; each referral status), so whoever
/// picks the case up can read what happened without opening each record.
public enum Chronology {
  public static func build(
    contacts: [Contact], escalations: [Escalation],
    referrals: [Referral], development: [DevelopmentRecord],
    huddleItems: [(item: HuddleItem, date: LocalDate)] = [], actions: [CaseAction] = [],
    riskOverrides: [RiskOverrideDecision] = [], triages: [TriageEvent] = [],
    people: [String: String], users: [String: String], config: Configuration
  ) -> [ChronologyEntry] {
    var entries = triages.map { triageEntry($0, people: people, users: users, config: config) }
    for o in riskOverrides {
      let was = o.previous?.rawValue ?? "none"
      entries.append(
        ChronologyEntry(
          at: o.decidedAt, kind: .riskOverride, recordID: o.id,
          title: o.band.map { "Risk band overridden: \(was) → \($0.rawValue)" }
            ?? "Risk override cleared (was \(was))",
          detail: o.reason, significant: true, by: users[o.decidedBy]))
    }
    for c in contacts {
      let present = c.presentPersonIDs.compactMap { people[$0] }
      var detail = c.notes
      if !present.isEmpty {
        detail = "Present: \(present.joined(separator: ", "))" + (detail.isEmpty ? "" : "\n\(detail)")
      }
      if c.inError {
        // Kept as recorded, so the history never changes under anyone; marked so nobody relies on it.
        detail = "Entered in error: \(c.errorReason ?? "")" + (detail.isEmpty ? "" : "\n\(detail)")
      } else if let f = c.followUp {
        detail +=
          (detail.isEmpty ? "" : "\n")
          + (c.followUpDone ? "Follow-up done (was due \(f))" : "Follow-up due \(f)")
      }
      entries.append(
        ChronologyEntry(
          at: c.at, kind: .contact, recordID: c.meta.id,
          title: (c.inError ? "[entered in error] " : "") + "\(contactKind(c, config)): \(c.summary)",
          detail: detail, significant: c.significant, by: users[c.practitionerID]))
    }
    for e in escalations {
      entries.append(
        ChronologyEntry(
          at: e.raisedAt, kind: .escalation, recordID: e.meta.id,
          title:
            "Escalation \(e.reference) raised: \(e.fromLevel.title) → \(e.toLevel.title) (\(e.urgency.rawValue))",
          detail: e.reason, significant: true, by: users[e.raisedBy]))
      if let at = e.acknowledgedAt {
        entries.append(
          ChronologyEntry(
            at: at, kind: .escalation, recordID: e.meta.id,
            title: "Escalation \(e.reference) acknowledged",
            detail: e.acknowledgedNote ?? "", significant: false, by: e.acknowledgedBy.flatMap { users[$0] }))
      }
      if let decidedAt = e.decidedAt, [.accepted, .declined, .steppedDown].contains(e.status) {
        let verb =
          switch e.status {
          case .accepted: "accepted: case stepped up to \(e.toLevel.title)"
          case .declined: "declined"
          default: "stepped down"
          }
        entries.append(
          ChronologyEntry(
            at: decidedAt, kind: .escalation, recordID: e.meta.id, title: "Escalation \(e.reference) \(verb)",
            detail: e.decisionNote ?? "", significant: true, by: e.decidedBy.flatMap { users[$0] }))
      }
    }
    for r in referrals {
      let who = people[r.personID] ?? "unknown person"
      for status in ReferralStatus.allCases {
        guard let at = r.statusDates[status.rawValue] else { continue }
        var detail = status == .draft ? r.reason : ""
        if status == .closed {
          detail = [r.outcome, r.unsuccessfulReason?.rawValue].compactMap { $0 }.joined(separator: "; ")
        }
        entries.append(
          ChronologyEntry(
            at: at, kind: .referral, recordID: r.meta.id,
            title:
              "Referral \(r.reference) to \(config.serviceName(r.service)) for \(who): \(status.rawValue)",
            detail: detail, significant: status == .declined || r.service == "csc", by: nil))
      }
    }
    for d in development {
      let who = people[d.personID] ?? "child"
      entries.append(
        ChronologyEntry(
          at: d.recordedOn.startOfDay, kind: .development, recordID: d.meta.id,
          title: "Development \(d.term) for \(who): WellComm \(d.wellComm.rawValue)",
          detail:
            "Communication \(d.communication.rawValue), physical \(d.physical.rawValue), PSED \(d.personalSocialEmotional.rawValue)"
            + (d.notes.isEmpty ? "" : "\n\(d.notes)"),
          significant: d.wellComm == .red, by: users[d.meta.authorID], day: d.recordedOn))
    }
    for (item, date) in huddleItems {
      entries.append(
        ChronologyEntry(
          at: date.startOfDay, kind: .huddle, recordID: item.meta.id,
          title: "Huddle decision: \(item.decision)",
          detail: item.discussion, significant: false, by: users[item.meta.authorID], day: date))
    }
    for a in actions {
      let owner = users[a.ownerID] ?? "unknown user"
      entries.append(
        ChronologyEntry(
          at: a.meta.createdAt, kind: .action, recordID: a.meta.id,
          title: "Action set for \(owner), due \(a.due): \(a.description)",
          detail: "", significant: false, by: users[a.meta.authorID]))
      if a.status == .done {
        // Actions marked done before their completion was recorded carry only the record's last change.
        entries.append(
          ChronologyEntry(
            at: a.doneAt ?? a.meta.updatedAt, kind: .action, recordID: a.meta.id,
            title: "Action done: \(a.description)", detail: a.doneNote ?? "", significant: false,
            by: a.doneBy.flatMap { users[$0] }))
      }
    }
    return ordered(entries)
  }

  /// A triage: who, when, the outcome, the notification's kind, reference
  /// and source, and the note. A domestic abuse notification is significant.
  static func triageEntry(
    _ t: TriageEvent, people: [String: String], users: [String: String], config: Configuration
  ) -> ChronologyEntry {
    let kind = config.intake.kind(t.kind)
    let who = t.personID.flatMap { people[$0] }.map { " (\($0))" } ?? ""
    let sourceName = kind.flatMap { $0.field($0.sourceField)?.name } ?? "Source"
    var lines = [
      [t.source.map { "\(sourceName): \($0)" }, "received \(LocalDate(t.receivedAt))"]
        .compactMap { $0 }.joined(separator: "; ")
    ]
    if t.disputed {
      lines.append("Disputed: two triage decisions were made apart; it counts once a person chooses one")
    }
    if !t.note.isEmpty { lines.append(t.note) }
    return ChronologyEntry(
      at: t.triagedAt, kind: .notification, recordID: t.notificationID,
      title: "\(kind?.name ?? t.kind.rawValue) \(t.reference) triaged: \(t.outcome.title)\(who)",
      detail: lines.joined(separator: "\n"), significant: t.kind == .domesticAbuse,
      by: t.triagedBy.flatMap { users[$0] })
  }

  private static func ordered(_ entries: [ChronologyEntry]) -> [ChronologyEntry] {
    // Stable order: by time, then by kind and id so equal times never shuffle
    // between runs; one record's steps at the same instant keep the order
    // they happened in (an action is set before it is done).
    return entries.enumerated().sorted {
      ($0.element.at, $0.element.kind.rawValue, $0.element.recordID, $0.offset)
        < ($1.element.at, $1.element.kind.rawValue, $1.element.recordID, $1.offset)
    }.map(\.element)
  }

  /// A contact's type, with the approach it belongs to: "Group session (ELKLAN)".
  static func contactKind(_ c: Contact, _ config: Configuration) -> String {
    let type = config.contactTypeName(c.type)
    guard let approach = c.approach else { return type }
    return "\(type) (\(config.approachSettings.name(approach)))"
  }
}

extension DisplayZone {
  /// When a chronology entry happened, as a person reads it: a time on this
  /// zone's clock, or the calendar date of a dated record, which never moves.
  public func when(_ entry: ChronologyEntry, labelled: Bool = false) -> String {
    if let day = entry.day { return day.description }
    return labelled ? self.labelled(entry.at) : dateTime(entry.at)
  }

  /// The zone's abbreviations over the timed entries, for the chronology's heading.
  public func abbreviations(of entries: [ChronologyEntry], otherwise: Date) -> String {
    abbreviations(across: entries.filter { $0.day == nil }.map(\.at), otherwise: otherwise)
  }
}
