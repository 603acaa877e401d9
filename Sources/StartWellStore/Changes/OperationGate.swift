import Foundation
import GRDB
import StartWellCore

/// Runs the gate for one transaction's worth of operations and keeps the
/// tables in step with its verdicts: an accepted operation is merged, a
/// refused one changes nothing, and when a late arrival changes the verdict
/// on an operation already held, that operation is applied or withdrawn.
final class OperationGate {
  let db: Database
  let store: Store
  var report = RemoteApplyReport()
  private(set) var dirtyFamilies = Set<String>()
  private var familyOf: [String: String] = [:]
  /// Records whose derived values (`settleDerived`) wait for the end of the transaction.
  var unsettled: [String: (String, String, String)] = [:]
  var unsettledOrder: [String] = []

  init(db: Database, store: Store) {
    self.db = db
    self.store = store
  }

  var registry: RecordRegistry { store.registry }

  // MARK: - Judging

  /// The author's role and state at the operation's clock, from the accepted
  /// user operations this terminal holds.
  func author(of op: ChangeOperation) throws -> AuthorState? {
    if op.user == Store.systemUser.id {
      // The system account only ever makes seed data, on the terminal that
      // created the share; never on a store with a founding admin.
      if try root() != nil { return nil }
      if let founder = try founderDevice(), founder != op.device { return nil }
      return AuthorState(userID: op.user, role: .admin, active: true, isSystem: true)
    }
    let clock = op.clock.description
    let timeline = try authority(of: op.user)
    // The founding admin is an admin from the start, by `STORE.json`, until
    // an accepted change of their own record says otherwise.
    let isRoot = try root()?.user == op.user
    guard
      let role = try timeline.value(
        "role", before: clock, fallback: { try self.storedAuthority(op.user, "role") })
        ?? (isRoot ? .text(Role.admin.rawValue) : nil)
    else { return nil }
    let active = try timeline.value(
      "active", before: clock, fallback: { try self.storedAuthority(op.user, "active") })
    let hubs = try timeline.value(
      "hubs", before: clock, fallback: { try self.storedAuthority(op.user, "hubs") })
    let key = try timeline.value(
      "public_key", before: clock, fallback: { try self.storedAuthority(op.user, "public_key") })
    var publicKey = key?.textValue.flatMap { $0.isEmpty ? nil : $0 }
    if isRoot && publicKey == nil { publicKey = try root()?.key }
    return AuthorState(
      userID: op.user, role: role.textValue.flatMap(Role.init(rawValue:)) ?? .practitioner,
      hubs: self.hubs(hubs), active: active != .integer(0), publicKey: publicKey)
  }

  /// Whether the key that signed `op` may speak for its author at its clock:
  /// the author's own key then, or for the system account the key of the
  /// terminal that wrote it. Checked before any permission.
  func signatureProblem(_ op: ChangeOperation, author: AuthorState?) throws -> String? {
    guard let signer = op.signer, !signer.isEmpty else {
      return "it is not signed (written by hand into a store, or by a StartWell without signatures)"
    }
    // The system account's signer was checked where the operation entered
    // (a batch's own terminal key, or this terminal's): nothing later changes it.
    if op.user == Store.systemUser.id { return nil }
    guard let author else { return nil }  // the gate refuses an unknown author itself
    guard let expected = author.publicKey else {
      return "its author \(op.user) had no signing key at its clock"
    }
    guard expected == signer else {
      return "it is signed with a key that was not its author's at its clock (a forged, reset or old key)"
    }
    return nil
  }

  private var rootRead: (user: String, key: String)??

  /// The founding admin, from `STORE.json`; nil for a store without one (demo and test shares).
  func root() throws -> (user: String, key: String)? {
    if let rootRead { return rootRead }
    let user = try StoreMeta.get(db, .rootUser)
    let key = try StoreMeta.get(db, .rootKey)
    let read = user.flatMap { u in key.map { (u, $0) } }
    rootRead = .some(read)
    return read
  }

  /// Why a terminal's operation is refused for its terminal's revocation:
  /// one that came in a batch after the last the revocation kept, or, on the
  /// revoked terminal itself, any new local one.
  func revokedTerminal(_ op: ChangeOperation) throws -> String? {
    guard let (after, reason) = try revocation(of: op.device) else { return nil }
    // This terminal's own published operations are judged by their batch, as everywhere else.
    let own =
      op.device == store.deviceID
      ? try Int64.fetchOne(
        db.cachedStatement(sql: "SELECT batch FROM outbox WHERE op_id = ?"), arguments: [op.opID]) : nil
    if let batch = op.batch ?? own {
      guard batch > after else { return nil }
      return "its terminal was revoked after its batch \(after) (\(reason))"
    }
    guard op.device == store.deviceID else { return nil }
    return "this terminal was revoked by an admin (\(reason)); it can no longer make changes"
  }

  /// Each terminal's revocation (the last batch kept, and why), read once
  /// per transaction: a batch judges thousands of one terminal's changes.
  private var revocations: [String: (after: Int64, reason: String)?] = [:]

  private func revocation(of device: String) throws -> (after: Int64, reason: String)? {
    if let known = revocations[device] { return known }
    let read = try Row.fetchOne(
      db.cachedStatement(
        sql: "SELECT revoked_after, revoke_reason FROM device WHERE id = ? AND revoked = 1 AND deleted = 0"),
      arguments: [device]
    ).map { (after: $0["revoked_after"] as Int64, reason: $0["revoke_reason"] as String) }
    revocations[device] = .some(read)
    return read
  }

  private var founder: String??

  /// The terminal that created the share, read once per transaction.
  private func founderDevice() throws -> String? {
    if let founder { return founder }
    let read = try StoreMeta.get(db, .founderDevice)
    founder = .some(read)
    return read
  }

  /// Every write of a user's role, hubs and active state held here, read
  /// once per transaction: a batch judges thousands of one author's changes.
  private var authorities: [String: AuthorityTimeline] = [:]

  private func authority(of userID: String) throws -> AuthorityTimeline {
    if let known = authorities[userID] { return known }
    let rows = try Row.fetchAll(
      db.cachedStatement(
        sql: """
          SELECT field, clock, value, status FROM op_log INDEXED BY op_log_field
          WHERE entity = 'user' AND record_id = ? AND field IN ('role', 'active', 'hubs', 'public_key')
          ORDER BY clock
          """), arguments: [userID])
    var timeline = AuthorityTimeline()
    for row in rows {
      let field: String = row["field"]
      timeline.known.insert(field)
      guard (row["status"] as String) == OperationLog.Status.accepted.rawValue,
        let value = try? FieldValue(json: row["value"])
      else { continue }
      timeline.accepted[field, default: []].append((row["clock"], value))
    }
    authorities[userID] = timeline
    return timeline
  }

  /// Forgets what was read of a user's authority once one of their records' operations changes.
  func authorityChanged(_ op: ChangeOperation) {
    if op.entity == Entity.device.rawValue { revocations[op.recordID] = nil }
    guard op.entity == Entity.user.rawValue else { return }
    authorities[op.recordID] = nil
    for field in ["role", "active", "hubs", "public_key"] {
      storedAuthorities["\(op.recordID)|\(field)"] = nil
    }
  }

  /// `stored` for a user's authority fields, read once per transaction: a
  /// save writes a dozen fields by one author whose record came with the
  /// data (no logged history), and each asked for the same three columns.
  private var storedAuthorities: [String: FieldValue?] = [:]

  private func storedAuthority(_ userID: String, _ field: String) throws -> FieldValue? {
    let key = "\(userID)|\(field)"
    if let known = storedAuthorities[key] { return known }
    let read = try stored("user", userID, field)
    storedAuthorities[key] = .some(read)
    return read
  }

  /// A stored column standing in for history this terminal does not hold:
  /// a field received under a version older than the operation log (it has
  /// a field clock), or a record loaded as demo data (it has a `created_at`
  /// that no operation made). A row being built from operations field by
  /// field says nothing: its columns not yet applied hold only defaults
  /// (`role` reads "practitioner" before the record's `role` arrives).
  private func stored(_ entity: String, _ recordID: String, _ field: String) throws -> FieldValue? {
    guard let spec = registry.spec(named: entity), spec.field(field) != nil else { return nil }
    guard
      let row = try Row.fetchOne(
        db.cachedStatement(
          sql: """
            SELECT t.\(field) AS value, t.created_at <> '' AS made,
              EXISTS(SELECT 1 FROM field_clock WHERE entity = ? AND record_id = t.id AND field = ?) AS clocked,
              EXISTS(SELECT 1 FROM op_log INDEXED BY op_log_field
                WHERE entity = ? AND record_id = t.id AND field = 'created_at') AS logged
            FROM \(spec.table) t WHERE t.id = ? AND t.deleted = 0
            """), arguments: [entity, field, entity, recordID])
    else { return nil }
    let received = row["clocked"] as Bool
    let loaded = (row["made"] as Bool) && !(row["logged"] as Bool)
    return received || loaded ? FieldValue(row["value"] as DatabaseValue) : nil
  }

  /// A field's value at `clock`: the newest accepted write before it, or,
  /// for a field no operation held here wrote, what `stored` allows.
  func value(_ entity: String, _ recordID: String, _ field: String, before clock: String) throws
    -> FieldValue?
  {
    if let accepted = try OperationLog.acceptedValue(
      db, entity: entity, recordID: recordID, field: field, before: clock)
    {
      return accepted
    }
    guard try !OperationLog.knows(db, entity: entity, recordID: recordID, field: field) else { return nil }
    return try stored(entity, recordID, field)
  }

  private static func list(_ value: FieldValue?) -> [String] {
    guard let text = value?.textValue else { return [] }
    return (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
  }

  /// Decoded hub lists by their JSON text: an author's hubs rarely change within a batch.
  private var hubLists: [String: [String]] = [:]

  private func hubs(_ value: FieldValue?) -> [String] {
    guard let text = value?.textValue else { return [] }
    if let known = hubLists[text] { return known }
    let list = Self.list(value)
    hubLists[text] = list
    return list
  }

  /// The hub of the family a record belongs to, at the operation's clock.
  func recordHub(of op: ChangeOperation, spec: EntitySpec) throws -> String? {
    let clock = op.clock.description
    let familyID: String?
    switch spec.familyColumn {
    case "id"?: familyID = op.recordID
    // The family column's own write names its family: it is judged against that family's hub.
    case let column? where op.field == column: familyID = op.value.textValue
    case let column?: familyID = try value(op.entity, op.recordID, column, before: clock)?.textValue
    // A record of a hub rather than a family (a huddle) is judged against
    // its own hub, which its first write names.
    case nil:
      guard spec.field("hub_id") != nil else { return nil }
      if op.field == "hub_id" { return op.value.textValue }
      return try value(op.entity, op.recordID, "hub_id", before: clock)?.textValue
    }
    guard let familyID else { return nil }
    return try value("family", familyID, "hub_id", before: clock)?.textValue
  }

  /// More heads than any field gathers between two syncs of a busy share.
  static let maxAlsoReplaced = 1_000

  func verdict(on op: ChangeOperation) throws -> Verdict {
    // Who vouches for the operation comes first: a reason that depends only
    // on it reads the same on every terminal, whatever else arrived first.
    let author = try author(of: op)
    if let problem = try signatureProblem(op, author: author) { return .refuse(problem) }
    if let problem = try revokedTerminal(op) { return .refuse(problem) }
    // A change building on a refused change, or on a record whose making was
    // refused, is refused for the same reason.
    for replaced in [op.replaces].compactMap({ $0 }) + (op.alsoReplaces ?? []) {
      if case (.refused, let why)? = try OperationLog.status(db, op, clock: replaced) {
        return .refuse("it builds on a refused change: \(why ?? "refused")")
      }
    }
    if !(0...HLC.maxCounter).contains(op.clock.counter) || op.clock.millis < 0 {
      return .refuse("its clock is malformed")
    }
    // The further edits a change settles are ones it saw, so they came
    // before it; naming a later one would hide a real rival from the
    // conflict list. (`replaces` alone may be later: a step's effect on
    // another record is written under the step's clock.)
    if let also = op.alsoReplaces,
      also.count > Self.maxAlsoReplaced || also.contains(where: { $0 >= op.clock })
    {
      return .refuse("it claims to settle edits made after it")
    }
    if op.device != op.clock.device {
      return .refuse("its clock names another terminal than the one that wrote it")
    }
    // The record's making: its earliest accepted `created_at`, and who wrote it.
    let makings = try Row.fetchAll(
      db.cachedStatement(
        sql: """
          SELECT op_id, user_id, device, clock, status, reason FROM op_log INDEXED BY op_log_field
          WHERE entity = ? AND record_id = ? AND field = 'created_at' ORDER BY clock, op_id
          """), arguments: [op.entity, op.recordID])
    let making = makings.first { ($0["status"] as String) == OperationLog.Status.accepted.rawValue }
    if op.field != "created_at", making == nil,
      let refused = makings.first(where: { ($0["status"] as String) == OperationLog.Status.refused.rawValue })
    {
      // Every making of the record held here was refused.
      return .refuse("its record was refused: \((refused["reason"] as String?) ?? "refused")")
    }
    if op.user == Store.systemUser.id, try root() != nil {
      return .refuse(
        "it was made by the system account, which writes only demo data; this store has a founding admin")
    }
    if op.user == Store.systemUser.id, let founder = try founderDevice(), founder != op.device {
      return .refuse(
        "it was made by the system account of a terminal that did not create the shared store "
          + "(`init` or `demo` run on a joined terminal); only the founding terminal sets the store up")
    }
    // Part of the record's making: it replaces nothing, and it is the first
    // `created_at`, or comes from the same author and terminal as that one.
    // A write that only claims to replace nothing, from anyone else, is an edit.
    let isMaking: Bool
    if op.replaces != nil {
      isMaking = false
    } else if op.field == "created_at" {
      isMaking =
        making.map {
          ($0["op_id"] as String) == op.opID || ($0["clock"] as String) > op.clock.description
        } ?? true
    } else if let making {
      isMaking = (making["user_id"] as String) == op.user && (making["device"] as String) == op.device
    } else {
      isMaking = true
    }
    let firstWrite = try isMaking && !OperationLog.hasAcceptedBefore(db, op)
    let spec = registry.spec(named: op.entity)
    let hub = try spec.flatMap { $0.decisionsInOwnHubs ? try recordHub(of: op, spec: $0) : nil }
    let priors = try isMaking ? [] : priorStates(of: op, spec: spec)
    return Gate.judge(
      op, registry: registry, author: author, firstWrite: firstWrite, making: isMaking,
      recordHub: hub, priorStates: priors)
  }

  /// The states a later write of a workflow's state moves from: those of
  /// the accepted writes it names as replaced, or, when none of them is
  /// held, the state as this terminal holds it at the write's clock. A
  /// replaced write that arrives later judges this one again (it is a
  /// dependent: same record, lower clock).
  private func priorStates(of op: ChangeOperation, spec: EntitySpec?) throws -> [String] {
    guard let spec, let transition = spec.transition, op.field == transition.state,
      let field = spec.field(op.field)
    else { return [] }
    let named = ([op.replaces].compactMap { $0 } + (op.alsoReplaces ?? [])).map(\.description)
    var states: [String] = []
    for clock in named {
      if let value = try OperationLog.acceptedValue(
        db, entity: op.entity, recordID: op.recordID, field: op.field, at: clock)?.textValue
      {
        states.append(value)
      }
    }
    if !states.isEmpty { return states }
    let held = try value(op.entity, op.recordID, op.field, before: op.clock.description) ?? field.empty
    return [held.textValue].compactMap { $0 }
  }

  // MARK: - Admitting

  /// Judges a newly arrived operation, records it and applies it if accepted.
  func admit(_ op: ChangeOperation) throws {
    let verdict = try verdict(on: op)
    try OperationLog.insert(db, op, status: verdict.status, reason: verdict.reason, at: store.now())
    authorityChanged(op)
    switch verdict {
    case .accept: try adopt(op)
    case .refuse: report.refused += 1
    case .park: report.parked += 1
    }
    if verdict.status != .parked { try rejudge(after: op) }
  }

  /// Judges again, in clock order, every operation that could depend on
  /// `first`, applying or withdrawing those whose verdict changes.
  func rejudge(after first: ChangeOperation) throws {
    var queue = ClockQueue()
    for row in try OperationLog.dependents(db, of: first) { queue.push(row["clock"], row["op_id"]) }
    while let id = queue.pop() {
      // Entries rebuilt from a snapshot's merge state stand for history this
      // terminal never received; there is nothing to judge them against.
      guard !id.hasPrefix("snapshot:"), let row = try OperationLog.row(db, opID: id),
        let was = OperationLog.Status(rawValue: row["status"]), was != .parked
      else { continue }
      guard let op = try? OperationLog.operation(row) else {
        // An entry that cannot be read (a hand-edited store) is refused, never a reason to stop.
        if was != .refused {
          try OperationLog.setStatus(db, opID: id, .refused, reason: "it cannot be read")
        }
        continue
      }
      let now = try verdict(on: op)
      if now.status == was && now.reason == (row["reason"] as String?) { continue }
      try OperationLog.setStatus(db, opID: id, now.status, reason: now.reason)
      authorityChanged(op)
      if was == .accepted, now.status != .accepted {
        try retract(op)
        report.refused += 1
      } else if was != .accepted, now.status == .accepted {
        try adopt(op)
        report.refused = max(0, report.refused - 1)
      }
      // What depends on this one is judged again, even if it was judged a moment ago.
      for row in try OperationLog.dependents(db, of: op) { queue.push(row["clock"], row["op_id"]) }
    }
  }

  // MARK: - Applying

  /// Merges an accepted operation: it wins when its clock is the field's highest.
  func adopt(_ op: ChangeOperation) throws {
    guard let spec = registry.spec(named: op.entity), let field = spec.field(op.field) else { return }
    try FieldHistory.record(db, op)
    try noteTriagedFamily(op)
    // A move of family marks the family the record leaves, read before the
    // write; the one it joins is read after it (`noteFamily`).
    if op.field == spec.familyColumn { try noteFamily(spec, op) }
    if try !wins(op, field, spec) {
      report.superseded += 1
    } else {
      do {
        // Table and column names come from the registry, never from the file.
        try db.cachedStatement(
          sql: """
            INSERT INTO \(spec.table)(id, \(op.field)) VALUES (?, ?)
            ON CONFLICT(id) DO UPDATE SET \(op.field) = excluded.\(op.field)
            """
        ).execute(arguments: [op.recordID, op.value.databaseValue])
      } catch let error as DatabaseError {
        // SQLite undoes just the failed statement; the rest of the batch goes on.
        try OperationLog.setStatus(
          db, opID: op.opID, .refused, reason: "could not be stored: \(PeopleError.message(for: error))")
        report.refused += 1
        return
      }
      try setFieldClock(op, op.clock)
      report.applied += 1
    }
    try noteFamily(spec, op)
    try noteTriagedFamily(op)
    settleDerived(op)
  }

  /// A notification belongs to no family until triage lands it on a
  /// person; the family it leaves and the one it reaches are both scored
  /// again (the intake factors read it).
  private func noteTriagedFamily(_ op: ChangeOperation) throws {
    guard op.entity == Entity.notification.rawValue, op.field == "triage" || op.field == "deleted",
      let fid = try NotificationFamily.of(db, notificationID: op.recordID)
    else { return }
    dirtyFamilies.insert(fid)
  }

  /// Withdraws an operation that is no longer accepted: the field falls back
  /// to the newest accepted value, or to empty, and a record left with no
  /// accepted field at all is removed.
  func retract(_ op: ChangeOperation) throws {
    // A withdrawn triage may move the notification off one family and back
    // onto another: both are scored again.
    try noteTriagedFamily(op)
    try withdraw(op)
    try noteTriagedFamily(op)
    // A withdrawn move of family puts the record back in the one it left:
    // that family is marked too, as the move's own family was.
    if let spec = registry.spec(named: op.entity), op.field == spec.familyColumn {
      try noteFamily(spec, op)
    }
    settleDerived(op)
  }

  private func withdraw(_ op: ChangeOperation) throws {
    guard let spec = registry.spec(named: op.entity), let field = spec.field(op.field) else { return }
    try FieldHistory.remove(db, op)
    try noteFamily(spec, op)
    guard try fieldClock(op) == op.clock else { return }
    let winner = try Row.fetchOne(
      db.cachedStatement(
        sql: """
          SELECT clock, value FROM op_log INDEXED BY op_log_field
          WHERE entity = ? AND record_id = ? AND field = ? AND status = 'accepted'
          ORDER BY \(Self.winnerOrder(field.merge)) LIMIT 1
          """), arguments: [op.entity, op.recordID, op.field])
    if let winner, let clock = HLC(winner["clock"] as String) {
      try write(spec, op.recordID, op.field, try FieldValue(json: winner["value"]))
      try setFieldClock(op, clock)
      return
    }
    try db.execute(
      sql: "DELETE FROM field_clock WHERE entity = ? AND record_id = ? AND field = ?",
      arguments: [op.entity, op.recordID, op.field])
    let others =
      try Bool.fetchOne(
        db, sql: "SELECT EXISTS(SELECT 1 FROM field_clock WHERE entity = ? AND record_id = ?)",
        arguments: [op.entity, op.recordID]) ?? false
    if others {
      try write(spec, op.recordID, op.field, field.empty)
    } else {
      if spec.familyColumn == "id" { try FamilyIndex.forget(db, familyID: op.recordID) }
      try db.execute(sql: "DELETE FROM \(spec.table) WHERE id = ?", arguments: [op.recordID])
    }
  }

  /// Whether an accepted operation beats the field's current value, by the field's merge rule.
  private func wins(_ op: ChangeOperation, _ field: FieldSpec, _ spec: EntitySpec) throws -> Bool {
    guard let current = try fieldClock(op) else { return true }
    if field.merge == .tombstone {
      let stored = try DatabaseValue.fetchOne(
        db.cachedStatement(sql: "SELECT \(op.field) FROM \(spec.table) WHERE id = ?"),
        arguments: [op.recordID])
      let currentValue = stored.map(FieldValue.init) ?? .integer(0)
      if op.value != currentValue { return op.value == .integer(1) }
    }
    // Two operations with one clock (a copied clock): the smaller op id wins, on every terminal.
    if op.clock == current {
      let holder = try String.fetchOne(
        db.cachedStatement(
          sql: """
            SELECT op_id FROM op_log INDEXED BY op_log_field
            WHERE entity = ? AND record_id = ? AND field = ? AND clock = ? AND status = 'accepted' AND op_id <> ?
            ORDER BY op_id LIMIT 1
            """), arguments: [op.entity, op.recordID, op.field, current.description, op.opID])
      return holder.map { op.opID < $0 } ?? true
    }
    return field.merge == .appendOnly ? op.clock < current : op.clock > current
  }

  /// The same rule as `wins`, as the order that puts the winner first.
  static func winnerOrder(_ merge: MergeRule) -> String {
    switch merge {
    case .appendOnly: "clock ASC, op_id ASC"
    case .tombstone: "value DESC, clock DESC, op_id ASC"
    case .lastWriterWins, .conflictOnConcurrentEdit, .addWinsByKey: "clock DESC, op_id ASC"
    }
  }

  private func write(_ spec: EntitySpec, _ id: String, _ field: String, _ value: FieldValue) throws {
    try db.execute(
      sql: "UPDATE \(spec.table) SET \(field) = ? WHERE id = ?", arguments: [value.databaseValue, id])
  }

  func fieldClock(_ op: ChangeOperation) throws -> HLC? {
    try String.fetchOne(
      db.cachedStatement(
        sql: "SELECT clock FROM field_clock WHERE entity = ? AND record_id = ? AND field = ?"),
      arguments: [op.entity, op.recordID, op.field]
    ).flatMap(HLC.init)
  }

  func setFieldClock(_ op: ChangeOperation, _ clock: HLC) throws {
    try db.cachedStatement(
      sql: """
        INSERT INTO field_clock(entity, record_id, field, clock) VALUES (?, ?, ?, ?)
        ON CONFLICT(entity, record_id, field) DO UPDATE SET clock = excluded.clock
        """
    ).execute(arguments: [op.entity, op.recordID, op.field, clock.description])
  }

  private func noteFamily(_ spec: EntitySpec, _ op: ChangeOperation) throws {
    guard let column = spec.familyColumn else { return }
    if column != "id", op.field == column, let left = familyOf.removeValue(forKey: op.recordID) {
      // The record's family is what changes: the one it was last seen in
      // is marked, and the one it is in now is read afresh below.
      dirtyFamilies.insert(left)
    }
    if column == "id" {
      dirtyFamilies.insert(op.recordID)
    } else if let fid = familyOf[op.recordID] {
      dirtyFamilies.insert(fid)
    } else if let fid = try String.fetchOne(
      db.cachedStatement(sql: "SELECT family_id FROM \(spec.table) WHERE id = ?"), arguments: [op.recordID]),
      !fid.isEmpty
    {
      familyOf[op.recordID] = fid
      dirtyFamilies.insert(fid)
    }
  }

  /// Re-indexes the families touched, once, at the end of the transaction.
  func finish() throws {
    try settlePending()
    for id in dirtyFamilies {
      guard
        try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM family WHERE id = ?)", arguments: [id])
          ?? false
      else { continue }
      try FamilyIndex.refresh(db, familyID: id, config: store.config, today: store.today)
    }
    dirtyFamilies = []
  }
}

extension Verdict {
  var status: OperationLog.Status {
    switch self {
    case .accept: .accepted
    case .refuse: .refused
    case .park: .parked
    }
  }

  var reason: String? {
    switch self {
    case .accept: nil
    case .refuse(let why), .park(let why): why
    }
  }
}

extension DatabaseValue {
  /// The value as text, without trapping on a value of another type.
  var asText: String? { String.fromDatabaseValue(self) }
  var asInt: Int? { Int.fromDatabaseValue(self) }
}

/// A user's role, hubs and active state over time, as the accepted operations say.
struct AuthorityTimeline {
  /// Accepted writes per field, in clock order.
  var accepted: [String: [(clock: String, value: FieldValue)]] = [:]
  /// Fields any operation held here wrote, accepted or not.
  var known: Set<String> = []

  /// The newest accepted value before `clock`; for a field no operation ever
  /// wrote (a record older than the log), what `fallback` reads from its row.
  func value(_ field: String, before clock: String, fallback: () throws -> FieldValue?) throws -> FieldValue?
  {
    if let writes = accepted[field] {
      var low = 0
      var high = writes.count
      while low < high {
        let mid = (low + high) / 2
        if writes[mid].clock < clock { low = mid + 1 } else { high = mid }
      }
      if low > 0 { return writes[low - 1].value }
    }
    return known.contains(field) ? nil : try fallback()
  }
}

/// Operations waiting to be judged again, lowest clock first, each once at a time.
struct ClockQueue {
  private var heap: [(clock: String, id: String)] = []
  private var queued: Set<String> = []

  mutating func push(_ clock: String, _ id: String) {
    guard queued.insert(id).inserted else { return }
    heap.append((clock, id))
    var child = heap.count - 1
    while child > 0 {
      let parent = (child - 1) / 2
      guard Self.less(heap[child], heap[parent]) else { break }
      heap.swapAt(child, parent)
      child = parent
    }
  }

  mutating func pop() -> String? {
    guard !heap.isEmpty else { return nil }
    heap.swapAt(0, heap.count - 1)
    let top = heap.removeLast()
    var parent = 0
    while true {
      let left = 2 * parent + 1
      let right = left + 1
      var smallest = parent
      if left < heap.count, Self.less(heap[left], heap[smallest]) { smallest = left }
      if right < heap.count, Self.less(heap[right], heap[smallest]) { smallest = right }
      if smallest == parent { break }
      heap.swapAt(parent, smallest)
      parent = smallest
    }
    queued.remove(top.id)
    return top.id
  }

  private static func less(_ a: (clock: String, id: String), _ b: (clock: String, id: String)) -> Bool {
    (a.clock, a.id) < (b.clock, b.id)
  }
}
