import Foundation

/// The records StartWell keeps today. Adding a field or an entity starts here.
extension RecordRegistry {
  public static let current = RecordRegistry(
    version: 10,
    entities: [
      user, device, auditEvent, family, person, caseRecord, contact, escalation, referral, development,
      action, huddle,
      huddleItem, netMark, riskOverride, notification, twoYearOffer,
    ])

  private static let user = EntitySpec(
    "user", table: "users", familyColumn: nil, write: .selfOr(.manageUsers),
    invariants: [
      .unique(
        field: "username", resolution: "an admin renames one of the accounts (startwell user rename)")
    ],
    fields: [
      FieldSpec("username", .text(max: 32), rule: Rules.username, write: .permission(.manageUsers)),
      FieldSpec("display_name", .text(max: Limits.name), write: .selfOr(.manageUsers)),
      FieldSpec(
        "role", .choice(Role.self), empty: .text(Role.practitioner.rawValue), write: .permission(.manageUsers)
      ),
      FieldSpec("hubs", .list, empty: .text("[]"), write: .permission(.manageUsers)),
      FieldSpec("active", .flag, empty: .integer(1), write: .permission(.manageUsers)),
      // The user's Ed25519 public key, and its private half sealed under their
      // password (`WrappedKey`). A password change rewrites both; every
      // terminal then refuses the old key's signatures from that clock on.
      FieldSpec("public_key", .text(max: 64), rule: Rules.publicKey, write: .selfOr(.manageUsers)),
      FieldSpec("wrapped_key", .text(max: 256), write: .selfOr(.manageUsers)),
    ])

  /// A terminal enrolled on the share. Only its revocation travels as a
  /// record: its key is in its `device.json`, and its batches after
  /// `revoked_after` are refused everywhere once an admin revokes it.
  private static let device = EntitySpec(
    "device", table: "device", familyColumn: nil, write: .permission(.manageUsers),
    fields: [
      FieldSpec("revoked", .flag, empty: .integer(0), merge: .tombstone),
      FieldSpec("revoked_after", .integer, empty: .integer(0), merge: .appendOnly),
      FieldSpec("revoke_reason", .text(max: Limits.notes)),
    ])

  /// An access that changes no record (a family viewed, the glass broken,
  /// an export), kept so that supervisors of the family's hub see it from
  /// every terminal. Written once and never changed, signed like any change.
  private static let auditEvent = EntitySpec(
    "audit_event", table: "audit_event", familyColumn: nil, write: .permission(.viewFamilies),
    fields: [
      FieldSpec("action", .text(max: 64), merge: .appendOnly),
      FieldSpec("entity_name", .text(max: 32), merge: .appendOnly),
      FieldSpec("record_id", .text(max: 64), merge: .appendOnly),
      FieldSpec("family_id", .optionalText(max: 64), merge: .appendOnly),
      FieldSpec("hub_id", .optionalText(max: 64), merge: .appendOnly),
      FieldSpec("detail", .text(max: Limits.notes), merge: .appendOnly),
    ])

  private static let family = EntitySpec(
    "family", table: "family", familyColumn: "id", write: .permission(.editFamily),
    invariants: [.unique(field: "reference", resolution: "both families are kept; open either by its id")],
    localColumns: [
      "flag_score", "last_contact_day", "case_level", "case_lead_id", "case_id", "case_next_review",
      "case_opened_on", "antenatal_until", "domestic_abuse_until", "notice_day", "two_year_waiting",
      "development_below",
    ],
    fields: [
      FieldSpec("reference", .text(max: 16), merge: .appendOnly),
      FieldSpec("name", .text(max: 400)),
      FieldSpec("address", .text(max: Limits.address)),
      FieldSpec("postcode", .text(max: 10), rule: Rules.postcode),
      FieldSpec("hub_id", .text(max: 64)),
      FieldSpec("sdf_id", .optionalText(max: 64)),
      FieldSpec("consent", .optionalChoice(Consent.self), merge: .conflictOnConcurrentEdit),
      FieldSpec("consent_date", .optionalDay),
      FieldSpec("lead_user_id", .optionalReference(.user)),
      FieldSpec(
        "risk_override", .optionalChoice(RiskBand.self), merge: .conflictOnConcurrentEdit,
        write: .created(.editFamily, initial: .null, then: .superviseCaseloads)),
    ])

  private static let person = EntitySpec(
    "person", table: "person", familyColumn: "family_id", write: .permission(.editFamily),
    fields: [
      FieldSpec("reference", .text(max: 16), merge: .appendOnly),
      FieldSpec("family_id", .reference(.family)),
      FieldSpec("given_name", .text(max: Limits.name)),
      FieldSpec("family_name", .text(max: Limits.name)),
      FieldSpec("date_of_birth", .day),
      FieldSpec("expected", .flag, empty: .integer(0)),
      FieldSpec("sex", .choice(Sex.self), empty: .text(Sex.unknown.rawValue)),
      FieldSpec("relationship", .choice(Relationship.self), empty: .text(Relationship.other.rawValue)),
      FieldSpec("nhs_number", .optionalText(max: 10), rule: Rules.nhsNumber),
      FieldSpec("first_language", .optionalText(max: 40)),
      FieldSpec("interpreter_needed", .flag, empty: .integer(0)),
      FieldSpec("send_status", .flag, empty: .integer(0)),
      FieldSpec("ehcp", .flag, empty: .integer(0)),
      FieldSpec("flags", .list, empty: .text("[]"), merge: .addWinsByKey),
    ])

  private static let caseRecord = EntitySpec(
    "case", table: "cases", familyColumn: "family_id", write: .permission(.editFamily),
    invariants: [
      .onePer(
        scope: ["family_id"], condition: "status = 'open'",
        resolution: "the older open case is the family's case; a supervisor closes the other")
    ],
    decisionsInOwnHubs: true,
    fields: [
      FieldSpec("family_id", .reference(.family)),
      FieldSpec("status", .choice(CaseStatus.self), empty: .text(CaseStatus.open.rawValue)),
      FieldSpec("opened_on", .day),
      FieldSpec("closed_on", .optionalDay),
      FieldSpec("closure_reason", .optionalText(max: Limits.reason)),
      // Set when the case opens; after that only a supervisor's decision moves it.
      FieldSpec(
        "level", .choice(CaseLevel.self), empty: .text(CaseLevel.universal.rawValue),
        merge: .conflictOnConcurrentEdit, write: .created(.editFamily, then: .decideEscalation)),
      FieldSpec("lead_user_id", .optionalReference(.user)),
      FieldSpec("next_review", .optionalDay),
      FieldSpec("flagged_for_huddle", .flag, empty: .integer(0)),
    ])

  /// Contacts are append-only: what was recorded stays as recorded.
  private static let contact = EntitySpec(
    "contact", table: "contact", familyColumn: "family_id", write: .permission(.logContact),
    fields: [
      FieldSpec("family_id", .reference(.family), merge: .appendOnly),
      FieldSpec("practitioner_id", .reference(.user), merge: .appendOnly),
      FieldSpec("at", .timestamp, merge: .appendOnly),
      FieldSpec("type", .text(max: 64), empty: .text("other"), merge: .appendOnly),
      FieldSpec("summary", .text(max: Limits.summary), merge: .appendOnly),
      FieldSpec("notes", .text(max: Limits.notes), merge: .appendOnly),
      FieldSpec("significant", .flag, empty: .integer(0), merge: .appendOnly),
      FieldSpec("follow_up", .optionalDay),
      FieldSpec("follow_up_done", .flag, empty: .integer(0)),
      FieldSpec("present", .list, empty: .text("[]"), merge: .appendOnly),
      FieldSpec("follow_up_done_at", .optionalTimestamp),
      FieldSpec("follow_up_done_by", .optionalReference(.user)),
      FieldSpec("follow_up_note", .optionalText(max: Limits.note)),
      // Entered in error: the contact stays as recorded, in the history, and
      // no longer counts (last contact, follow-ups, metrics). Once marked, it stays marked.
      FieldSpec("in_error", .flag, empty: .integer(0), merge: .tombstone),
      FieldSpec("error_reason", .optionalText(max: Limits.reason)),
      // The local approach (`approaches.json`) a group session or an
      // intervention belongs to; null for every other contact. The gate
      // checks its shape here; that it names a configured approach, on a
      // contact type that carries one, is checked where it is written
      // (`ContactDraft.validate`), since terminals may hold different
      // configurations and must still agree on every synced verdict.
      FieldSpec("approach", .optionalText(max: 64), rule: Rules.approach, merge: .appendOnly),
    ])

  private static let raised = WriteRule.created(.raiseEscalation, then: .decideEscalation)

  /// Raising needs a casework role; every later step needs a supervisor.
  private static let escalation = EntitySpec(
    "escalation", table: "escalation", familyColumn: "family_id", write: raised,
    invariants: [.unique(field: "reference", resolution: "both escalations are kept; decide each by its id")],
    decisionsInOwnHubs: true,
    transition: TransitionSpec(
      state: "status",
      fields: [
        "acknowledged_by", "acknowledged_at", "acknowledged_note", "decided_by", "decided_at",
        "decision_note",
      ],
      moves: EscalationWorkflow.moves,
      effects: [.init(entity: "case", field: "level", via: "case_id")]),
    fields: [
      FieldSpec("reference", .text(max: 16), merge: .appendOnly),
      FieldSpec("family_id", .reference(.family), merge: .appendOnly),
      FieldSpec("case_id", .reference(.caseRecord), merge: .appendOnly),
      FieldSpec("from_level", .choice(CaseLevel.self), empty: .text("universal"), merge: .appendOnly),
      FieldSpec("to_level", .choice(CaseLevel.self), empty: .text("universal"), merge: .appendOnly),
      FieldSpec("reason", .text(max: Limits.reason), merge: .appendOnly),
      FieldSpec("urgency", .choice(Urgency.self), empty: .text("routine"), merge: .appendOnly),
      FieldSpec("raised_by", .reference(.user), merge: .appendOnly),
      FieldSpec("raised_at", .timestamp, merge: .appendOnly),
      FieldSpec(
        "status", .choice(EscalationStatus.self), empty: .text("raised"),
        write: .created(.raiseEscalation, initial: .text("raised"), then: .decideEscalation)),
      FieldSpec("acknowledged_by", .optionalReference(.user), write: decision),
      FieldSpec("acknowledged_at", .optionalTimestamp, write: decision),
      FieldSpec("acknowledged_note", .optionalText(max: Limits.note), write: decision),
      FieldSpec("decided_by", .optionalReference(.user), write: decision),
      FieldSpec("decided_at", .optionalTimestamp, write: decision),
      FieldSpec("decision_note", .optionalText(max: Limits.note), write: decision),
    ])

  /// A decision field starts empty when the escalation is raised.
  private static let decision = WriteRule.created(.raiseEscalation, initial: .null, then: .decideEscalation)

  private static let referral = EntitySpec(
    "referral", table: "referral", familyColumn: "family_id",
    write: .created(.addReferral, then: .updateReferral),
    invariants: [.unique(field: "reference", resolution: "both referrals are kept; update each by its id")],
    transition: TransitionSpec(
      state: "status", fields: ["outcome", "unsuccessful_reason"], moves: ReferralWorkflow.moves),
    fields: [
      FieldSpec("reference", .text(max: 16), merge: .appendOnly),
      FieldSpec("family_id", .reference(.family)),
      FieldSpec("person_id", .reference(.person)),
      FieldSpec("service", .text(max: 64)),
      FieldSpec("reason", .text(max: Limits.reason)),
      FieldSpec("consent_recorded", .flag, empty: .integer(0)),
      FieldSpec("status", .choice(ReferralStatus.self), empty: .text("draft")),
      FieldSpec("status_dates", .object, empty: .text("{}"), merge: .addWinsByKey),
      FieldSpec("outcome", .optionalText(max: Limits.reason)),
      FieldSpec("unsuccessful_reason", .optionalChoice(UnsuccessfulReason.self)),
    ])

  /// A child's development check for one school term. Its id is made from
  /// the child and the term (`DevelopmentID`), so a second record for the
  /// same child and term, on this terminal or another one offline, is an
  /// edit of the first and merges with it field by field.
  private static let development = EntitySpec(
    "development", table: "development", familyColumn: "family_id", write: .permission(.editFamily),
    invariants: [
      .onePer(
        scope: ["person_id", "term"], condition: "1",
        resolution: "records for one child and term share an id made from both, so they merge field by field")
    ],
    madeFromKey: true,
    fields: [
      FieldSpec("person_id", .reference(.person), merge: .appendOnly),
      FieldSpec("family_id", .reference(.family)),
      FieldSpec("term", .text(max: 32), merge: .appendOnly),
      FieldSpec("recorded_on", .day),
      FieldSpec("wellcomm", .choice(WellCommBand.self), empty: .text("green")),
      FieldSpec("communication", .choice(EYFSRating.self), empty: .text("on-track")),
      FieldSpec("physical", .choice(EYFSRating.self), empty: .text("on-track")),
      FieldSpec("personal_social_emotional", .choice(EYFSRating.self), empty: .text("on-track")),
      // Rated only in the child's reception year; null before it.
      FieldSpec("literacy", .optionalChoice(EYFSRating.self)),
      FieldSpec("maths", .optionalChoice(EYFSRating.self)),
      FieldSpec("setting", .text(max: Limits.name)),
      FieldSpec("notes", .text(max: Limits.notes)),
    ])

  private static let action = EntitySpec(
    "action", table: "action", familyColumn: "family_id", write: .permission(.editFamily),
    fields: [
      FieldSpec("family_id", .reference(.family)),
      FieldSpec("case_id", .reference(.caseRecord)),
      FieldSpec("huddle_item_id", .optionalReference(.huddleItem)),
      FieldSpec("description", .text(max: Limits.reason)),
      FieldSpec("owner_id", .reference(.user)),
      FieldSpec("due", .day),
      FieldSpec("status", .choice(ActionStatus.self), empty: .text("open")),
      FieldSpec("done_at", .optionalTimestamp),
      FieldSpec("done_by", .optionalReference(.user)),
      // What the owner said when marking it done ("visited; family engaged").
      FieldSpec("done_note", .optionalText(max: Limits.note)),
    ])

  /// One huddle of an SDF on one day. Its id is made from the hub, the SDF
  /// and the day (`HuddleID`), so two leads who start it on two terminals
  /// while apart make one record that merges field by field.
  private static let huddle = EntitySpec(
    "huddle", table: "huddle", familyColumn: nil, write: .permission(.runHuddle), decisionsInOwnHubs: true,
    madeFromKey: true,
    fields: [
      FieldSpec("hub_id", .text(max: 64)),
      FieldSpec("sdf_id", .optionalText(max: 64)),
      FieldSpec("date", .day),
      // Who attended, as user ids: a set, so attendees recorded on two
      // terminals are all kept.
      FieldSpec("attendees", .list, empty: .text("[]"), merge: .addWinsByKey),
      FieldSpec("lead_id", .optionalReference(.user)),
      // Closing is final: once closed on any terminal the huddle stays
      // closed whatever the clocks, and a reopening is refused everywhere.
      FieldSpec("closed", .flag, empty: .integer(0), merge: .tombstone),
      FieldSpec("closed_at", .optionalTimestamp),
      FieldSpec("closed_by", .optionalReference(.user)),
    ])

  /// One family discussed (or to be discussed) at a huddle. Its id is made
  /// from the huddle and the family, so a family recorded at the same huddle
  /// on two terminals is one item; two different discussions or decisions
  /// are kept side by side as a conflict for a person to settle.
  private static let huddleItem = EntitySpec(
    "huddle_item", table: "huddle_item", familyColumn: "family_id", write: .permission(.runHuddle),
    decisionsInOwnHubs: true, madeFromKey: true,
    fields: [
      FieldSpec("huddle_id", .reference(.huddle)),
      FieldSpec("family_id", .reference(.family)),
      FieldSpec("case_id", .reference(.caseRecord)),
      FieldSpec("discussion", .text(max: Limits.notes), merge: .conflictOnConcurrentEdit),
      FieldSpec("decision", .text(max: Limits.notes), merge: .conflictOnConcurrentEdit),
      // The item's place in the huddle's running order; reordering rewrites it.
      FieldSpec("position", .integer, empty: .integer(0)),
      FieldSpec("state", .choice(HuddleItemState.self), empty: .text(HuddleItemState.pending.rawValue)),
      // Why the family is on the agenda (agenda rule ids, or "added"): a set.
      FieldSpec("origin", .list, empty: .text("[]"), merge: .addWinsByKey),
    ])
}

extension RecordRegistry {
  /// A supervisor's mark on one row of the net (a child under one rule):
  /// seen, with a note, or assigned to a practitioner of the child's hub.
  /// Its id is made from the child and the rule (`NetMarkID`), so two
  /// terminals marking the same row write one record and merge it field by
  /// field. `fingerprint` holds the rule's facts when marked; the net shows
  /// the mark only while the facts still match it.
  static let netMark = EntitySpec(
    "net_mark", table: "net_mark", familyColumn: "family_id", write: .permission(.superviseCaseloads),
    decisionsInOwnHubs: true, madeFromKey: true,
    fields: [
      FieldSpec("family_id", .reference(.family), merge: .appendOnly),
      FieldSpec("person_id", .reference(.person), merge: .appendOnly),
      FieldSpec("rule", .text(max: 64), merge: .appendOnly),
      FieldSpec("status", .choice(NetMarkStatus.self), empty: .text(NetMarkStatus.seen.rawValue)),
      FieldSpec("fingerprint", .text(max: 128)),
      FieldSpec("note", .text(max: Limits.note)),
      FieldSpec("marked_by", .reference(.user)),
      FieldSpec("marked_at", .timestamp),
      FieldSpec("assignee_id", .optionalReference(.user)),
    ])
}

extension RecordRegistry {
  /// A supervisor's override of a family's risk band, or its clearing, with
  /// the reason: one record per decision, written once and never changed,
  /// so every terminal holds who decided what, when and why, and the
  /// chronology lists every decision. The band in force is the family's
  /// `risk_override`, where two terminals overriding at once make a conflict
  /// for a person to settle; the decision whose band is in force explains it.
  static let riskOverride = EntitySpec(
    "risk_override", table: "risk_override", familyColumn: "family_id",
    write: .permission(.superviseCaseloads), decisionsInOwnHubs: true,
    fields: [
      FieldSpec("family_id", .reference(.family), merge: .appendOnly),
      // Empty when the decision clears the override.
      FieldSpec("band", .optionalChoice(RiskBand.self), merge: .appendOnly),
      FieldSpec("previous", .optionalChoice(RiskBand.self), merge: .appendOnly),
      FieldSpec("reason", .text(max: Limits.note), merge: .appendOnly),
      FieldSpec("decided_by", .reference(.user), merge: .appendOnly),
      FieldSpec("decided_at", .timestamp, merge: .appendOnly),
    ])
}

extension RecordRegistry {
  /// A partner's notification (antenatal, GP early notification, domestic
  /// abuse) or a row of the two-year offer's lists that waits for a person.
  /// The person's details are kept as received and never rewritten: triage
  /// records its outcome beside them. Its id is made from what was received
  /// (`NotificationID`), so the same notification taken in twice, on one
  /// terminal or two, is one record. `person_id` is local, read from
  /// `triage` by a trigger (`Schema.intake`).
  static let notification = EntitySpec(
    "notification", table: "notification", familyColumn: nil,
    write: .created(.takeInNotifications, then: .triageNotifications), localColumns: ["person_id"],
    decisionsInOwnHubs: true, madeFromKey: true,
    fields: [
      FieldSpec("reference", .text(max: 16), merge: .appendOnly),
      FieldSpec("kind", .choice(NotificationKind.self), empty: .text("gp-early"), merge: .appendOnly),
      // The hub that took it in; it stays there, whichever family it lands on.
      FieldSpec("hub_id", .text(max: 64), merge: .appendOnly),
      FieldSpec("received_at", .timestamp, merge: .appendOnly),
      FieldSpec("received_by", .reference(.user), merge: .appendOnly),
      // As received: no rule, because a partner's typing error is evidence too.
      FieldSpec("given_name", .text(max: Limits.name), merge: .appendOnly),
      FieldSpec("family_name", .text(max: Limits.name), merge: .appendOnly),
      FieldSpec("date_of_birth", .optionalDay, merge: .appendOnly),
      FieldSpec("nhs_number", .optionalText(max: 16), merge: .appendOnly),
      FieldSpec("postcode", .text(max: 10), merge: .appendOnly),
      FieldSpec("address", .text(max: Limits.address), merge: .appendOnly),
      // The kind's own fields (`Config/intake.json`), by field id.
      FieldSpec("details", .details, empty: .text("{}"), merge: .appendOnly),
      FieldSpec(
        "triage", .optionalText(max: 80), rule: Rules.triage, merge: .conflictOnConcurrentEdit,
        write: triageStep),
      FieldSpec("triage_note", .text(max: Limits.note), write: triageStep),
      FieldSpec("triaged_by", .optionalReference(.user), write: triageStep),
      FieldSpec("triaged_at", .optionalTimestamp, write: triageStep),
    ])

  /// Triage fields start empty when a notification is taken in.
  private static let triageStep = WriteRule.created(
    .takeInNotifications, initial: .null, then: .triageNotifications)

  /// Whether one child was eligible for a funded two-year-old place in one
  /// term, and whether a setting's roll shows them taking it up. Its id is
  /// made from the child and the term, so the eligibility list and the rolls,
  /// imported on any terminal and in any order, fill one record.
  static let twoYearOffer = EntitySpec(
    "two_year_offer", table: "two_year_offer", familyColumn: "family_id",
    write: .permission(.takeInNotifications),
    invariants: [
      .onePer(
        scope: ["person_id", "term"], condition: "deleted = 0",
        resolution: "records for one child and term share an id made from both, so they merge field by field")
    ],
    madeFromKey: true,
    fields: [
      FieldSpec("person_id", .reference(.person), merge: .appendOnly),
      FieldSpec("family_id", .reference(.family)),
      FieldSpec("term", .text(max: 32), merge: .appendOnly),
      FieldSpec("eligible", .flag, empty: .integer(0)),
      FieldSpec("code", .text(max: 32)),
      FieldSpec("listed_on", .optionalDay),
      FieldSpec("taken_up", .flag, empty: .integer(0)),
      FieldSpec("setting", .text(max: Limits.name)),
      FieldSpec("place_on", .optionalDay),
    ])
}

/// Domain rules that hold for a value wherever it was written.
public enum Rules {
  public static let username = FieldRule { value in
    guard case .text(let s) = value else { return nil }
    return Usernames.problem(s)
  }

  public static let postcode = FieldRule { value in
    guard case .text(let s) = value, !s.isEmpty else { return nil }
    return Postcode.normalise(s) == nil ? "'\(s)' is not a UK postcode" : nil
  }

  /// An Ed25519 public key: 32 bytes in base64 (or empty, for a record made before keys).
  public static let publicKey = FieldRule { value in
    guard case .text(let s) = value, !s.isEmpty else { return nil }
    guard s.utf8.count == 44, let raw = Data(base64Encoded: s), raw.count == 32 else {
      return "is not a public key"
    }
    return nil
  }

  public static let triage = FieldRule { value in
    guard case .text(let s) = value else { return nil }
    return TriageDecision(text: s) == nil ? "'\(s)' is not a triage outcome" : nil
  }

  /// An approach is named by its configured id.
  public static let approach = FieldRule { value in
    guard case .text(let s) = value else { return nil }
    return ConfigurationParser.isIdentifier(s)
      ? nil : "'\(s)' is not an approach id (lower-case letters, digits and '-')"
  }

  public static let nhsNumber = FieldRule { value in
    guard case .text(let s) = value else { return nil }
    return NHSNumber.normalise(s) == nil ? "'\(s)' is not a valid NHS number" : nil
  }
}

/// The one rule for what a username may look like.
public enum Usernames {
  public static func problem(_ name: String) -> String? {
    if name.isEmpty { return "is required" }
    if name.count > 32 { return "is longer than 32 characters" }
    let ok = name.allSatisfy {
      $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_")
    }
    return ok ? nil : "use only lower-case letters, digits, '.', '-' and '_'"
  }
}
