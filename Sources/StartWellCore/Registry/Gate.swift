/// What the replicated user records say about an operation's author at the
/// operation's clock.
public struct AuthorState: Sendable, Equatable {
  public var userID: String
  public var role: Role
  /// The hubs the author worked in at the operation's clock.
  public var hubs: [String]
  public var active: Bool
  /// The store's own system account, which sets the store up (the founding
  /// admin). It may write anything, but only on the founding terminal.
  public var isSystem: Bool
  /// The author's public key at the operation's clock.
  public var publicKey: String?

  public init(
    userID: String, role: Role, hubs: [String] = [], active: Bool, isSystem: Bool = false,
    publicKey: String? = nil
  ) {
    self.userID = userID
    self.publicKey = publicKey
    self.role = role
    self.hubs = hubs
    self.active = active
    self.isSystem = isSystem
  }
}

/// The gate's answer for one operation.
public enum Verdict: Sendable, Equatable {
  case accept
  /// Kept in the list of refused changes with its reason; changes nothing.
  case refuse(String)
  /// For an entity or field this version does not know: kept until an upgrade.
  case park(String)
}

/// The one gate every operation passes, written here or pulled from the
/// share. It is a pure function of the operation, the registry and facts
/// the store derives from the operations it holds, so every terminal that
/// holds the same operations reaches the same verdicts.
public enum Gate {
  /// - Parameters:
  ///   - author: the author's state at the operation's clock; nil when no
  ///     accepted user record names them.
  ///   - firstWrite: part of the record's making, and no accepted operation
  ///     on this field comes before this one.
  ///   - making: part of the record's making (it replaces nothing, and its
  ///     author and terminal made the record), rather than a later edit.
  ///   - recordHub: the hub of the family the record belongs to, at the
  ///     operation's clock; nil when not known.
  ///   - priorStates: for a later write of a workflow's state, the states it
  ///     replaces (one, or the rival heads a resolution settles).
  public static func judge(
    _ op: ChangeOperation, registry: RecordRegistry, author: AuthorState?, firstWrite: Bool,
    making: Bool? = nil, recordHub: String? = nil, priorStates: [String] = []
  ) -> Verdict {
    guard let entity = registry.spec(named: op.entity) else {
      return .park("this StartWell does not know records of type \(op.entity)")
    }
    guard let field = entity.field(op.field) else {
      return .park("this StartWell does not know the field \(op.entity).\(op.field)")
    }
    let label = "\(op.entity).\(op.field)"
    if let problem = field.kind.problem(with: op.value) { return .refuse("\(label) \(problem)") }
    if let problem = field.rule?.check(op.value) { return .refuse("\(label): \(problem)") }
    if op.field == "author_id", op.value != .text(op.user) {
      return .refuse("\(label) names someone other than the change's author")
    }
    // A record whose id is made from its key may be made on several
    // terminals at once: a write that replaces nothing is its making there.
    // Its append-only fields keep the first making's value and a tombstone
    // stays set, by their merge rules, so none of it is an edit to refuse.
    let madeHere = entity.madeFromKey && op.replaces == nil
    if !(making ?? (op.replaces == nil)) && !madeHere {
      switch field.merge {
      case .appendOnly: return .refuse("\(label) cannot be changed once recorded")
      case .tombstone where op.value == .integer(0):
        // A deletion, a contact entered in error, a closed huddle: final.
        return .refuse(
          op.field == "deleted"
            ? "a deleted \(op.entity) stays deleted" : "\(label) cannot be undone once set")
      default: break
      }
      if let problem = illegalMove(op, entity, from: priorStates) { return .refuse("\(label) \(problem)") }
    }
    guard let author else { return .refuse("its author \(op.user) is not a user of this store") }
    if author.isSystem { return .accept }
    guard author.active else { return .refuse("its author was inactive when it was made") }
    let rule = entity.writeRule(field)
    if case .selfOr = rule, op.recordID == author.userID { return .accept }
    let needed = permission(rule, op: op, firstWrite: firstWrite)
    guard Permissions.allows(author.role, needed) else {
      return .refuse("a \(author.role.rawValue) may not \(needed.rawValue) (\(label))")
    }
    // A decision is taken for a family of one's own hubs; casework writes
    // elsewhere are allowed with a reason (break the glass), recorded where made.
    // A supervisor's mark on the net is the same kind of judgement, and so
    // is a huddle's record: only the hub's own leads run its huddles.
    if entity.decisionsInOwnHubs,
      needed == .decideEscalation || needed == .superviseCaseloads || needed == .triageNotifications
    {
      guard let recordHub, author.hubs.contains(recordHub) else {
        // A notification belongs to the hub that took it in, not to a family.
        let who =
          needed == .triageNotifications
          ? "someone of the notification's hub" : "a supervisor of the family's hub"
        return .refuse("\(label) is decided only by \(who)\(recordHub.map { " (\($0))" } ?? "")")
      }
    }
    if entity.decisionsInOwnHubs, needed == .runHuddle {
      guard let recordHub, author.hubs.contains(recordHub) else {
        return .refuse(
          "\(label) is written only by a lead of the huddle's hub\(recordHub.map { " (\($0))" } ?? "")")
      }
    }
    return .accept
  }

  /// A workflow step must be a move its table allows from a state it
  /// replaces. Keeping a state (a resolution keeps one rival's) is no move.
  private static func illegalMove(_ op: ChangeOperation, _ entity: EntitySpec, from priors: [String])
    -> String?
  {
    guard let transition = entity.transition, op.field == transition.state, let to = op.value.textValue,
      !priors.isEmpty
    else { return nil }
    if priors.contains(where: { $0 == to || transition.allows(from: $0, to: to) }) { return nil }
    return "cannot move from \(priors.sorted().joined(separator: " or ")) to \(to)"
  }

  /// The permission a write needs under `rule`.
  private static func permission(_ rule: WriteRule, op: ChangeOperation, firstWrite: Bool) -> Permission {
    switch rule {
    case .permission(let p), .selfOr(let p): p
    case .created(let create, let initial, let edit):
      firstWrite && (initial == nil || initial == op.value) ? create : edit
    }
  }
}
