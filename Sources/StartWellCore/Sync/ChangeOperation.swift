import Foundation

/// A stored field value as it travels between terminals.
public enum FieldValue: Hashable, Sendable, Codable, CustomStringConvertible {
  case null
  case text(String)
  case integer(Int64)
  case real(Double)

  /// JSON has one number type, so a real is wrapped as `{"real": 2.0}`; a bare number is always an integer.
  private enum RealKey: String, CodingKey { case real }

  public init(from decoder: Decoder) throws {
    if let keyed = try? decoder.container(keyedBy: RealKey.self),
      let d = try? keyed.decode(Double.self, forKey: .real)
    {
      self = .real(d)
      return
    }
    let c = try decoder.singleValueContainer()
    if c.decodeNil() {
      self = .null
    } else if let i = try? c.decode(Int64.self) {
      self = .integer(i)
    } else {
      self = .text(try c.decode(String.self))
    }
  }

  public func encode(to encoder: Encoder) throws {
    if case .real(let d) = self {
      var keyed = encoder.container(keyedBy: RealKey.self)
      try keyed.encode(d, forKey: .real)
      return
    }
    var c = encoder.singleValueContainer()
    switch self {
    case .null: try c.encodeNil()
    case .text(let s): try c.encode(s)
    case .integer(let i): try c.encode(i)
    case .real: break
    }
  }

  public var description: String {
    switch self {
    case .null: "null"
    case .text(let s): s
    case .integer(let i): String(i)
    case .real(let d): String(d)
    }
  }
}

/// One changed field of one record: the unit that sync carries and merges.
public struct ChangeOperation: Hashable, Sendable, Codable {
  public var opID: String
  public var clock: HLC
  public var device: String
  public var user: String
  public var entity: String
  public var recordID: String
  public var field: String
  public var value: FieldValue
  /// The clock of the value this one replaced (nil for a new record), so a
  /// receiver can tell a concurrent edit from a sequential one.
  public var replaces: HLC?
  /// Further heads this value settles: set only when a person resolves a
  /// conflict, so the resolution closes it on every terminal.
  public var alsoReplaces: [HLC]?
  /// The public key whose signature over the operation's transaction was
  /// checked (nil when it came unsigned). Not part of the operation's
  /// content: it says who vouched for it, and the gate decides whether that
  /// key was the author's at the operation's clock.
  public var signer: String?
  /// The number of the batch of its terminal's log it came in; nil for a
  /// local operation. A revoked terminal's batches after its revocation are refused.
  public var batch: Int64?

  public init(
    opID: String, clock: HLC, device: String, user: String, entity: String, recordID: String, field: String,
    value: FieldValue, replaces: HLC?, alsoReplaces: [HLC]? = nil, signer: String? = nil,
    batch: Int64? = nil
  ) {
    self.batch = batch
    self.alsoReplaces = alsoReplaces
    self.signer = signer
    self.opID = opID
    self.clock = clock
    self.device = device
    self.user = user
    self.entity = entity
    self.recordID = recordID
    self.field = field
    self.value = value
    self.replaces = replaces
  }
}

/// How concurrent edits of a field are merged.
public enum MergeRule: Sendable, Equatable {
  /// The highest (clock, device) wins.
  case lastWriterWins
  /// Written once, when the record is made: an edit is refused, and of two
  /// terminals making the same record at once the first write wins.
  case appendOnly
  /// A deletion flag: once set it stays set, whatever the clocks.
  case tombstone
  /// Safeguarding-critical: concurrent edits become a conflict a person resolves.
  case conflictOnConcurrentEdit
  /// A map (JSON object) or set (JSON list) merged by key: what one edit
  /// added stays unless an edit that saw it removed it, so of a concurrent
  /// add and remove the add wins; a key set on two sides keeps the later value.
  case addWinsByKey
}

public enum MergePolicy {
  public static func rule(entity: String, field: String) -> MergeRule {
    RecordRegistry.current.merge(entity: entity, field: field)
  }
}

extension FieldValue {
  /// The value when it is text, else nil.
  public var textValue: String? {
    if case .text(let s) = self { return s }
    return nil
  }
}
