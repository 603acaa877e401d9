import Foundation

/// A batch file found in a device's log folder.
struct LogFile: Equatable {
  var device: String
  var name: String
  var seq: Int64
  var hashPrefix: String

  var path: String { "\(ShareFormat.logFolder(device))/\(name)" }
}

/// One look at every device's log. Taken once per sync, so that push, pull
/// and the "share is suddenly smaller" check all see the same share.
struct ShareListing {
  /// Batch files by device, each list sorted by sequence number.
  var logs: [String: [LogFile]] = [:]
  /// Entries where the format expects a folder but finds something else (a
  /// plain file named `log`): reported, never fatal, and that device's log is empty.
  var damaged: [(path: String, device: String, reason: String)] = []

  var fileCount: Int { logs.values.reduce(0) { $0 + $1.count } }

  static func read(_ share: any ShareBackend) throws -> ShareListing {
    var listing = ShareListing()
    let devices: [String]
    do {
      devices = try share.list(ShareFormat.devicesFolder)
    } catch SyncError.refusedFile(let path, let reason) {
      // No logs at all: reported, and the "share is empty" guard decides whether sync may go on.
      listing.damaged.append((path, "", reason))
      return listing
    }
    for device in devices where ShareFormat.isDeviceID(device) {
      do {
        listing.logs[device] = try log(of: device, in: share)
      } catch SyncError.refusedFile(let path, let reason) {
        listing.logs[device] = []
        listing.damaged.append((path, device, reason))
      }
    }
    return listing
  }

  static func log(of device: String, in share: any ShareBackend) throws -> [LogFile] {
    try share.list(ShareFormat.logFolder(device)).compactMap { name -> LogFile? in
      // Names that are not batches (tool copies, dotfiles, strays) are never read.
      guard !ShareFormat.isToolLeftover(name), let parsed = ShareFormat.parseBatchName(name) else {
        return nil
      }
      return LogFile(device: device, name: name, seq: parsed.seq, hashPrefix: parsed.hashPrefix)
    }.sorted { ($0.seq, $0.name) < ($1.seq, $1.name) }
  }
}
