import ArgumentParser
import Foundation
import StartWellCore
import StartWellStore
import StartWellSync
import TerminalUI

/// `startwell sync`: push local changes to the share, then pull everyone else's.
struct SyncCommand: StoreCommand {
  static let configuration = CommandConfiguration(
    commandName: "sync", abstract: "Exchange changes with the other terminals through the share.",
    discussion: """
      Pushes local changes, then pulls other terminals' changes. Reports what moved, open conflicts, \
      files set aside as damaged and terminals whose clocks are wrong. Refuses, deleting nothing, when \
      the share is missing or much smaller than last time.
      """,
    subcommands: [Status.self, Refused.self])

  @OptionGroup var global: GlobalOptions
  @Flag(help: "Keep syncing until interrupted.") var watch = false
  @Option(help: "Seconds between syncs with --watch.") var interval: Double = 30
  @OptionGroup var output: OutputOptions

  func validate() throws {
    guard interval > 0 else { throw ValidationError("--interval must be a positive number of seconds") }
  }

  func run() throws {
    try SyncCLI.reporting {
      let store = try SyncCLI.open(context())
      let engine = try SyncEngine(store: store)
      guard watch else {
        let report = try engine.sync()
        try show(report)
        // The other terminals' changes arrived; this terminal's did not leave.
        if let failure = report.pushError { throw CLIError(failure) }
        return
      }
      // Nothing stops --watch: a share away, read-only or full, a damaged
      // file, even a local error is said (in words for people, and recorded
      // for `sync status`) and tried again, waiting longer after each failure.
      let log = DebugLog(store: store)
      var failures = 0
      var lastFailure: String?
      while true {
        do {
          let report = try engine.sync()
          if output.json || moved(report) { try show(report) }
          if let failure = report.pushError {
            failures += 1
            if failure != lastFailure { Terminal.error(failure) }
            lastFailure = failure
          } else {
            if lastFailure != nil { Terminal.print("Sync is working again.") }
            failures = 0
            lastFailure = nil
          }
        } catch {
          let message = PeopleError.report(error, context: "sync --watch", log: log)
          failures += 1
          if message != lastFailure { Terminal.error(message) }
          lastFailure = message
        }
        Thread.sleep(forTimeInterval: SyncRetry.delay(interval: interval, failures: failures))
      }
    }
  }

  private func moved(_ r: SyncReport) -> Bool {
    !r.push.batches.isEmpty || !r.push.republished.isEmpty || !r.pull.batches.isEmpty
      || !r.pull.quarantined.isEmpty
      || !r.pull.skewed.isEmpty || r.snapshot != nil
  }

  private func show(_ r: SyncReport) throws {
    if output.json { return try JSONOutput.print(SyncReportJSON(r)) }
    if !moved(r) && r.pull.gaps.isEmpty {
      Terminal.print("Nothing new.")
    }
    if let s = r.snapshot {
      Terminal.print(
        "Started from snapshot \(s.snapshotID): \(s.rows) rows, \(s.families) families, "
          + String(format: "%.1f s.", s.seconds))
    }
    if !r.push.batches.isEmpty {
      Terminal.print(
        "Pushed \(r.push.operations) change\(r.push.operations == 1 ? "" : "s") in \(r.push.batches.count) "
          + "batch\(r.push.batches.count == 1 ? "" : "es").")
    }
    if !r.push.republished.isEmpty {
      let seqs = r.push.republished.map { String($0.seq) }.joined(separator: ", ")
      Terminal.print(
        "Published again \(r.push.republished.count) batch\(r.push.republished.count == 1 ? "" : "es") "
          + "missing from the share (\(seqs)).")
    }
    if !r.pull.batches.isEmpty {
      let devices = Set(r.pull.batches.map(\.device)).count
      Terminal.print(
        "Pulled \(r.pull.batches.count) batch\(r.pull.batches.count == 1 ? "" : "es") from \(devices) "
          + "terminal\(devices == 1 ? "" : "s"): \(r.pull.applied) change\(r.pull.applied == 1 ? "" : "s") applied"
          + (r.pull.duplicates > 0 ? ", \(r.pull.duplicates) already here" : "")
          + (r.pull.superseded > 0 ? ", \(r.pull.superseded) older than what is here" : "") + ".")
    }
    if r.pull.refused > 0 {
      Terminal.print(
        "Refused \(r.pull.refused) change\(r.pull.refused == 1 ? "" : "s") that changed nothing: "
          + "startwell sync refused lists the reasons.")
    }
    if r.pull.parked > 0 {
      Terminal.print(
        "\(r.pull.parked) change\(r.pull.parked == 1 ? "" : "s") from a newer version "
          + "\(r.pull.parked == 1 ? "waits" : "wait") here: upgrade this terminal.")
    }
    if r.pull.ownClockSlow, let most = r.pull.skewed.map(\.hoursAhead).min() {
      Terminal.print(
        "Clock: every other terminal's changes are at least \(String(format: "%.1f", most)) hours ahead of "
          + "this terminal's clock, which is probably slow; set it right. Their changes wait until then.")
    }
    for s in r.pull.skewed where !r.pull.ownClockSlow {
      Terminal.print(
        "Clock skew: terminal \(s.device) is \(String(format: "%.1f", s.hoursAhead)) hours ahead; "
          + "its changes wait until its clock is put right.")
    }
    for g in r.pull.gaps {
      Terminal.print(
        "Waiting: terminal \(g.device) is missing batch \(g.missingSeq) on the share; later ones wait.")
    }
    if !r.pull.quarantined.isEmpty {
      // Only files set aside for the first time; `sync status` lists them all.
      Terminal.print(
        "Set aside \(r.pull.quarantined.count) newly damaged file\(r.pull.quarantined.count == 1 ? "" : "s"):"
      )
      for q in r.pull.quarantined {
        Terminal.print("  \(Sanitizer.visible(q.path)): \(Sanitizer.visible(q.reason))")
      }
    }
    if r.conflicts > 0 {
      Terminal.print(
        "\(r.conflicts) conflict\(r.conflicts == 1 ? "" : "s") to resolve: startwell conflict list")
    }
  }

  struct Status: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "status",
      abstract: "Show pending changes, the last sync, terminals seen, conflicts and damaged files.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
      try SyncCLI.reporting {
        let store = try SyncCLI.open(context())
        let status = try SyncEngine(store: store).status()
        if output.json { return try JSONOutput.print(SyncStatusJSON(status)) }
        guard status.configured, let path = status.sharePath else {
          Terminal.print("Not joined to a share (startwell share init PATH, or share join PATH).")
          Terminal.print("Pending changes: \(status.pending)")
          return
        }
        Terminal.print("Share: \(path) (store \(status.storeID ?? "?"))")
        Terminal.print("This terminal: \(status.deviceID); \(status.published) batches published")
        Terminal.print("State: \(status.summary.label)")
        Terminal.print("Pending changes: \(status.pending)")
        Terminal.print("Last sync: \(status.lastSync?.shortLocal ?? "never")")
        if let error = status.lastError { Terminal.print("Last attempt failed: \(Sanitizer.visible(error))") }
        Terminal.print("Conflicts: \(status.conflicts)")
        for line in SyncAttention.lines(status) { Terminal.print(line) }
        if !status.devices.isEmpty {
          Terminal.print()
          var table = Table("TERMINAL", "BATCHES", "LAST APPLIED", "NOTE")
          table.maxWidth = 80
          for d in status.devices {
            table.add(
              d.device, String(d.seq), d.lastApplied?.shortLocal ?? "-",
              d.skew.map { "clock ahead: \($0)" } ?? "")
          }
          table.print()
        }
        if !status.quarantine.isEmpty {
          Terminal.print()
          Terminal.print("Damaged files set aside (\(status.quarantine.count)):")
          var table = Table("FILE", "REASON", "SINCE")
          table.maxWidth = 90
          for q in status.quarantine { table.add(q.path, q.reason, q.firstSeen.shortLocal) }
          table.print()
        }
      }
    }
  }
}

extension SyncCommand {
  /// `startwell sync refused`: the changes the gate refused, and those waiting for an upgrade.
  struct Refused: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "refused",
      abstract: "List changes that were refused, with the reasons, and changes waiting for an upgrade.",
      discussion: """
        Every terminal checks every change against the same rules: the value's type and domain rule, and \
        whether its author's role allowed it when it was made. A refused change is kept here and changed \
        nothing. Admins and supervisors may list them.
        """)
    @OptionGroup var global: GlobalOptions
    @Option(help: "At most this many of each.") var limit = 100
    @OptionGroup var output: OutputOptions

    func run() throws {
      let (_, store, actor) = try loggedIn()
      try Permissions.require(actor, .viewAudit)
      let refused = try store.refusedChanges(limit: limit)
      let parked = try store.parkedChanges(limit: limit)
      if output.json {
        struct Held: Encodable {
          var refused: [HeldChange]
          var waiting: [HeldChange]
        }
        return try JSONOutput.print(Held(refused: refused, waiting: parked))
      }
      if refused.isEmpty && parked.isEmpty { return Terminal.print("No refused or waiting changes.") }
      for (title, list) in [("Refused", refused), ("Waiting for an upgrade", parked)] where !list.isEmpty {
        Terminal.print("\(title) (\(list.count)):")
        var table = Table("MADE (\(CLIZone.abbreviation))", "AUTHOR", "CHANGE", "REASON")
        table.maxWidth = 120
        for c in list {
          let made =
            HLC(c.clock).map { Date(timeIntervalSince1970: Double($0.millis) / 1000).shortLocal } ?? "?"
          table.add(
            made, c.username ?? ShortID.of(c.userID),
            "\(c.entity).\(c.field) of \(ShortID.of(c.recordID))", Sanitizer.visible(c.reason))
        }
        table.print()
      }
    }
  }
}

struct QuarantineJSON: Encodable {
  var path: String
  var device: String
  var reason: String
  var firstSeen: String?
  var lastSeen: String?

  init(_ q: QuarantinedFile) {
    path = q.path
    device = q.device
    reason = q.reason
    firstSeen = JSONOutput.stamp(q.firstSeen)
    lastSeen = JSONOutput.stamp(q.lastSeen)
  }
}

struct SyncReportJSON: Encodable {
  var pushed: [BatchSummary]
  var pushedChanges: Int
  var pulled: [BatchSummary]
  var applied: Int
  var duplicates: Int
  var superseded: Int
  var refused: Int
  var waiting: Int
  var quarantined: [QuarantineJSON]
  var skewed: [SkewNotice]
  var gaps: [GapNotice]
  var conflicts: Int
  var shareFiles: Int
  var republished: [BatchSummary]
  var pushError: String?

  init(_ r: SyncReport) {
    republished = r.push.republished
    pushError = r.pushError
    pushed = r.push.batches
    pushedChanges = r.push.operations
    pulled = r.pull.batches
    applied = r.pull.applied
    duplicates = r.pull.duplicates
    superseded = r.pull.superseded
    refused = r.pull.refused
    waiting = r.pull.parked
    quarantined = r.pull.quarantined.map(QuarantineJSON.init)
    skewed = r.pull.skewed
    gaps = r.pull.gaps
    conflicts = r.conflicts
    shareFiles = r.shareFiles
  }
}

struct SyncStatusJSON: Encodable {
  struct Device: Encodable {
    var device: String
    var seq: Int64
    var lastApplied: String?
    var skew: String?
  }

  var configured: Bool
  var state: String
  var sharePath: String?
  var storeId: String?
  var deviceId: String
  var pending: Int
  var published: Int64
  var lastSync: String?
  var lastError: String?
  var offline: Bool
  var conflicts: Int
  var devices: [Device]
  var quarantine: [QuarantineJSON]
  /// Changes the gate refused; changes from a newer version waiting here.
  var refused: Int
  var waiting: Int
  /// Usernames held by more than one account; families with two open cases.
  var usernameClashes: [String]
  var twoOpenCases: [String]

  init(_ s: SyncStatus) {
    refused = s.refused
    waiting = s.parked
    usernameClashes = s.clashes
    twoOpenCases = s.twoOpenCases
    configured = s.configured
    state = s.summary.label
    sharePath = s.sharePath
    storeId = s.storeID
    deviceId = s.deviceID
    pending = s.pending
    published = s.published
    lastSync = JSONOutput.stamp(s.lastSync)
    lastError = s.lastError
    offline = s.offline
    conflicts = s.conflicts
    devices = s.devices.map {
      Device(device: $0.device, seq: $0.seq, lastApplied: JSONOutput.stamp($0.lastApplied), skew: $0.skew)
    }
    quarantine = s.quarantine.map(QuarantineJSON.init)
  }
}
