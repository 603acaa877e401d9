import Foundation
import GRDB
import StartWellCore

/// The one way records change: inside a write transaction, it updates the
/// rows, queues an outbox operation per changed field, advances the field's
/// merge clock and appends the audit event. Local edits and operations from
/// other terminals both pass through here, so the search index and derived
/// columns are kept in step for both.
public final class ChangeRecorder {
  public let db: Database
  public let store: Store
  public let user: User
  public let at: Date
  /// The calendar day of this change on the terminal's clock face: the day
  /// a case is closed on, and the "today" a date of birth or a due date is
  /// checked against, the same day the person at the screen sees.
  public var today: LocalDate { store.zone.day(at) }
  private var dirtyFamilies: Set<String> = []
  private var clockAdvanced = false
  private lazy var gate = OperationGate(db: db, store: store)
  /// This transaction's operations, in order, for its signature.
  private var emitted: [ChangeOperation] = []
  private var transaction: Int64?

  init(db: Database, store: Store, user: User) {
    self.db = db
    self.store = store
    self.user = user
    self.at = store.now()
  }

  /// Inserts a new record. `fields` must name only the entity's synced fields.
  public func insert(_ entity: Entity, id: String, _ fields: [String: FieldValue]) throws {
    var all = fields
    all["created_at"] = .of(at)
    all["updated_at"] = .of(at)
    all["author_id"] = .text(user.id)
    all["deleted"] = .integer(0)
    try checkFields(entity, all.keys)
    var names = all.keys.sorted()
    // A record whose every write is judged against its family's hub (a
    // supervisor's mark) names its family first: each later field's
    // operation then finds the family already written before its clock.
    let spec = store.registry.spec(entity)
    let first = spec.familyColumn ?? (spec.field("hub_id") != nil ? "hub_id" : nil)
    if spec.decisionsInOwnHubs, let column = first, let i = names.firstIndex(of: column) {
      names.insert(names.remove(at: i), at: 0)
    }
    let sql =
      "INSERT INTO \(entity.table) (id, \(names.joined(separator: ", "))) VALUES (?\(String(repeating: ", ?", count: names.count)))"
    try db.execute(
      sql: sql, arguments: StatementArguments([id.databaseValue] + names.map { all[$0]!.databaseValue }))
    for name in names {
      try emit(entity, id: id, field: name, value: all[name]!, replaces: nil)
    }
    try noteFamily(entity, id: id, fields: all)
  }

  /// Updates the fields that differ from what is stored; returns the names of those that changed.
  ///
  /// A workflow step (a change of the record's state field, see
  /// `TransitionSpec`) writes its state and the fields that go with it under
  /// one clock, kept in `stepClock`; passing that clock as `clock` writes
  /// another record's fields as the step's effect (an accepted escalation's
  /// case level), which stands only while the step does.
  @discardableResult
  public func update(_ entity: Entity, id: String, _ fields: [String: FieldValue], clock: HLC? = nil) throws
    -> [String]
  {
    try checkFields(entity, fields.keys)
    let names = fields.keys.sorted()
    guard
      let row = try Row.fetchOne(
        db, sql: "SELECT \(names.joined(separator: ", ")) FROM \(entity.table) WHERE id = ?", arguments: [id])
    else { throw DomainError.notFound("\(entity.rawValue) \(id)") }
    var changed = names.filter { FieldValue(row[$0] as DatabaseValue) != fields[$0]! }
    guard !changed.isEmpty else { return [] }
    // A record moved to another family leaves one behind, whose derived
    // columns change too (`noteFamily` marks the one it joins).
    if let column = entity.familyColumn, column != "id", changed.contains(column),
      let left = row[column] as String?
    {
      dirtyFamilies.insert(left)
    }
    changed.append("updated_at")
    // A new signing key is written last: every operation of its transaction
    // before it is judged, like it, against the key that signed them.
    if let key = changed.firstIndex(of: "public_key") { changed.append(changed.remove(at: key)) }
    var values = fields
    values["updated_at"] = .of(at)
    let assignments = changed.map { "\($0) = ?" }.joined(separator: ", ")
    try db.execute(
      sql: "UPDATE \(entity.table) SET \(assignments) WHERE id = ?",
      arguments: StatementArguments(changed.map { values[$0]!.databaseValue } + [id.databaseValue]))
    let spec = store.registry.spec(entity)
    let transition = spec.transition
    var shared = clock
    if let transition, changed.contains(transition.state) {
      // One clock for the step's fields, after every value it replaces.
      let replaced = try changed.compactMap { try fieldClock(entity, id, $0) }.max()
      shared = try nextClock(after: replaced)
      stepClock = shared
    }
    for name in changed {
      let replaces = try fieldClock(entity, id, name)
      var also: [HLC]?
      if spec.field(name)?.merge == .addWinsByKey {
        // This edit saw every side of a merged map or set, so it replaces them all.
        let others = try gate.keyedHeads(entity.rawValue, id, name).compactMap(HLC.init).filter {
          $0 != replaces
        }
        also = others.isEmpty ? nil : others
      } else if clock == nil, let replaces,
        store.registry.conflictTracked(entity: entity.rawValue, field: name)
      {
        // Edits made apart that set the same value are one head, not rivals:
        // this edit replaces them all, or the one it did not name would stand
        // against it later as a conflict nobody made. (Not for a step's
        // effect, written under that step's clock, which may be earlier.)
        let agreeing = try FieldHistory.agreeingHeads(db, entity.rawValue, id, name, with: replaces)
        also = agreeing.isEmpty ? nil : agreeing
      }
      let stepped = name != "updated_at" && (clock != nil || transition?.covers(name) == true)
      try emit(
        entity, id: id, field: name, value: values[name]!, replaces: replaces, alsoReplaces: also,
        clock: stepped ? shared : nil)
    }
    try noteFamily(entity, id: id, fields: values)
    return changed.filter { $0 != "updated_at" }
  }

  /// The clock of the last workflow step `update` wrote.
  public private(set) var stepClock: HLC?

  /// Appends a hash-chained audit event.
  public func audit(
    _ action: String, entity: Entity, recordID: String, familyID: String?, detail: String
  ) throws {
    try AuditChain.append(
      db, at: at, user: user, action: action, entity: entity.rawValue, recordID: recordID, familyID: familyID,
      detail: detail)
  }

  /// Marks a family for re-indexing when the transaction finishes.
  public func touch(family id: String) { dirtyFamilies.insert(id) }

  func finish() throws {
    try sign()
    for id in dirtyFamilies {
      try FamilyIndex.refresh(db, familyID: id, config: store.config, today: store.today)
    }
    if clockAdvanced {
      try StoreMeta.set(db, .clock, store.currentClock().description)
    }
  }

  // MARK: - Internals

  private func checkFields(_ entity: Entity, _ names: some Sequence<String>) throws {
    let spec = store.registry.spec(entity)
    for name in names where spec.field(name) == nil {
      throw DomainError.invalid([
        FieldIssue(field: name, rule: "unknown", message: "\(entity.rawValue) has no field \(name)")
      ])
    }
  }

  private func fieldClock(_ entity: Entity, _ id: String, _ field: String) throws -> HLC? {
    try String.fetchOne(
      db, sql: "SELECT clock FROM field_clock WHERE entity = ? AND record_id = ? AND field = ?",
      arguments: [entity.rawValue, id, field]
    ).flatMap(HLC.init)
  }

  /// Settles a conflict on a safeguarding field: writes `value` as an edit
  /// that replaces every current head, even when the value is unchanged.
  public func resolve(_ entity: Entity, id: String, field: String, value: FieldValue, heads: [HLC]) throws {
    try checkFields(entity, [field])
    try noteFamily(entity, id: id, fields: [:])
    try db.execute(
      sql: "UPDATE \(entity.table) SET \(field) = ?, updated_at = ? WHERE id = ?",
      arguments: [value.databaseValue, Timestamp.format(at), id])
    let current = try fieldClock(entity, id, field)
    let others = heads.filter { $0 != current }
    try emit(entity, id: id, field: field, value: value, replaces: current, alsoReplaces: others)
    try emit(
      entity, id: id, field: "updated_at", value: .of(at), replaces: try fieldClock(entity, id, "updated_at"))
    try noteFamily(entity, id: id, fields: [:])
    // A resolved workflow step brings back the fields and effects of the step kept.
    gate.settleDerived(entity: entity.rawValue, recordID: id, field: field)
    try gate.settlePending()
  }

  /// The next clock of this terminal, after `replaced` whatever the wall
  /// clock says: an edit that sorted before what it was made over would
  /// lose on every terminal.
  private func nextClock(after replaced: HLC? = nil) throws -> HLC {
    if !clockAdvanced {
      // Another process on this data folder (a `sync` run beside the
      // client) may have moved the clock on since this one read it; a new
      // edit must still sort after everything this store already holds.
      if let persisted = try StoreMeta.get(db, .clock).flatMap(HLC.init) { store.absorb(persisted) }
      try store.checkClock(db)
    }
    clockAdvanced = true
    return store.tick(after: replaced)
  }

  private func emit(
    _ entity: Entity, id: String, field: String, value: FieldValue, replaces: HLC?,
    alsoReplaces: [HLC]? = nil,
    clock given: HLC? = nil
  ) throws {
    let clock = try given ?? nextClock(after: ([replaces] + (alsoReplaces ?? [])).compactMap { $0 }.max())
    let op = ChangeOperation(
      opID: UUID().uuidString.lowercased(), clock: clock, device: store.deviceID, user: user.id,
      entity: entity.rawValue, recordID: id, field: field, value: value, replaces: replaces,
      alsoReplaces: alsoReplaces, signer: try signingIdentity().publicKey)
    // The same gate as a pulled change: a write that another terminal would
    // refuse is refused here, before anything is saved.
    if case .refuse(let why) = try gate.verdict(on: op) {
      throw DomainError.forbidden(why)
    }
    try OperationLog.insert(db, op, status: .accepted, reason: nil, at: at)
    gate.authorityChanged(op)
    try Outbox.append(db, op, transaction: try transactionNumber())
    emitted.append(op)
    try db.execute(
      sql: """
        INSERT INTO field_clock(entity, record_id, field, clock) VALUES (?, ?, ?, ?)
        ON CONFLICT(entity, record_id, field) DO UPDATE SET clock = excluded.clock
        """, arguments: [entity.rawValue, id, field, clock.description])
  }

  /// The key this transaction is signed with: the author's, unlocked by
  /// their password at login; for the system account, this terminal's own.
  private func signingIdentity() throws -> SigningIdentity {
    if user.id == Store.systemUser.id { return store.deviceIdentity }
    guard let identity = store.identity(for: user.id) else {
      throw DomainError.forbidden(
        "\(user.username) is not signed in on this terminal (their key is locked); log in again")
    }
    return identity
  }

  private func transactionNumber() throws -> Int64 {
    if let transaction { return transaction }
    let next = (try Int64.fetchOne(db, sql: "SELECT MAX(tx) FROM outbox_tx") ?? 0) + 1
    transaction = next
    return next
  }

  /// Signs this transaction's operations, in order, with the author's key.
  private func sign() throws {
    guard !emitted.isEmpty, let transaction else { return }
    let identity = try signingIdentity()
    try Outbox.sign(db, tx: transaction, user: user.id, identity: identity, ops: emitted)
    emitted = []
  }

  private func noteFamily(_ entity: Entity, id: String, fields: [String: FieldValue]) throws {
    if entity == .notification, let fid = try NotificationFamily.of(db, notificationID: id) {
      dirtyFamilies.insert(fid)
    }
    guard let column = entity.familyColumn else { return }
    if column == "id" {
      dirtyFamilies.insert(id)
    } else if case .text(let fid)? = fields[column] {
      dirtyFamilies.insert(fid)
    } else if let fid = try String.fetchOne(
      db, sql: "SELECT family_id FROM \(entity.table) WHERE id = ?", arguments: [id])
    {
      dirtyFamilies.insert(fid)
    }
  }
}

/// The queue of local operations waiting to be pushed to the share.
public enum Outbox {
  /// Signs `ops`, in order, as local transaction `tx` of `user`: the one
  /// place a transaction's signature is made and kept for the push.
  static func sign(
    _ db: Database, tx: Int64, user: String, identity: SigningIdentity, ops: some Collection<ChangeOperation>
  ) throws {
    try db.execute(
      sql: "INSERT INTO outbox_tx(tx, user_id, public_key, signature) VALUES (?, ?, ?, ?)",
      arguments: [tx, user, identity.publicKey, try identity.sign(TransactionDigest.message(ops))])
  }

  /// `transaction` is the signed local transaction the operation belongs to
  /// (`outbox_tx`); nil leaves it unsigned, and every terminal refuses it.
  static func append(_ db: Database, _ op: ChangeOperation, transaction: Int64?) throws {
    try db.execute(
      sql: """
        INSERT INTO outbox(op_id, clock, device, user_id, entity, record_id, field, value, replaces, also_replaces,
          tx)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
      arguments: [
        op.opID, op.clock.description, op.device, op.user, op.entity, op.recordID, op.field, op.value.json,
        op.replaces?.description, op.alsoReplaces.map { FieldValue.json($0.map(\.description)).description },
        transaction,
      ])
    try FieldHistory.record(db, op)
  }

  /// Operations not yet in a pushed batch, oldest first.
  public static func pending(_ db: Database, limit: Int = .max) throws -> [(seq: Int64, op: ChangeOperation)]
  {
    try Row.fetchAll(
      db, sql: "SELECT * FROM outbox WHERE batch IS NULL ORDER BY seq LIMIT ?", arguments: [limit]
    ).map { row in (row["seq"], try operation(row)) }
  }

  /// Outbox rows as operations, each marked with the key whose signature
  /// over its whole transaction verifies (nil when none does), as a
  /// terminal receiving them will mark them.
  ///
  /// `deviceKey` is this terminal's: the only key that may sign for the system account.
  public static func vouched(_ db: Database, _ rows: [Row], deviceKey: String) throws -> [ChangeOperation] {
    var ops = try rows.map(operation)
    let txs = Set(rows.compactMap { $0["tx"] as Int64? })
    var signers: [Int64: String] = [:]
    for tx in txs {
      guard
        let signed = try Row.fetchOne(
          db, sql: "SELECT user_id, public_key, signature FROM outbox_tx WHERE tx = ?", arguments: [tx])
      else { continue }
      let members = try Row.fetchAll(
        db, sql: "SELECT * FROM outbox WHERE tx = ? ORDER BY seq", arguments: [tx]
      )
      .map(operation)
      let key: String = signed["public_key"]
      let user: String = signed["user_id"]
      if members.allSatisfy({ $0.user == user }), user != Store.systemUser.id || key == deviceKey,
        SignatureCheck.verify(
          publicKey: key, signature: signed["signature"], message: TransactionDigest.message(members))
      {
        signers[tx] = key
      }
    }
    for (i, row) in rows.enumerated() { ops[i].signer = (row["tx"] as Int64?).flatMap { signers[$0] } }
    return ops
  }

  public static func pendingCount(_ db: Database) throws -> Int {
    try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE batch IS NULL") ?? 0
  }

  public static func operation(_ row: Row) throws -> ChangeOperation {
    guard let clock = (row["clock"] as DatabaseValue).asText.flatMap(HLC.init) else {
      throw DomainError.conflict("a stored change has an unreadable clock; the store was edited by hand")
    }
    return ChangeOperation(
      opID: row["op_id"], clock: clock, device: row["device"], user: row["user_id"],
      entity: row["entity"], recordID: row["record_id"], field: row["field"],
      value: try FieldValue(json: row["value"]), replaces: (row["replaces"] as String?).flatMap(HLC.init),
      alsoReplaces: (row["also_replaces"] as String?).map { text in
        ((try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []).compactMap(HLC.init)
      }, signer: row.hasColumn("signer") ? row["signer"] : nil,
      batch: row.hasColumn("batch_seq") ? row["batch_seq"] : nil)
  }
}

extension ChangeRecorder {
  /// Audits an access that changes no record (a view, the glass broken, an
  /// export): in this terminal's chain, and as a signed `audit_event` record
  /// that reaches the supervisors of the family's hub on every terminal.
  public func auditAccess(
    _ action: String, entity: Entity, recordID: String, familyID: String?, hub: String?, detail: String
  ) throws {
    try audit(action, entity: entity, recordID: recordID, familyID: familyID, detail: detail)
    try insert(
      .auditEvent, id: UUID().uuidString.lowercased(),
      [
        "action": .text(action), "entity_name": .text(entity.rawValue), "record_id": .text(recordID),
        "family_id": familyID.map(FieldValue.text) ?? .null, "hub_id": hub.map(FieldValue.text) ?? .null,
        "detail": .text(String(detail.prefix(Limits.notes))),
      ])
  }
}
