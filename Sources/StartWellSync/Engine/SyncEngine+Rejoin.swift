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
    let key = try ShareKey.open(source, manifest: manifest)
    let old = store.deviceID

    // The last batch of ours that we published and that the share does not
    // hold in another version: up to there, the old log is ours.
    let files = try ShareListing.log(of: old, in: share)
    var published: (seq: Int64, hash: String) = (0, ShareFormat.genesisHash)
    for batch in try ledger.ownBatches() where batch.published && batch.seq == published.seq + 1 {
      let rivals = files.filter { $0.seq == batch.seq && !batch.hash.hasPrefix($0.hashPrefix) }
      guard
        rivals.isEmpty
          || files.contains(where: { $0.seq == batch.seq && batch.hash.hasPrefix($0.hashPrefix) })
      else { break }
      published = (batch.seq, batch.hash)
    }
    // What the old identity published beyond that, by a later copy of this folder.
    var onShare = Set<String>()
    var later = 0
    for file in files where file.seq > published.seq {
      guard let data = try share.read(file.path),
        case .success(let batch) = BatchCodec.open(
          data, store: manifest.storeId, device: old, seq: file.seq, namePrefix: file.hashPrefix, key: key)
      else { continue }
      later += 1
      onShare.formUnion(batch.ops.map(\.opID))
    }

    let device = DeviceID.make()
    let identity = try ledger.takeNewIdentity(device, published: published, onShare: onShare, as: user)
    let now = Timestamp.format(store.now())
    try write(
      DeviceManifest(format: ShareFormat.version, device: device, hub: nil, created: now),
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
}
