import Crypto
import Foundation
import StartWellCore

/// The on-share file format, version 2 (signed). `FORMAT.md` beside this folder
/// describes it for people; this file is the one place the code spells it.
public enum ShareFormat {
  /// The version written into every file. A reader refuses anything else,
  /// so an older terminal never half-reads a newer layout.
  public static let version = 2
  /// Shares written before signatures: read, never written to.
  public static let unsignedVersion = 1

  public static let storeFile = "STORE.json"
  public static let devicesFolder = "devices"
  public static let snapshotsFolder = "snapshots"
  public static let stagingFolder = "tmp"
  public static let deviceFile = "device.json"
  public static let logFolder = "log"

  /// The `prev` of a device's first batch.
  public static let genesisHash = String(repeating: "0", count: 64)
  /// Hex digits of the file hash kept in a batch file's name.
  static let namePrefixLength = 16

  static func deviceFolder(_ device: String) -> String { "\(devicesFolder)/\(device)" }
  static func logFolder(_ device: String) -> String { "\(devicesFolder)/\(device)/\(logFolder)" }
  static func stagingFolder(_ device: String) -> String { "\(stagingFolder)/\(device)" }

  /// `000000000042-0123456789abcdef.json`: the sequence number first so names
  /// sort in log order, then the start of the file's own SHA-256.
  static func batchName(seq: Int64, hash: String) -> String {
    let digits = String(seq)
    return String(repeating: "0", count: max(0, 12 - digits.count)) + digits + "-"
      + hash.prefix(namePrefixLength) + ".json"
  }

  /// Reads a batch file name back; nil for anything else (tool copies, dotfiles, strays).
  static func parseBatchName(_ name: String) -> (seq: Int64, hashPrefix: String)? {
    let utf8 = Array(name.utf8)
    guard utf8.count == 12 + 1 + namePrefixLength + 5, name.hasSuffix(".json"), utf8[12] == UInt8(ascii: "-")
    else { return nil }
    let digits = utf8[0..<12]
    let hex = utf8[13..<(13 + namePrefixLength)]
    guard digits.allSatisfy({ (48...57).contains($0) }),
      hex.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }),
      let seq = Int64(String(decoding: digits, as: UTF8.self)), seq > 0
    else { return nil }
    return (seq, String(decoding: hex, as: UTF8.self))
  }

  /// Copies that file-sync tools and editors leave behind; never read, never reported.
  static func isToolLeftover(_ name: String) -> Bool {
    name.hasPrefix(".") || name.hasPrefix("~$") || name.contains(".sync-conflict-")
      || name.lowercased().contains("conflicted copy")
  }

  /// The largest batch file read. A batch holds about 5,000 operations
  /// (`SyncEngine.batchLimit`, a few megabytes) and grows past that only to
  /// end on a transaction boundary; anything far larger is not a batch.
  public static let batchReadLimit = 64 << 20
  /// The largest snapshot file read: a chunk is 20,000 rows of one table.
  public static let snapshotReadLimit = 256 << 20
  /// The largest `STORE.json` or `device.json` read: both are a few hundred bytes.
  public static let smallFileReadLimit = 1 << 20

  /// The most bytes read from the file at `path`, by what kind of file it is.
  /// A larger file is refused without being read.
  public static func readLimit(for path: String) -> Int {
    if path.hasPrefix(snapshotsFolder + "/") { return snapshotReadLimit }
    if path.hasPrefix(devicesFolder + "/") && !path.hasSuffix("/" + deviceFile) { return batchReadLimit }
    return smallFileReadLimit
  }

  /// Device ids are the store's random ids: lower-case letters and digits only.
  static func isDeviceID(_ name: String) -> Bool {
    !name.isEmpty && name.count <= 64
      && name.utf8.allSatisfy { (48...57).contains($0) || (97...122).contains($0) }
  }

  static func sha256Hex(_ data: Data) -> String {
    Hex.string(SHA256.hash(data: data))
  }

  static func encoder() -> JSONEncoder {
    let e = JSONEncoder()
    e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return e
  }
}

/// `STORE.json`: written once by `share init`, read by every terminal.
public struct ShareManifest: Codable, Equatable, Sendable {
  public struct KDF: Codable, Equatable, Sendable {
    public var name: String
    public var salt: String
    public var rounds: Int
    public var blockSize: Int
    public var parallelism: Int
  }

  public var format: Int
  public var kind: String
  public var storeId: String
  public var created: String
  /// `file` or `passphrase`: which kind of key opened the key check when the share was made.
  public var keySource: String
  public var kdf: KDF
  public var keyCheck: SealedBox
  /// The terminal that created the share. Only its system account may make
  /// users: that is how the founding admin reaches every other terminal,
  /// and why `init` elsewhere cannot make another. Absent on shares made
  /// before it was recorded.
  public var founderDevice: String?
  /// The founding admin's user id and public key: every user's authority
  /// chains back to this key. Absent only on a demo share.
  public var rootUser: String?
  public var rootKey: String?
  /// A share of demo data, whose accounts use the password `demo`. A
  /// terminal holding real users never joins one.
  public var demo: Bool?

  static let kindValue = "startwell-share"
}

/// `devices/<id>/device.json`: written once when a terminal joins.
public struct DeviceManifest: Codable, Equatable, Sendable {
  public var format: Int
  public var device: String
  public var hub: String?
  public var created: String
  /// The terminal's public signing key: every batch in its folder must be signed by it.
  public var publicKey: String?
}

/// A sealed AEAD box as it appears in JSON: three base64 strings.
public struct SealedBox: Codable, Equatable, Sendable {
  public var nonce: String
  public var ciphertext: String
  public var tag: String
}

/// A batch file: the plain envelope that says where the file belongs,
/// around the encrypted operations.
struct BatchEnvelope: Codable, Equatable {
  var format: Int
  var cipher: String
  var store: String
  var device: String
  var seq: Int64
  var prev: String
  var nonce: String
  var ciphertext: String
  var tag: String
  /// The writing terminal's signature (`BatchCodec.deviceMessage`); absent in version 1.
  var signature: String?
  /// The share key generation it is sealed under (`KeyRotation`); absent for generation 1.
  var keyGeneration: Int? = nil

  static let cipherName = "AES-256-GCM"
}

/// What the ciphertext of a batch holds once opened.
struct BatchPayload: Codable, Equatable {
  /// The head of the writer's local audit chain when it sealed the batch
  /// (`seq:hash`): a chain rebuilt or cut short later no longer matches.
  var auditHead: String?
  var format: Int
  var store: String
  var device: String
  var seq: Int64
  var created: String
  /// The writer's record registry version, so a reader can tell operations
  /// from a newer StartWell (absent from batches written before it was recorded).
  var schema: Int?
  var ops: [WireOperation]
  /// The signed transactions the operations belong to, in order; absent in version 1.
  var transactions: [WireTransaction]?
}

/// One transaction's signature: its author, the key, and how many of the
/// batch's operations, from where the previous one ended, it covers.
struct WireTransaction: Codable, Equatable {
  var count: Int
  var key: String
  var signature: String
  var user: String
}

/// One operation on the wire. Values carry their SQLite type explicitly
/// (`{"text": ...}`, `{"int": ...}`, `{"real": ...}` or `null`) so that a
/// real that happens to be whole does not come back as an integer.
struct WireOperation: Codable, Equatable {
  var id: String
  var clock: String
  var user: String
  var entity: String
  var record: String
  var field: String
  var value: WireValue
  var replaces: String?
  var alsoReplaces: [String]?

  init(_ op: ChangeOperation) {
    id = op.opID
    clock = op.clock.description
    user = op.user
    entity = op.entity
    record = op.recordID
    field = op.field
    value = WireValue(op.value)
    replaces = op.replaces?.description
    alsoReplaces = op.alsoReplaces?.map(\.description)
  }

  /// The operation, or nil when a clock does not parse.
  func operation() -> ChangeOperation? {
    guard let clock = HLC(clock) else { return nil }
    var replacedClock: HLC?
    if let replaces {
      guard let parsed = HLC(replaces) else { return nil }
      replacedClock = parsed
    }
    var also: [HLC]?
    if let alsoReplaces {
      let parsed = alsoReplaces.compactMap(HLC.init)
      guard parsed.count == alsoReplaces.count else { return nil }
      also = parsed
    }
    return ChangeOperation(
      opID: id, clock: clock, device: clock.device, user: user, entity: entity, recordID: record,
      field: field,
      value: value.fieldValue, replaces: replacedClock, alsoReplaces: also)
  }
}

struct WireValue: Codable, Equatable {
  var fieldValue: FieldValue

  init(_ value: FieldValue) { fieldValue = value }

  private enum Key: String, CodingKey { case text, int, real }

  init(from decoder: Decoder) throws {
    if let single = try? decoder.singleValueContainer(), single.decodeNil() {
      fieldValue = .null
      return
    }
    let c = try decoder.container(keyedBy: Key.self)
    if let s = try c.decodeIfPresent(String.self, forKey: .text) {
      fieldValue = .text(s)
    } else if let i = try c.decodeIfPresent(Int64.self, forKey: .int) {
      fieldValue = .integer(i)
    } else if let d = try c.decodeIfPresent(Double.self, forKey: .real) {
      fieldValue = .real(d)
    } else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: "untyped value"))
    }
  }

  func encode(to encoder: Encoder) throws {
    switch fieldValue {
    case .null:
      var c = encoder.singleValueContainer()
      try c.encodeNil()
    case .text(let s):
      var c = encoder.container(keyedBy: Key.self)
      try c.encode(s, forKey: .text)
    case .integer(let i):
      var c = encoder.container(keyedBy: Key.self)
      try c.encode(i, forKey: .int)
    case .real(let d):
      var c = encoder.container(keyedBy: Key.self)
      // JSON has no NaN or infinity; such a value could not have come from SQLite anyway.
      try c.encode(d.isFinite ? d : 0, forKey: .real)
    }
  }
}
