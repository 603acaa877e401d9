import Foundation
import GRDB
import StartWellCore

/// A map (JSON object) or set (JSON list) held in one column, as entries:
/// a map's key to its value's JSON, a set's element's JSON to "".
struct KeyedJSON: Equatable {
  var isMap: Bool
  var entries: [String: String]
  /// A set's elements in the order written.
  var order: [String]

  init?(_ value: FieldValue) {
    guard let text = value.textValue,
      let any = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    else { return nil }
    if let dict = any as? [String: Any] {
      isMap = true
      entries = dict.compactMapValues(Self.fragment)
      order = entries.keys.sorted()
    } else if let list = any as? [Any] {
      isMap = false
      order = []
      entries = [:]
      for element in list.compactMap(Self.fragment) where entries[element] == nil {
        entries[element] = ""
        order.append(element)
      }
    } else {
      return nil
    }
  }

  init(isMap: Bool, entries: [String: String], order: [String]) {
    self.isMap = isMap
    self.entries = entries
    self.order = order
  }

  static func fragment(_ any: Any) -> String? {
    guard
      let data = try? JSONSerialization.data(withJSONObject: any, options: [.fragmentsAllowed, .sortedKeys])
    else { return nil }
    return String(decoding: data, as: UTF8.self)
  }

  var text: String {
    if isMap {
      return "{"
        + entries.keys.sorted().map { "\(Self.fragment($0) ?? "\"\"")" + ":" + entries[$0]! }.joined(
          separator: ",")
        + "}"
    }
    return "[" + order.filter { entries[$0] != nil }.joined(separator: ",") + "]"
  }

  /// The same map or set written one way, whatever order its keys came in.
  static func canonical(_ value: FieldValue) -> FieldValue {
    guard var keyed = KeyedJSON(value) else { return value }
    keyed.order.sort()
    return .text(keyed.text)
  }
}

/// One accepted operation on a field, as the workflow merge reads it.
struct FieldStep {
  var opID: String
  var clock: String
  var device: String
  var userID: String
  var value: FieldValue
  /// The clocks it replaced: `replaces` first, then any further heads a resolution settled.
  var parents: [String]
}

/// Where a workflow record stands, from the accepted writes of its state field.
struct Standing {
  var steps: [String: FieldStep] = [:]
  /// Steps nothing replaced: more than one is a conflict a person resolves.
  var heads: [FieldStep] = []
  /// The step shown until then (the highest clock), and the steps it builds on.
  var winner: FieldStep?
  var shown: Set<String> = []
  /// The steps every head builds on: what stands whichever way a conflict is resolved.
  var agreed: Set<String> = []

  init(_ all: [FieldStep]) {
    for step in all where steps[step.clock] == nil { steps[step.clock] = step }
    let replaced = Set(all.flatMap(\.parents))
    heads = steps.values.filter { !replaced.contains($0.clock) }.sorted { Self.before($1, $0) }
    winner = heads.first
    guard let winner else { return }
    shown = chain(from: winner)
    agreed = heads.dropFirst().reduce(shown) { $0.intersection(chain(from: $1)) }
  }

  /// The higher of two writes of one field: the higher clock, then the smaller op id.
  static func before(_ a: FieldStep, _ b: FieldStep) -> Bool {
    a.clock == b.clock ? a.opID > b.opID : a.clock < b.clock
  }

  /// A step and those it follows. A resolution follows the head whose value it kept.
  func chain(from head: FieldStep) -> Set<String> {
    var seen: Set<String> = []
    var current: FieldStep? = head
    while let step = current, seen.insert(step.clock).inserted {
      let held = step.parents.compactMap { steps[$0] }
      current =
        held.count > 1
        ? (held.filter { $0.value == step.value }.max { Self.before($0, $1) } ?? held.first)
        : held.first
    }
    return seen
  }
}

extension OperationGate {
  /// After an operation is applied or withdrawn: brings the values the
  /// registry derives from several operations back in step with the
  /// operations held (a workflow step's fields, its effect on another
  /// record, a map merged by key). Each is a function of the accepted
  /// operations alone, so every terminal holding them shows the same.
  ///
  /// Settling waits for the end of the transaction (`settlePending`), so a
  /// batch carrying a record's many fields settles it once.
  func settleDerived(_ op: ChangeOperation) {
    settleDerived(entity: op.entity, recordID: op.recordID, field: op.field)
  }

  func settleDerived(entity: String, recordID: String, field name: String) {
    guard let spec = registry.spec(named: entity), let field = spec.field(name) else { return }
    // A step's record settles again when its state, a field written with
    // it, or the column naming the record its effect changes arrives.
    let stepping = spec.transition.map { Self.steps($0, name) } ?? false
    let derived =
      stepping || field.merge == .addWinsByKey || !registry.effects(on: entity, field: name).isEmpty
    guard derived else { return }
    let key = stepping ? "\(entity)|\(recordID)|" : "\(entity)|\(recordID)|\(name)"
    if unsettled.updateValue((entity, recordID, name), forKey: key) == nil { unsettledOrder.append(key) }
  }

  private static func steps(_ transition: TransitionSpec, _ field: String) -> Bool {
    transition.covers(field) || transition.effects.contains { $0.via == field }
  }

  /// Settles every record `settleDerived` noted.
  func settlePending() throws {
    while !unsettledOrder.isEmpty {
      let key = unsettledOrder.removeFirst()
      guard let (entity, recordID, field) = unsettled.removeValue(forKey: key) else { continue }
      try settle(entity: entity, recordID: recordID, field: field)
    }
  }

  private func settle(entity: String, recordID: String, field name: String) throws {
    guard let spec = registry.spec(named: entity), let field = spec.field(name) else { return }
    if field.merge == .addWinsByKey { try settleKeyed(spec, field, recordID) }
    if let transition = spec.transition, Self.steps(transition, name) {
      try settleTransition(spec, transition, recordID)
    }
    if !registry.effects(on: entity, field: name).isEmpty { try settleEffect(spec, field, recordID) }
  }

  func acceptedSteps(_ entity: String, _ recordID: String, _ field: String) throws -> [FieldStep] {
    try Row.fetchAll(
      db.cachedStatement(
        sql: """
          SELECT op_id, clock, device, user_id, value, replaces, also_replaces FROM op_log INDEXED BY op_log_field
          WHERE entity = ? AND record_id = ? AND field = ? AND status = 'accepted' ORDER BY clock, op_id
          """), arguments: [entity, recordID, field]
    ).compactMap { row in
      guard let value = try? FieldValue(json: row["value"]) else { return nil }
      let also =
        (row["also_replaces"] as String?).flatMap {
          try? JSONDecoder().decode([String].self, from: Data($0.utf8))
        } ?? []
      return FieldStep(
        opID: row["op_id"], clock: row["clock"], device: row["device"], userID: row["user_id"], value: value,
        parents: [row["replaces"] as String?].compactMap { $0 } + also)
    }
  }

  /// The refused writes of a workflow's state on one record.
  private func refusedSteps(_ entity: String, _ recordID: String, _ field: String) throws
    -> [(device: String, clock: String)]
  {
    try Row.fetchAll(
      db.cachedStatement(
        sql: """
          SELECT device, clock FROM op_log INDEXED BY op_log_field
          WHERE entity = ? AND record_id = ? AND field = ? AND status = 'refused'
          """), arguments: [entity, recordID, field]
    ).map { ($0["device"], $0["clock"]) }
  }

  /// Where a workflow record stands now.
  func standing(_ spec: EntitySpec, _ recordID: String) throws -> Standing? {
    guard let transition = spec.transition else { return nil }
    return Standing(try acceptedSteps(spec.entity, recordID, transition.state))
  }

  private func exists(_ spec: EntitySpec, _ id: String) throws -> Bool {
    try Bool.fetchOne(
      db.cachedStatement(sql: "SELECT EXISTS(SELECT 1 FROM \(spec.table) WHERE id = ?)"), arguments: [id])
      ?? false
  }

  /// Sets a column to what the merge says, with the clock of the write it shows.
  private func show(_ spec: EntitySpec, _ id: String, _ field: String, _ value: FieldValue, clock: String?)
    throws
  {
    try db.cachedStatement(sql: "UPDATE \(spec.table) SET \(field) = ? WHERE id = ? AND \(field) IS NOT ?")
      .execute(arguments: [value.databaseValue, id, value.databaseValue])
    guard let clock else { return }
    try db.cachedStatement(
      sql: """
        INSERT INTO field_clock(entity, record_id, field, clock) VALUES (?, ?, ?, ?)
        ON CONFLICT(entity, record_id, field) DO UPDATE SET clock = excluded.clock
        """
    ).execute(arguments: [spec.entity, id, field, clock])
  }

  /// A workflow record shows the state of its winning step and every field
  /// of the steps that step builds on; a rival step's fields are held but
  /// not shown. Then the effects of its steps are settled.
  private func settleTransition(_ spec: EntitySpec, _ transition: TransitionSpec, _ id: String) throws {
    guard try exists(spec, id) else { return }
    let standing = Standing(try acceptedSteps(spec.entity, id, transition.state))
    guard let winner = standing.winner else { return }
    try show(spec, id, transition.state, winner.value, clock: winner.clock)
    // A field belongs to the step its terminal wrote with it: the same clock
    // (or, for changes made before steps shared one clock, the next step
    // that terminal wrote on this record).
    // A refused step (a move its table does not allow) still owns its
    // fields, so they are held but never shown.
    var stepsByDevice: [String: [String]] = [:]
    for step in standing.steps.values { stepsByDevice[step.device, default: []].append(step.clock) }
    for row in try refusedSteps(spec.entity, id, transition.state) {
      stepsByDevice[row.device, default: []].append(row.clock)
    }
    for key in stepsByDevice.keys { stepsByDevice[key]!.sort() }
    for name in transition.fields {
      guard let field = spec.field(name) else { continue }
      let kept = try acceptedSteps(spec.entity, id, name).filter { write in
        guard let owner = stepsByDevice[write.device]?.first(where: { $0 >= write.clock }) else {
          return true
        }
        return standing.shown.contains(owner)
      }
      let chosen = kept.max { Standing.before($0, $1) }
      try show(spec, id, name, chosen?.value ?? field.empty, clock: chosen?.clock)
    }
    for effect in transition.effects {
      guard let target = registry.spec(named: effect.entity), let field = target.field(effect.field),
        let targetID = try String.fetchOne(
          db.cachedStatement(sql: "SELECT \(effect.via) FROM \(spec.table) WHERE id = ?"), arguments: [id])
      else { continue }
      try settleEffect(target, field, targetID)
    }
  }

  /// A field a workflow step writes on another record (a case's level) shows
  /// its newest write that stands: a write made with a step stands only
  /// while every open decision on that record builds on the step.
  private func settleEffect(_ spec: EntitySpec, _ field: FieldSpec, _ id: String) throws {
    guard try exists(spec, id) else { return }
    let writes = try acceptedSteps(spec.entity, id, field.name).sorted { Standing.before($1, $0) }
    let sources = registry.effects(on: spec.entity, field: field.name)
    var chosen: FieldStep?
    for write in writes {
      if try !withheld(write, sources: sources, targetID: id) {
        chosen = write
        break
      }
    }
    try show(spec, id, field.name, chosen?.value ?? field.empty, clock: chosen?.clock)
  }

  private func withheld(
    _ write: FieldStep, sources: [(source: EntitySpec, effect: TransitionSpec.Effect)], targetID: String
  ) throws -> Bool {
    for (source, effect) in sources {
      guard let state = source.transition?.state else { continue }
      let records = try String.fetchAll(
        db.cachedStatement(
          sql: """
            SELECT o.record_id FROM op_log o INDEXED BY op_log_author JOIN \(source.table) s ON s.id = o.record_id
            WHERE o.user_id = ? AND o.clock = ? AND o.entity = ? AND o.field = ? AND o.device = ?
              AND o.status = 'accepted' AND s.\(effect.via) = ?
            """), arguments: [write.userID, write.clock, source.entity, state, write.device, targetID])
      for record in records {
        let standing = Standing(try acceptedSteps(source.entity, record, state))
        if !standing.agreed.contains(write.clock) { return true }
      }
    }
    return false
  }

  /// The writes of a map or set nothing replaced.
  func keyedHeads(_ entity: String, _ recordID: String, _ field: String) throws -> [String] {
    Standing(try acceptedSteps(entity, recordID, field)).heads.map(\.clock)
  }

  /// A map or set merged by key: a key is present when some write added it
  /// (or changed its value) and no write that saw that one removed it; a key
  /// set on two sides keeps the later value.
  private func settleKeyed(_ spec: EntitySpec, _ field: FieldSpec, _ id: String) throws {
    let writes = try acceptedSteps(spec.entity, id, field.name)
    guard writes.count > 1, try exists(spec, id) else { return }
    let standing = Standing(writes)
    guard let winner = standing.winner, let shown = KeyedJSON(winner.value) else { return }
    var parsed: [String: KeyedJSON] = [:]
    for write in standing.steps.values { parsed[write.clock] = KeyedJSON(write.value) }
    var ancestors: [String: Set<String>] = [:]
    func ancestry(_ clock: String) -> Set<String> {
      if let known = ancestors[clock] { return known }
      ancestors[clock] = []
      var all: Set<String> = []
      for parent in standing.steps[clock]?.parents ?? [] where standing.steps[parent] != nil {
        all.insert(parent)
        all.formUnion(ancestry(parent))
      }
      ancestors[clock] = all
      return all
    }
    var added: [String: [FieldStep]] = [:]
    var removedBy: [String: [String]] = [:]
    for write in standing.steps.values {
      guard let mine = parsed[write.clock] else { continue }
      var before: [String: String] = [:]
      for parent in write.parents {
        for (key, value) in parsed[parent]?.entries ?? [:] { before[key] = value }
      }
      for (key, value) in mine.entries where before[key] != value { added[key, default: []].append(write) }
      for key in before.keys where mine.entries[key] == nil {
        removedBy[key, default: []].append(write.clock)
      }
    }
    var merged: [String: String] = [:]
    for (key, adds) in added {
      let removers = removedBy[key] ?? []
      let standingAdds = adds.filter { add in !removers.contains { ancestry($0).contains(add.clock) } }
      if let latest = standingAdds.max(by: { Standing.before($0, $1) }) {
        merged[key] = parsed[latest.clock]?.entries[key]
      }
    }
    let value: FieldValue
    if merged == shown.entries {
      value = winner.value
    } else {
      let order =
        shown.order.filter { merged[$0] != nil } + merged.keys.filter { shown.entries[$0] == nil }.sorted()
      value = .text(KeyedJSON(isMap: shown.isMap, entries: merged, order: order).text)
    }
    try show(spec, id, field.name, value, clock: nil)
  }
}
