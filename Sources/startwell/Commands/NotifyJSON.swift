import Foundation
import StartWellCore
import StartWellStore

/// A notification in `notify … --json`: the person and the kind's fields as
/// received, and the triage decision with the reference it names.
struct NotificationJSON: Encodable {
  struct About: Encodable {
    var givenName: String
    var familyName: String
    @Null var dateOfBirth: String?
    @Null var nhsNumber: String?
    @Null var postcode: String?
    @Null var address: String?
  }
  struct Triage: Encodable {
    var outcome: String
    /// The person (P-…) or earlier notification (N-…) it names.
    @Null var target: String?
    var note: String
    @Null var by: String?
    @Null var at: String?
  }
  /// A text or a choice's id, or a list of choice ids.
  enum Detail: Encodable {
    case text(String)
    case list([String])

    func encode(to encoder: any Encoder) throws {
      var c = encoder.singleValueContainer()
      switch self {
      case .text(let t): try c.encode(t)
      case .list(let l): try c.encode(l)
      }
    }
  }

  var id: String
  var reference: String
  var kind: String
  var hub: String
  var receivedAt: String
  var about: About
  var details: [String: Detail]
  @Null var source: String?
  @Null var triage: Triage?

  init(
    _ n: StartWellStore.Notification, config: Configuration, references: [String: String],
    users: [String: String]
  ) {
    id = n.id
    reference = n.reference
    kind = n.kind.rawValue
    hub = n.hubID
    receivedAt = Timestamp.format(n.receivedAt)
    let p = n.person
    about = About(
      givenName: p.givenName, familyName: p.familyName, dateOfBirth: p.dateOfBirth?.description,
      nhsNumber: p.nhsNumber, postcode: p.postcode, address: p.address)
    details = n.details.mapValues {
      switch $0 {
      case .text(let t): .text(t)
      case .list(let l): .list(l)
      }
    }
    source = n.source(config)
    triage = n.triage.map { decision in
      Triage(
        outcome: decision.outcome.rawValue, target: decision.target.map { references[$0] ?? $0 },
        note: n.triageNote, by: n.triagedBy.map { users[$0] ?? $0 }, at: JSONOutput.stamp(n.triagedAt))
    }
  }
}

/// A row of `notify list --json`: the notification, and its wait against its kind's target.
struct QueuedNotificationJSON: Encodable {
  var notification: NotificationJSON
  var due: String
  var waitedWorkingDays: Int
  var targetWorkingDays: Int
  var overdue: Bool

  init(_ q: QueuedNotification, config: Configuration, references: [String: String], users: [String: String])
  {
    notification = NotificationJSON(q.notification, config: config, references: references, users: users)
    due = q.due.description
    waitedWorkingDays = q.waitingWorkingDays
    targetWorkingDays = config.intake.kind(q.notification.kind)?.triageWorkingDays ?? 0
    overdue = q.overdue
  }
}

/// A candidate in `notify add --json` and `notify triage --json`. For a
/// family outside the user's sight only the person's reference, the hub and
/// the score are given; the other keys are null.
struct CandidateJSON: Encodable {
  var person: String
  var hub: String
  var score: Int
  var visible: Bool
  @Null var family: String?
  @Null var strength: String?
  @Null var fields: [String]?
  @Null var givenName: String?
  @Null var familyName: String?
  @Null var dateOfBirth: String?
  @Null var postcode: String?

  init(_ c: OfferedCandidate) {
    person = c.personReference
    hub = c.hubID
    score = c.score
    visible = c.detail != nil
    family = c.detail?.familyReference
    strength = c.detail?.strength.rawValue
    fields = c.detail?.fields.map(\.rawValue)
    givenName = c.detail?.known.givenName
    familyName = c.detail?.known.familyName
    dateOfBirth = c.detail?.known.dateOfBirth?.description
    postcode = c.detail?.known.postcode
  }
}

/// `notify add --json` and `notify triage ID --json`.
struct NotificationWithCandidatesJSON: Encodable {
  var notification: NotificationJSON
  @Null var alreadyHeld: Bool?
  var candidates: [CandidateJSON]
}
