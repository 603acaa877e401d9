import Foundation
import StartWellCore
import StartWellStore

/// What `share rejoin` did.
public struct RejoinReport: Sendable, Equatable {
  public var identity: NewIdentity
  /// The old identity's batches the share holds beyond the last one this folder published.
  public var laterBatches: Int
}

/// `devices/<old>/retired.json`: the old identity of a data folder that took a new one.
public struct RetiredDevice: Codable, Equatable, Sendable {
  public var format: Int
  public var device: String
  public var successor: String
  public var retired: String

  public static let fileName = "retired.json"
}

extension SyncEngine {
  /// Gives a data folder restored from a backup (or copied) a new device
  /// identity, so that it syncs again without forking its old log.
  ///
  /// What the old identity published after the backup was taken is read
  /// back like another terminal's changes; the folder's own changes that
  /// are not on the share are published under the new identity, once. The
  /// old identity is marked retired on the share. Admins only, and audited.
  /// The store must be opened again afterwards.
  public static func rejoin(
    store: Store, share: any ShareBackend, keyFile: URL?, as user: User,
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws -> RejoinReport {
    guard Permissions.allows(user.role, .manageUsers) else {
      throw SyncError.io("only an admin may give this terminal a new identity")
    }
    let ledger = try SyncLedger(store: store)
    guard let join = try ledger.join() else { throw SyncError.notConfigured }
    let manifest = try manifest(of: share)
    guard manifest.storeId == join.storeID else {
      throw SyncError.differentStore(path: share.location, share: manifest.storeId, joined: join.storeID)
    }
    let absoluteKey = keyFile ?? join.keyFile.map { URL(fileURLWithPath: $0) }
    guard let source = ShareKeySource.resolve(keyFile: absoluteKey, environment: environment) else {
      throw SyncError.noKey
    }
    let key = try ShareKey.open(
      source, manifest: manifest, rotations: try KeyRotation.readAll(share, store: manifest.storeId))
    let old = store.deviceID

    let files = try ShareListing.log(of: old, in: share)
    let published = try ourPrefix(of: old, files: files, ledger: ledger, share: share)
    // What the old identity published beyond that (a later copy of this
    // folder), followed as a reader would: only batches that chain on.
    var onShare = Set<String>()
    var later = 0
    var chain = published
    while true {
      let next = files.filter { $0.seq == chain.seq + 1 }.compactMap { file -> VerifiedBatch? in
        // Junk (a pipe, a file far too large) is passed over, as readers pass it over.
        guard let data = try? share.read(file.path),
          case .success(let batch) = BatchCodec.open(
            data, store: manifest.storeId, device: old, seq: file.seq, namePrefix: file.hashPrefix, key: key,
            deviceKey: store.deviceIdentity.publicKey),
          batch.prev == chain.hash
        else { return nil }
        return batch
      }
      // None, or two that both chain on (a fork no reader applies): the old log ends here.
      guard next.count == 1, let batch = next.first else { break }
      later += 1
      onShare.formUnion(batch.ops.map(\.opID))
      chain = (chain.seq + 1, batch.hash)
    }

    let device = DeviceID.make()
    // The copy gets a key of its own too: the original keeps signing its folder with the old one.
    let deviceKey = SigningIdentity()
    let identity = try ledger.takeNewIdentity(
      device, key: deviceKey, published: published, onShare: onShare, as: user)
    let now = Timestamp.format(store.now())
    try write(
      DeviceManifest(
        format: ShareFormat.version, device: device, hub: nil, created: now, publicKey: deviceKey.publicKey),
      to: "\(ShareFormat.deviceFolder(device))/\(ShareFormat.deviceFile)", staging: device, share)
    try write(
      RetiredDevice(format: ShareFormat.version, device: old, successor: device, retired: now),
      to: "\(ShareFormat.deviceFolder(old))/\(RetiredDevice.fileName)", staging: device, share)
    return RejoinReport(identity: identity, laterBatches: later)
  }

  private static func write<T: Encodable>(
    _ value: T, to path: String, staging device: String, _ share: any ShareBackend
  ) throws {
    var bytes = try ShareFormat.encoder().encode(value)
    bytes.append(UInt8(ascii: "\n"))
    _ = try share.createIfAbsent(path, bytes, staging: ShareFormat.stagingFolder(device))
  }

  /// The batches of the old identity that are ours, counting from the first:
  /// published by this folder, and on the share as we wrote them with no
  /// rival. One missing from the share is published again first (its bytes
  /// are kept), so no reader waits on it. A rival ends the prefix: what we
  /// wrote from there is published again under the new identity.
  private static func ourPrefix(
    of old: String, files: [LogFile], ledger: SyncLedger, share: any ShareBackend
  ) throws -> (seq: Int64, hash: String) {
    var prefix: (seq: Int64, hash: String) = (0, ShareFormat.genesisHash)
    for batch in try ledger.ownBatches() where batch.published && batch.seq == prefix.seq + 1 {
      let claims = files.filter { $0.seq == batch.seq }
      let name = ShareFormat.batchName(seq: batch.seq, hash: batch.hash)
      if claims.isEmpty {
        guard let bytes = try ledger.ownBatchBytes(seq: batch.seq),
          ShareFormat.sha256Hex(bytes) == batch.hash,
          try share.createIfAbsent(
            "\(ShareFormat.logFolder(old))/\(name)", bytes, staging: ShareFormat.stagingFolder(old))
            != .different
        else { break }
      } else if claims.count > 1 || claims[0].name != name {
        break
      }
      prefix = (batch.seq, batch.hash)
    }
    return prefix
  }
}
