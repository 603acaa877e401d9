import Foundation
import StartWellCore
import StartWellStore
import StartWellSync

/// Everything the sync screen shows, read from the local store only (never
/// the share), so it can be loaded at any time without waiting on a sync.
public struct SyncOverview: Hashable, Sendable {
  public var configured: Bool
  public var sharePath: String?
  public var deviceID: String
  /// Local changes not yet on the share.
  public var pending: Int
  /// Own batches published.
  public var published: Int64
  public var lastSync: Date?
  /// Why the last attempt failed; nil after a good sync.
  public var lastError: String?
  /// The last attempt failed (`SyncHealth.isOffline`), so changes are not moving.
  public var offline: Bool
  public var devices: [SyncDevice]
  public var conflicts: [SyncConflict]
  public var quarantine: [SyncQuarantined]
  /// Refused changes, changes waiting for an upgrade and username clashes.
  public var attention = SyncAttention()
  /// The newest refused changes, with their reasons, for those who may read the audit.
  public var refused: [HeldChange] = []

  public init(
    configured: Bool, sharePath: String? = nil, deviceID: String, pending: Int = 0, published: Int64 = 0,
    lastSync: Date? = nil, lastError: String? = nil, offline: Bool = false, devices: [SyncDevice] = [],
    conflicts: [SyncConflict] = [], quarantine: [SyncQuarantined] = []
  ) {
    self.configured = configured
    self.sharePath = sharePath
    self.deviceID = deviceID
    self.pending = pending
    self.published = published
    self.lastSync = lastSync
    self.lastError = lastError
    self.offline = offline
    self.devices = devices
    self.conflicts = conflicts
    self.quarantine = quarantine
  }

  /// The same overview with only the conflicts the user's `.conflicts`
  /// visibility scope admits: families of their own hubs, for users who may
  /// edit families; none without a user.
  public func visible(to user: User?) -> SyncOverview {
    var copy = self
    let scope = user.map(VisibilityScope.conflicts(for:)) ?? .nothing
    copy.conflicts = conflicts.filter { conflict in
      guard let hub = conflict.hub else { return false }
      // A notification's triage: for those who could triage it, in its hub.
      if let triagers = conflict.triagers {
        return user.map { $0.active && triagers.contains($0.role) && $0.hubs.contains(hub) } ?? false
      }
      return scope.admits(familyHub: hub, consent: conflict.consent)
    }
    // Who tried what is audit material: admins and supervisors read it.
    if !(user.map { Permissions.allows($0.role, .viewAudit) && $0.active } ?? false) { copy.refused = [] }
    return copy
  }

  /// What the header shows: the same decision as `startwell sync status`
  /// (`SyncHealth`), over the conflicts this overview holds.
  public var header: SyncStatus {
    let offline = SyncHealth.isOffline(unreachable: self.offline, lastError: lastError)
    return SyncStatus(
      SyncHealth.summary(
        configured: configured, conflicts: conflicts.count, offline: offline, pending: pending,
        attention: attention))
  }

  /// Reads the overview of `engine`'s store.
  public static func load(_ engine: SyncEngine) throws -> SyncOverview {
    let store = engine.store
    let status = try engine.status()
    let conflicts = try store.conflicts().map { c in
      let family = try store.family(of: c)
      var conflict = SyncConflict(c, familyReference: family?.reference, device: store.deviceID)
      conflict.familyID = family.flatMap { $0.deleted ? nil : $0.id }
      conflict.hub = family?.hub
      conflict.consent = family?.consent
      if let n = try store.notification(of: c) {
        conflict.notificationReference = n.reference
        conflict.hub = n.hub
        conflict.triagers = n.triagers
        // A triage names records by id; it reads as their references.
        conflict.labels = Dictionary(
          try store.choices(for: c).map { ($0.value, $0.shown) }, uniquingKeysWith: { a, _ in a })
      }
      return conflict
    }
    var overview = SyncOverview(
      configured: status.configured, sharePath: status.sharePath, deviceID: status.deviceID,
      pending: status.pending, published: status.published, lastSync: status.lastSync,
      lastError: status.lastError, offline: status.offline,
      devices: status.devices.map {
        SyncDevice(id: $0.device, seq: $0.seq, lastSeen: $0.lastApplied, note: $0.skew)
      },
      conflicts: conflicts,
      quarantine: status.quarantine.map {
        SyncQuarantined(path: $0.path, device: $0.device, reason: $0.reason, since: $0.firstSeen)
      })
    overview.attention = status.attention
    overview.refused = try store.refusedChanges(limit: 5)
    return overview
  }
}

extension SyncStatus {
  /// The header's form of the state `SyncHealth` decides for both front ends.
  public init(_ summary: SyncStatusSummary) {
    switch summary {
    case .notConfigured: self = .notConfigured
    case .synced: self = .synced
    case .pending(let n): self = .pending(n)
    case .offline: self = .offline
    case .conflicts(let n): self = .conflicts(n)
    case .attention(let what): self = .attention(what)
    }
  }
}

/// Another terminal seen on the share.
public struct SyncDevice: Hashable, Sendable {
  public var id: String
  /// The last of its batches applied here.
  public var seq: Int64
  public var lastSeen: Date?
  /// Set while its batches wait for its clock to be put right.
  public var note: String?

  public init(id: String, seq: Int64, lastSeen: Date?, note: String? = nil) {
    self.id = id
    self.seq = seq
    self.lastSeen = lastSeen
    self.note = note
  }
}

/// A file on the share set aside as damaged.
public struct SyncQuarantined: Hashable, Sendable {
  public var path: String
  public var device: String
  public var reason: String
  public var since: Date

  public init(path: String, device: String, reason: String, since: Date) {
    self.path = path
    self.device = device
    self.reason = reason
    self.since = since
  }
}

/// A safeguarding field edited on two terminals at once, waiting for a person.
public struct SyncConflict: Hashable, Sendable {
  /// One of the competing edits.
  public struct Edit: Hashable, Sendable {
    public var value: FieldValue
    public var device: String
    /// Made on this terminal.
    public var here: Bool
    public var userID: String
    public var at: Date

    public init(value: FieldValue, device: String, here: Bool, userID: String, at: Date) {
      self.value = value
      self.device = device
      self.here = here
      self.userID = userID
      self.at = at
    }
  }

  public var id: String
  public var familyID: String?
  public var familyReference: String?
  /// The notification a triage conflict is about (N-…).
  public var notificationReference: String?
  /// The family's hub and consent: a conflict shows only to users whose
  /// `.conflicts` visibility scope admits the family. For a triage, the
  /// notification's hub.
  public var hub: String?
  public var consent: Consent?
  /// For a triage: the roles that see the notification's kind and may
  /// triage it; they, in its hub, see the conflict. Nil for a family's conflict.
  public var triagers: Set<Role>?
  /// How a person reads the values, where they name records by id (a
  /// triage reads "new family F-…"); other values read as `show` says.
  public var labels: [FieldValue: String] = [:]

  /// The reference a person finds the record by: the family's, or the notification's.
  public var reference: String? { familyReference ?? notificationReference }
  public var entity: String
  public var field: String
  /// What the record shows until someone decides.
  public var current: FieldValue
  public var edits: [Edit]

  public init(
    id: String, familyReference: String?, entity: String, field: String, current: FieldValue, edits: [Edit]
  ) {
    self.id = id
    self.familyReference = familyReference
    self.entity = entity
    self.field = field
    self.current = current
    self.edits = edits
  }

  init(_ c: Conflict, familyReference: String?, device: String) {
    self.init(
      id: c.id, familyReference: familyReference, entity: c.entity, field: c.field, current: c.current,
      edits: c.heads.map {
        Edit(
          value: $0.value, device: $0.clock.device, here: $0.clock.device == device, userID: $0.userID,
          at: Date(timeIntervalSince1970: Double($0.clock.millis) / 1000))
      })
  }

  /// "case level", as a person says it.
  public var fieldLabel: String {
    switch (entity, field) {
    case ("case", "level"): "case level"
    case ("family", "consent"): "consent"
    case ("family", "risk_override"): "risk override"
    case ("escalation", "status"): "escalation decision"
    case ("referral", "status"): "referral status"
    case ("notification", "triage"): "triage of a notification"
    default: "\(entity) \(field.replacingOccurrences(of: "_", with: " "))"
    }
  }

  /// The values a person may pick: this terminal's edit, then the others'
  /// newest first, each saying whose it is, then any other value the field can hold. A workflow step offers only
  /// the two steps, since one of them is kept, never a third state.
  public var options: [PromptOption] {
    var seen: Set<FieldValue> = []
    var options: [PromptOption] = []
    let ordered = edits.sorted { ($0.here ? 1 : 0, $0.at) > ($1.here ? 1 : 0, $1.at) }
    for edit in ordered where seen.insert(edit.value).inserted {
      let whose = edit.here ? "this terminal" : "terminal \(edit.device.suffix(8))"
      options.append(PromptOption(label: "\(describe(edit.value)) (\(whose))", value: edit.value))
    }
    for value in otherValues where seen.insert(value).inserted {
      options.append(PromptOption(label: describe(value), value: value))
    }
    return options
  }

  /// A value of this conflict as the screen shows it: by its label when it
  /// names records, else as `show` says.
  public func describe(_ value: FieldValue) -> String { labels[value] ?? Self.show(value) }

  private var otherValues: [FieldValue] {
    switch (entity, field) {
    case ("case", "level"): CaseLevel.allCases.map { .text($0.rawValue) }
    case ("family", "consent"): Consent.allCases.map { .text($0.rawValue) } + [.null]
    case ("family", "risk_override"): RiskBand.allCases.map { .text($0.rawValue) } + [.null]
    // Neither triage: the notification goes back to the queue.
    case ("notification", "triage"): [.null]
    default: []
    }
  }

  /// This terminal's latest edit, for "keep mine".
  public var mine: FieldValue? { edits.filter(\.here).max { $0.at < $1.at }?.value }

  /// The other terminals' value, for "keep theirs"; nil when there is none,
  /// or when several other terminals disagree and a value must be named.
  public var theirs: FieldValue? {
    let values = Set(edits.filter { !$0.here }.map(\.value))
    return values.count == 1 ? values.first : nil
  }

  /// A value as the screen shows it.
  public static func show(_ value: FieldValue) -> String {
    guard value != .null else { return "none" }
    if case .text(let code) = value, let word = vocabulary[code] { return word }
    return value.description
  }

  /// The domain's codes as people read them ("early-help" is "Early help").
  static let vocabulary: [String: String] = {
    var words: [String: String] = [:]
    let codes =
      CaseStatus.allCases.map(\.rawValue) + Consent.allCases.map(\.rawValue)
      + RiskBand.allCases.map(\.rawValue)
      + EscalationStatus.allCases.map(\.rawValue) + ReferralStatus.allCases.map(\.rawValue)
      + Urgency.allCases.map(\.rawValue)
    for code in codes {
      let spaced = code.replacingOccurrences(of: "-", with: " ")
      words[code] = spaced.prefix(1).uppercased() + spaced.dropFirst()
    }
    for level in CaseLevel.allCases { words[level.rawValue] = level.title }
    return words
  }()
}

/// What one background sync run did.
public struct SyncOutcome: Hashable, Sendable {
  public var finished: Date
  /// Local changes published by this run.
  public var pushed: Int
  /// Other terminals' changes applied here by this run.
  public var applied: Int
  /// Files set aside as damaged by this run.
  public var quarantined: Int
  /// Why the run failed; nil when it worked or when no share is joined.
  public var error: String?
  /// The state after the run; nil only when even the local store could not be read.
  public var overview: SyncOverview?

  public init(
    finished: Date, pushed: Int = 0, applied: Int = 0, quarantined: Int = 0, error: String? = nil,
    overview: SyncOverview?
  ) {
    self.finished = finished
    self.pushed = pushed
    self.applied = applied
    self.quarantined = quarantined
    self.error = error
    self.overview = overview
  }

  /// "pushed 2, applied 5", or the reason it failed.
  public var summary: String {
    if let error { return "failed: \(error)" }
    var parts: [String] = []
    if pushed > 0 { parts.append("pushed \(Format.plural(pushed, "change"))") }
    if applied > 0 { parts.append("applied \(Format.plural(applied, "change"))") }
    if quarantined > 0 { parts.append("set aside \(Format.plural(quarantined, "damaged file"))") }
    return parts.isEmpty ? "nothing new" : parts.joined(separator: ", ")
  }
}
