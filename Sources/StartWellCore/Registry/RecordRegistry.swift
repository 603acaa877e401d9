/// Who may write a field, judged against the author's role and active state
/// as of the operation's clock.
public enum WriteRule: Sendable, Equatable {
  /// Anyone whose role has the permission.
  case permission(Permission)
  /// The first write of the field needs `create` (and, when `initial` is
  /// given, must write exactly that value); every later write needs `edit`.
  /// This is how a practitioner may raise an escalation but only a
  /// supervisor may decide it.
  case created(Permission, initial: FieldValue? = nil, then: Permission)
  /// The user record's own subject, or anyone with the permission.
  case selfOr(Permission)
}

/// A domain rule on one value that every terminal evaluates alike: it may
/// not depend on the local configuration or the local clock.
public struct FieldRule: Sendable {
  public let check: @Sendable (FieldValue) -> String?
  public init(_ check: @escaping @Sendable (FieldValue) -> String?) { self.check = check }
}

/// One field of one entity: the single definition every layer derives from.
public struct FieldSpec: Sendable {
  public let name: String
  public let kind: FieldKind
  /// The column's value before any operation has set it (the table's default).
  public let empty: FieldValue
  public let rule: FieldRule?
  public let merge: MergeRule
  /// Overrides the entity's write rule for this field.
  public let write: WriteRule?

  public init(
    _ name: String, _ kind: FieldKind, empty: FieldValue? = nil, rule: FieldRule? = nil,
    merge: MergeRule = .lastWriterWins, write: WriteRule? = nil
  ) {
    self.name = name
    self.kind = kind
    self.empty = empty ?? (kind.nullable ? .null : .text(""))
    self.rule = rule
    self.merge = merge
    self.write = write
  }
}

/// A rule that spans records, and what happens when two terminals break it
/// at once (neither can see the other's record until they sync).
public enum Invariant: Sendable, Equatable {
  /// No two live records share the value of `field`. When two terminals
  /// break it concurrently both records are kept and the clash is shown to
  /// the people who can settle it (`resolution` says how).
  case unique(field: String, resolution: String)
  /// At most one live record per `scope` matches `condition` (SQL on the
  /// table). Both records are kept; readers choose the oldest, and the clash
  /// is listed.
  case onePer(scope: [String], condition: String, resolution: String)
}

/// A workflow step on a record: a supervisor's decision on an escalation, a
/// referral moving on, a notification's triage. The state field and the
/// fields written with it travel as one: every operation of one step
/// carries the same clock, and the record always shows all the fields of
/// the step that stands, never a mix of two. Two steps from one state that
/// did not see each other are a conflict a person resolves, and until then
/// nothing that follows from either (`effects`) stands.
public struct TransitionSpec: Sendable {
  /// Something a step does to another record, written in the same change
  /// with the step's clock: an accepted escalation steps its case up.
  public struct Effect: Sendable, Equatable {
    public let entity: String
    public let field: String
    /// The column of the stepping record naming the record changed.
    public let via: String
    public init(entity: String, field: String, via: String) {
      self.entity = entity
      self.field = field
      self.via = via
    }
  }

  public let state: String
  /// The other fields a step writes together with its state.
  public let fields: [String]
  /// Which states may follow which (the workflow's table, in `Workflow`).
  public let moves: [String: [String]]
  public let effects: [Effect]

  public init(state: String, fields: [String], moves: [String: [String]], effects: [Effect] = []) {
    self.state = state
    self.fields = fields
    self.moves = moves
    self.effects = effects
  }

  public func allows(from: String, to: String) -> Bool { moves[from]?.contains(to) ?? false }

  /// The state field or one written with it.
  public func covers(_ field: String) -> Bool { field == state || fields.contains(field) }
}

/// One synced record type.
public struct EntitySpec: Sendable {
  public let entity: String
  public let table: String
  public let fields: [FieldSpec]
  /// The column naming the family the record belongs to ("id" for a family).
  public let familyColumn: String?
  public let write: WriteRule
  public let invariants: [Invariant]
  /// Columns this terminal derives from the synced ones (search and list
  /// filters); they never travel and are never written by an operation.
  public let localColumns: [String]
  /// A supervisor's decision on this record (an escalation's step, a case's
  /// level) needs the family's hub among the author's hubs at the time.
  public let decisionsInOwnHubs: Bool
  /// The record's workflow step, if it has one.
  public let transition: TransitionSpec?
  /// Its id is made from what the record is (a huddle's SDF and day), so
  /// terminals apart make the same record: each one's making is a making,
  /// not an edit of the other's, and the merge rules settle its fields.
  public let madeFromKey: Bool
  private let byName: [String: Int]

  public init(
    _ entity: String, table: String, familyColumn: String?, write: WriteRule, invariants: [Invariant] = [],
    localColumns: [String] = [], decisionsInOwnHubs: Bool = false, transition: TransitionSpec? = nil,
    madeFromKey: Bool = false, fields: [FieldSpec]
  ) {
    self.entity = entity
    self.madeFromKey = madeFromKey
    self.transition = transition
    self.table = table
    self.decisionsInOwnHubs = decisionsInOwnHubs
    self.localColumns = localColumns
    self.familyColumn = familyColumn
    self.write = write
    self.invariants = invariants
    self.fields = fields + RecordRegistry.commonFields
    var index: [String: Int] = [:]
    for (i, f) in self.fields.enumerated() { index[f.name] = i }
    self.byName = index
  }

  public var fieldNames: [String] { fields.map(\.name) }

  public func field(_ name: String) -> FieldSpec? { byName[name].map { fields[$0] } }

  public func writeRule(_ field: FieldSpec) -> WriteRule { field.write ?? write }

  /// A copy with extra fields, as a newer version of the registry would have.
  public func adding(_ extra: [FieldSpec]) -> EntitySpec {
    EntitySpec(
      entity, table: table, familyColumn: familyColumn, write: write, invariants: invariants,
      localColumns: localColumns, decisionsInOwnHubs: decisionsInOwnHubs, transition: transition,
      madeFromKey: madeFromKey, fields: Array(fields.dropLast(RecordRegistry.commonFields.count)) + extra)
  }
}

/// Every synced entity and field. The store's tables are held against it by
/// a test; the sync whitelist, the gate, the merge policy, snapshots and the
/// state hash are derived from it.
public struct RecordRegistry: Sendable {
  /// Carried by every batch, so a reader can tell an operation from a newer
  /// StartWell from a malformed one. Raise it whenever an entity or field is added.
  public let version: Int
  public let entities: [EntitySpec]
  private let byName: [String: Int]

  public init(version: Int, entities: [EntitySpec]) {
    self.version = version
    self.entities = entities
    var index: [String: Int] = [:]
    for (i, e) in entities.enumerated() { index[e.entity] = i }
    self.byName = index
  }

  public func spec(named entity: String) -> EntitySpec? { byName[entity].map { entities[$0] } }

  public func spec(_ entity: Entity) -> EntitySpec {
    guard let spec = spec(named: entity.rawValue) else {
      preconditionFailure("the registry has no entry for \(entity.rawValue)")
    }
    return spec
  }

  public func field(_ entity: String, _ field: String) -> FieldSpec? { spec(named: entity)?.field(field) }

  public func merge(entity: String, field: String) -> MergeRule {
    self.field(entity, field)?.merge ?? .lastWriterWins
  }

  /// Fields whose concurrent edits are a conflict for a person: the
  /// safeguarding-critical ones and every workflow state.
  public func conflictTracked(entity: String, field: String) -> Bool {
    merge(entity: entity, field: field) == .conflictOnConcurrentEdit
      || spec(named: entity)?.transition?.state == field
  }

  /// The workflow steps that write `entity.field` as an effect, with the column naming the record.
  public func effects(on entity: String, field: String) -> [(
    source: EntitySpec, effect: TransitionSpec.Effect
  )] {
    entities.flatMap { spec in
      (spec.transition?.effects ?? []).filter { $0.entity == entity && $0.field == field }.map { (spec, $0) }
    }
  }

  /// A newer registry: the same entities with extra fields on one.
  public func adding(_ extra: [FieldSpec], to entity: String, version: Int) -> RecordRegistry {
    RecordRegistry(
      version: version, entities: entities.map { $0.entity == entity ? $0.adding(extra) : $0 })
  }

  /// Every entity carries these: when and by whom it was made, and a tombstone instead of deletion.
  static let commonFields: [FieldSpec] = [
    FieldSpec("created_at", .timestamp, merge: .appendOnly),
    FieldSpec("updated_at", .timestamp),
    FieldSpec("author_id", .reference(.user), merge: .appendOnly),
    FieldSpec("deleted", .flag, empty: .integer(0), merge: .tombstone),
  ]
}
