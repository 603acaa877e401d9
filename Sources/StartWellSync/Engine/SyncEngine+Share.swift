import Crypto
import Foundation
import StartWellCore
import StartWellStore

/// What `join` found.
public struct JoinReport: Sendable, Equatable {
  public var storeID: String
  public var sharePath: String
  /// Other terminals already on the share.
  public var devices: [String]
  /// The fingerprint of the store's root key, to compare out of band with
  /// the founding admin's; nil for a demo share.
  public var fingerprint: String?
  /// True when this terminal had already joined this store (the path or key file was updated).
  public var rejoined: Bool
}

extension SyncEngine {
  /// Creates a shared store in the folder at `path`: `STORE.json` with a new
  /// store id, the key-derivation salt and a key check, the founding
  /// terminal and the founding admin's public key (`founder`'s), plus the
  /// empty folders.
  ///
  /// With a passphrase the key is derived from it; otherwise `keyFile` is read,
  /// or created (32 random bytes, mode 0600) when it does not exist yet.
  @discardableResult
  public static func initShare(
    path: URL, keyFile: URL?, passphrase: String? = nil, founder: Store? = nil, demo: Bool = false,
    now: Date = Date()
  ) throws -> ShareManifest {
    try FileManager.default.createDirectory(at: path, withIntermediateDirectories: true)
    return try initShare(
      FolderShare(root: path), keyFile: keyFile, passphrase: passphrase, founder: founder, demo: demo,
      now: now)
  }

  /// `initShare` on any backend.
  @discardableResult
  public static func initShare(
    _ share: any ShareBackend, keyFile: URL?, passphrase: String? = nil, founder: Store? = nil,
    demo: Bool = false, now: Date = Date()
  ) throws -> ShareManifest {
    // The founding terminal, and the founding admin's key: the root every user's authority chains to.
    let founderDevice = founder?.deviceID
    let root = try founder?.root()
    guard share.isReachable() else { throw SyncError.shareMissing(share.location) }
    // A demo share's passphrase guards demo data; every other is held to the password rule.
    if let passphrase, !passphrase.isEmpty, !demo, let problem = PasswordPolicy.problem(passphrase) {
      throw SyncError.weakPassphrase(problem)
    }
    if try share.read(ShareFormat.storeFile) != nil { throw SyncError.shareExists(share.location) }
    let storeID = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    let salt = Data((0..<16).map { _ in UInt8.random(in: 0...255) })
    let kdf = ShareManifest.KDF(
      name: "scrypt", salt: salt.base64EncodedString(), rounds: ShareKey.defaultKDF.rounds,
      blockSize: ShareKey.defaultKDF.blockSize, parallelism: ShareKey.defaultKDF.parallelism)
    let key: ShareKey
    let source: String
    if let passphrase, !passphrase.isEmpty {
      key = try ShareKey.derive(passphrase: passphrase, kdf: kdf)
      source = "passphrase"
    } else if let keyFile {
      key =
        FileManager.default.fileExists(atPath: keyFile.path)
        ? try ShareKey.load(keyFile: keyFile) : try ShareKey.createKeyFile(at: keyFile)
      source = "file"
    } else {
      throw SyncError.noKey
    }
    let manifest = ShareManifest(
      format: ShareFormat.version, kind: ShareManifest.kindValue, storeId: storeID,
      created: Timestamp.format(now),
      keySource: source, kdf: kdf,
      keyCheck: try key.seal(ShareKey.checkPlaintext, aad: ShareKey.checkAAD(store: storeID)),
      founderDevice: founderDevice, rootUser: root?.user, rootKey: root?.key, demo: demo ? true : nil)
    var bytes = try ShareFormat.encoder().encode(manifest)
    bytes.append(UInt8(ascii: "\n"))
    // Two people running `share init` on one folder at once: exactly one wins.
    guard
      try share.createIfAbsent(ShareFormat.storeFile, bytes, staging: ShareFormat.stagingFolder) == .created
    else { throw SyncError.shareExists(share.location) }
    return manifest
  }

  /// Connects `store` to the shared store at `path`, proving the key first.
  @discardableResult
  public static func join(
    store: Store, path: URL, keyFile: URL?, demo: Bool = false,
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws -> JoinReport {
    try join(
      store: store, share: FolderShare(root: path), keyFile: keyFile, demo: demo, environment: environment)
  }

  /// `join` on any backend. Refuses a different store than the one already
  /// joined, a wrong key, and a data folder that is a copy of another
  /// terminal's (its device already has batches on the share it did not write).
  @discardableResult
  public static func join(
    store: Store, share: any ShareBackend, keyFile: URL?, demo: Bool = false,
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws -> JoinReport {
    let ledger = try SyncLedger(store: store)
    let manifest = try manifest(of: share)
    try checkDemoMatch(store: store, manifest: manifest, asked: demo)
    let existing = try ledger.join()
    if let existing, existing.storeID != manifest.storeId {
      throw SyncError.differentStore(path: share.location, share: manifest.storeId, joined: existing.storeID)
    }
    let absoluteKey = keyFile.map { URL(fileURLWithPath: $0.path).standardizedFileURL }
    guard let source = ShareKeySource.resolve(keyFile: absoluteKey, environment: environment) else {
      throw SyncError.noKey
    }
    let rotations = try KeyRotation.readAll(share, store: manifest.storeId)
    let key = try ShareKey.open(source, manifest: manifest, rotations: rotations)
    let device = store.deviceID
    // Only the founding terminal brings records of its own; any other would
    // bring users and families that clash with the share's.
    if existing == nil, manifest.founderDevice != device {
      let held = try store.heldRecords()
      if held.users > 0 || held.families > 0 {
        throw SyncError.joinNotEmpty(users: held.users, families: held.families)
      }
    }
    let engine = try SyncEngine(store: store, share: share, environment: environment)
    try engine.refuseIfBehind(key, rotations: rotations, manifest: manifest, share: share)
    try engine.refuseIfCloned(
      ownLog: try ShareListing.log(of: device, in: share), share: share, storeID: manifest.storeId, key: key)
    if let user = manifest.rootUser, let root = manifest.rootKey {
      do {
        try store.adoptRoot(user: user, key: root)
      } catch DomainError.conflict(let why) {
        throw SyncError.unsupportedShare(why)
      }
    }
    let deviceFile = DeviceManifest(
      format: ShareFormat.version, device: device, hub: nil, created: Timestamp.format(store.now()),
      publicKey: store.deviceIdentity.publicKey)
    var bytes = try ShareFormat.encoder().encode(deviceFile)
    bytes.append(UInt8(ascii: "\n"))
    // A device.json already there from an earlier join of this folder is fine as it is.
    _ = try share.createIfAbsent(
      "\(ShareFormat.deviceFolder(device))/\(ShareFormat.deviceFile)", bytes,
      staging: ShareFormat.stagingFolder(device))
    try ledger.setJoin(path: share.location, storeID: manifest.storeId, keyFile: absoluteKey?.path)
    try store.setFounderDevice(manifest.founderDevice)
    let others = try share.list(ShareFormat.devicesFolder).filter {
      ShareFormat.isDeviceID($0) && $0 != device
    }
    return JoinReport(
      storeID: manifest.storeId, sharePath: share.location, devices: others.sorted(),
      fingerprint: manifest.rootKey.map(SignatureCheck.fingerprint), rejoined: existing != nil)
  }

  /// Demo data and real records never meet: a demo share is joined only
  /// when asked for by name, and only by a store without real users; a
  /// real share never by a store holding demo users.
  static func checkDemoMatch(store: Store, manifest: ShareManifest, asked: Bool) throws {
    let isDemo = manifest.demo == true
    if isDemo && !asked { throw SyncError.demoMismatch("it is a demo share; join it with --demo") }
    if !isDemo && asked {
      throw SyncError.demoMismatch("it is a real share, not a demo share; join it without --demo")
    }
    if isDemo, try store.root() != nil {
      throw SyncError.demoMismatch("this data folder holds real users, which never join a demo share")
    }
    if !isDemo, try store.holdsDemoUsers() {
      throw SyncError.demoMismatch("this data folder holds demo users, which never join a real share")
    }
  }
}
