import Foundation
import StartWellCore
import StartWellStore

/// What the share says of this terminal's audit chain.
public struct AuditAnchorReport: Sendable, Equatable {
  /// This terminal's batches on the share whose anchor matched the local chain.
  public var agreeing: Int
  /// The first disagreement, phrased for a person; nil when all agree.
  public var problem: String?
}

extension SyncEngine {
  /// Compares the local audit chain with the heads this terminal's own
  /// batches anchored on the share. A chain edited and re-hashed, or cut
  /// short, still verifies locally; it no longer matches what the share
  /// holds, which no one without this terminal's key can rewrite.
  public func checkAuditAnchors() throws -> AuditAnchorReport {
    let session = try session()
    var report = AuditAnchorReport(agreeing: 0, problem: nil)
    for file in try ShareListing.log(of: store.deviceID, in: session.share) {
      guard let data = try? session.share.read(file.path),
        case .success(let batch) = BatchCodec.open(
          data, store: session.manifest.storeId, device: store.deviceID, seq: file.seq,
          namePrefix: file.hashPrefix, key: session.key, deviceKey: store.deviceIdentity.publicKey),
        let head = batch.auditHead
      else { continue }
      let parts = head.split(separator: ":", maxSplits: 1)
      guard parts.count == 2, let seq = Int64(parts[0]) else { continue }
      guard let local = try store.auditHash(seq: seq) else {
        report.problem =
          "batch \(file.seq) on the share anchored audit event \(seq), which this terminal's chain no longer "
          + "holds: the chain was cut short or rebuilt"
        return report
      }
      guard local == String(parts[1]) else {
        report.problem =
          "audit event \(seq) is not the one batch \(file.seq) anchored on the share: the chain was edited "
          + "and re-hashed, or rebuilt"
        return report
      }
      report.agreeing += 1
    }
    return report
  }
}
