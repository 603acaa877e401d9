import Foundation
import StartWellStore

/// One batch file that moved.
public struct BatchSummary: Sendable, Equatable, Codable {
  public var device: String
  public var seq: Int64
  public var operations: Int
  public var file: String
}

public struct PushReport: Sendable, Equatable, Codable {
  /// Batches published by this run (including ones staged by an earlier, interrupted run).
  public var batches: [BatchSummary] = []
  /// Own batches that had gone missing from the share and were published again, byte for byte.
  public var republished: [BatchSummary] = []
  public var operations: Int { batches.reduce(0) { $0 + $1.operations } }

  public init() {}
}

/// A device whose batch is held back because its clock is too far ahead.
public struct SkewNotice: Sendable, Equatable, Codable {
  public var device: String
  public var seq: Int64
  /// How far ahead of this terminal's time the batch's latest clock is, in hours.
  public var hoursAhead: Double
}

/// A device whose log has a missing batch: later batches wait until it appears.
public struct GapNotice: Sendable, Equatable, Codable {
  public var device: String
  public var missingSeq: Int64
}

public struct PullReport: Sendable, Equatable, Codable {
  public var batches: [BatchSummary] = []
  /// Operations that changed a field here.
  public var applied = 0
  /// Operations already seen here (delivered twice); skipped.
  public var duplicates = 0
  /// Operations recorded but older than the field's current value.
  public var superseded = 0
  /// Operations the gate refused (kept with their reasons; see `sync status`).
  public var refused = 0
  /// Operations from a newer StartWell, kept until this terminal is upgraded.
  public var parked = 0
  /// Files set aside by this run (each bad file appears once per run).
  public var quarantined: [QuarantinedFile] = []
  public var skewed: [SkewNotice] = []
  /// Every other terminal with new batches was held as ahead (two or more):
  /// the likelier story is that this terminal's own clock is slow.
  public var ownClockSlow = false
  public var gaps: [GapNotice] = []
  /// Other devices found on the share.
  public var devices = 0

  public init() {}
}

public struct SyncReport: Sendable, Equatable, Codable {
  public var push: PushReport
  public var pull: PullReport
  /// Open conflicts after the sync.
  public var conflicts: Int
  /// Batch files seen on the share.
  public var shareFiles: Int
  /// Set when this sync started a new terminal from a snapshot.
  public var snapshot: SnapshotBootstrapReport? = nil
  /// Why this terminal's changes could not be published (the pull still ran).
  public var pushError: String? = nil
}

/// A snapshot written by `SyncEngine.writeSnapshot()`.
public struct SnapshotWriteReport: Sendable, Equatable, Codable {
  public var snapshotID: String
  public var chunks: Int
  public var rows: Int
  /// Devices whose logs the snapshot has read, with the last batch of each.
  public var frontier: [SnapshotFrontier]
  /// Own batches published first, so the snapshot holds nothing the share lacks.
  public var pushed: PushReport
}

/// A new terminal's start from a snapshot.
public struct SnapshotBootstrapReport: Sendable, Equatable, Codable {
  public var snapshotID: String
  public var rows: Int
  public var families: Int
  public var frontier: [SnapshotFrontier]
  public var seconds: Double
  /// Of `seconds`, the time reading, verifying and decoding chunks (waited for, not overlapped).
  public var readSeconds: Double
  /// Of `seconds`, the time rebuilding derived columns and search rows.
  public var indexSeconds: Double
}

/// What the header of the interactive client shows.
public enum SyncStatusSummary: Sendable, Equatable {
  case notConfigured
  case synced
  case pending(Int)
  case offline
  case conflicts(Int)
  /// Everything is applied, but something needs a person: refused changes,
  /// changes waiting for an upgrade, or accounts sharing a username.
  case attention(String)

  public var label: String {
    switch self {
    case .notConfigured: "not shared"
    case .synced: "synced"
    case .pending(let n): "pending \(n)"
    case .offline: "offline"
    case .conflicts(let n): "conflicts \(n)"
    case .attention(let what): what
    }
  }
}

public struct DeviceStatus: Sendable, Equatable, Codable {
  public var device: String
  /// The last batch applied from it.
  public var seq: Int64
  public var lastApplied: Date?
  /// Set while its batches are held back for a clock too far ahead.
  public var skew: String?
}

public struct SyncStatus: Sendable, Equatable, Codable {
  public var configured: Bool
  public var sharePath: String?
  public var storeID: String?
  public var deviceID: String
  /// Local changes not yet on the share.
  public var pending: Int
  /// Own batches published.
  public var published: Int64
  public var lastSync: Date?
  public var lastError: String?
  /// The last attempt failed (`SyncHealth.isOffline`), so changes are not moving.
  public var offline: Bool
  public var devices: [DeviceStatus]
  public var conflicts: Int
  public var quarantine: [QuarantinedFile]
  /// Changes the gate refused, and changes from a newer StartWell waiting here.
  public var refused = 0
  public var parked = 0
  /// Usernames held by more than one account.
  public var clashes: [String] = []
  /// Families with two open cases.
  public var twoOpenCases: [String] = []
  /// This terminal's own clock is behind the changes it holds (`ClockWarning`).
  public var clockWarning: String?

  public var attention: SyncAttention {
    SyncAttention(
      parked: parked, clashes: clashes, refused: refused, twoOpenCases: twoOpenCases, clock: clockWarning,
      heldForClock: devices.compactMap { d in d.skew.map { "terminal \(d.device): \($0)" } })
  }

  public var summary: SyncStatusSummary {
    SyncHealth.summary(
      configured: configured, conflicts: conflicts, offline: offline, pending: pending,
      attention: attention)
  }
}
