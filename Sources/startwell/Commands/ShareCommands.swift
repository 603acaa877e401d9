import ArgumentParser
import Foundation
import StartWellCore
import StartWellStore
import StartWellSync

/// `startwell share`: create or connect to the shared folder terminals sync through.
struct ShareCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "share", abstract: "Create or join the shared folder that terminals sync through.",
    subcommands: [Init.self, Join.self, Rejoin.self, Snapshot.self, RotateKey.self, AcceptChange.self])

  struct Init: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "init",
      abstract: "Create a shared store in a folder and connect this terminal to it.",
      discussion: """
        The key comes from --key-file (made if it does not exist), or from $STARTWELL_SHARE_PASSPHRASE. \
        With neither, a key file is made next to the data folder, readable by its owner only; copy it to \
        each terminal that joins.
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The shared folder (created if missing).") var path: String
    @Option(name: .customLong("key-file"), help: "The key file to use or create.") var keyFile: String?
    @Flag(help: "Share demo data: marks the share as a demo share, which only blank terminals join.")
    var demo = false

    func run() throws {
      try SyncCLI.reporting {
        let (context, store, user) = try loggedIn()
        try Permissions.require(user, .manageConfiguration)
        let holdsDemo = try store.holdsDemoUsers()
        if holdsDemo && !demo {
          throw CLIError(
            "this data folder holds demo users (password demo): it may only make a demo share, with --demo")
        }
        if demo && !holdsDemo {
          throw CLIError("--demo is for sharing demo data; this data folder holds real users")
        }
        let folder = SyncCLI.absolute(path)
        let passphrase = ProcessInfo.processInfo.environment[ShareKeySource.passphraseVariable]
          .flatMap { $0.isEmpty ? nil : $0 }
        var key = keyFile.map(SyncCLI.absolute)
        if key == nil && passphrase == nil { key = SyncCLI.defaultKeyFile(beside: context.dataDirectory) }
        let manifest = try SyncEngine.initShare(
          path: folder, keyFile: key, passphrase: key == nil ? passphrase : nil,
          founder: store, demo: demo)
        try SyncEngine.join(store: store, path: folder, keyFile: key, demo: demo)
        Terminal.print("Created \(demo ? "demo " : "")shared store \(manifest.storeId) in \(folder.path)")
        if let root = manifest.rootKey {
          Terminal.print(
            "Store fingerprint: \(SignatureCheck.fingerprint(root)) (each terminal that joins shows it: compare)"
          )
        }
        if let key {
          Terminal.print("Key file: \(key.path) (readable by its owner only)")
          Terminal.print(
            "On each other terminal: startwell share join \(folder.path) --key-file COPY-OF-THAT-FILE")
        } else {
          Terminal.print(
            "The key comes from \(ShareKeySource.passphraseVariable); give it to each terminal that joins.")
        }
      }
    }
  }

  struct Join: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "join",
      abstract: "Connect this terminal to an existing shared store.",
      discussion: """
        The key comes from --key-file, or from $STARTWELL_SHARE_PASSPHRASE. A data folder copied from another \
        terminal is refused: each terminal needs its own. A new data folder needs no `init` and no login: \
        it receives its users from the share at the first sync.
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The shared folder.") var path: String
    @Option(name: .customLong("key-file"), help: "The share's key file.") var keyFile: String?
    @Flag(help: "Join a demo share (a blank terminal only).") var demo = false

    func run() throws {
      try SyncCLI.reporting {
        let store = try SyncCLI.open(context(), create: true, permission: .manageConfiguration)
        let report = try SyncEngine.join(
          store: store, path: SyncCLI.absolute(path), keyFile: keyFile.map(SyncCLI.absolute), demo: demo)
        Terminal.print(
          "\(report.rejoined ? "Rejoined" : "Joined") shared store \(report.storeID) at \(report.sharePath)")
        if let fingerprint = report.fingerprint {
          Terminal.print(
            "Store fingerprint: \(fingerprint). Check it with the founding admin by phone or in person: "
              + "a different one means this is not your service's share.")
        }
        Terminal.print(
          "\(report.devices.count) other terminal\(report.devices.count == 1 ? "" : "s") on the share. "
            + "Run `startwell sync` to catch up.")
      }
    }
  }
}

extension ShareCommand {
  struct Snapshot: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "snapshot",
      abstract: "Write this terminal's whole state to the share, for new terminals to start from.",
      discussion: """
        Publishes this terminal's pending changes first, then writes every record, the merge state and \
        how far it has read each terminal's log to snapshots/ on the share, encrypted with the share key. \
        A new terminal's first sync loads the newest snapshot and reads only the batches after it, \
        instead of replaying every batch ever written. On a real share the founding admin runs it: new \
        terminals trust only a snapshot signed by the store's root key.
        """)

    @OptionGroup var global: GlobalOptions

    func run() throws {
      try SyncCLI.reporting {
        let (_, store, user) = try loggedIn()
        try Permissions.require(user, .manageConfiguration)
        let report = try SyncEngine(store: store).writeSnapshot(signedBy: user)
        if !report.pushed.batches.isEmpty {
          Terminal.print("Published \(report.pushed.operations) pending changes first.")
        }
        Terminal.print(
          "Wrote snapshot \(report.snapshotID): \(report.rows) rows in \(report.chunks) chunks, "
            + "covering \(report.frontier.count) terminal log\(report.frontier.count == 1 ? "" : "s").")
      }
    }
  }
}

extension ShareCommand {
  /// `startwell share rotate-key`: an admin changes the share key.
  struct RotateKey: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "rotate-key",
      abstract:
        "Change the share key (admins only), after a key file or passphrase leaked or its holder left.",
      discussion: """
        The new key is a new key file made at --new-key-file, or the passphrase in \
        $\(NewShareKey.passphraseVariable). New batches and snapshots are sealed under it; the old key, \
        sealed under the new one, still reads what was written before. Every other terminal stops syncing, \
        and says why, until it is given the new key: `startwell share join SHARE --key-file NEW` (or the new \
        passphrase in $\(ShareKeySource.passphraseVariable)). The change is signed by the admin and audited.
        """)

    @OptionGroup var global: GlobalOptions
    @Option(name: .customLong("new-key-file"), help: "Where to make the new key file (it must not exist).")
    var newKeyFile: String?

    func run() throws {
      try SyncCLI.reporting {
        let environment = ProcessInfo.processInfo.environment
        let phrase = environment[NewShareKey.passphraseVariable].flatMap { $0.isEmpty ? nil : $0 }
        let newKey: NewShareKey
        switch (newKeyFile, phrase) {
        case (let file?, nil): newKey = .keyFile(SyncCLI.absolute(file))
        case (nil, let phrase?): newKey = .passphrase(phrase)
        case (.some, .some):
          throw CLIError(
            "give the new key one way: --new-key-file, or $\(NewShareKey.passphraseVariable), not both")
        case (nil, nil):
          throw CLIError(
            "name the new key: --new-key-file PATH (made here), or set $\(NewShareKey.passphraseVariable)")
        }
        let (_, store, user) = try loggedIn()
        let report = try SyncEngine(store: store).rotateKey(by: user, to: newKey)
        Terminal.print("Changed the share key: new batches are sealed under key \(report.generation).")
        if let file = report.keyFile {
          Terminal.print("New key file: \(file) (readable by its owner only). This terminal now uses it.")
          Terminal.print(
            "On each other terminal: startwell share join \(report.sharePath) --key-file COPY-OF-THAT-FILE")
        } else {
          Terminal.print(
            "Set $\(ShareKeySource.passphraseVariable) to the new passphrase on every terminal, this one too."
          )
        }
        Terminal.print("Until then, the other terminals stop syncing and say so; nothing of theirs is lost.")
      }
    }
  }
}

extension ShareCommand {
  /// `startwell share accept-change`: an admin confirms that the share really
  /// lost batch files, so sync stops refusing it as "much smaller".
  struct AcceptChange: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "accept-change",
      abstract: "Accept that the share now holds far fewer batches than at the last sync.",
      discussion: """
        Sync refuses a share that holds far fewer valid batches than last time, because that is far more \
        often a wrong folder mounted than history removed. When files really were removed (a restore from \
        an older backup), an admin runs this on each refusing terminal: the next sync counts the share \
        afresh. No file on the share and no record is touched; the decision is written to the audit log.
        """)

    @OptionGroup var global: GlobalOptions

    func run() throws {
      try SyncCLI.reporting {
        let (_, store, user) = try loggedIn()
        try Permissions.require(user, .manageConfiguration)
        try SyncEngine(store: store).acceptShareChange(by: user)
        Terminal.print("Accepted the share as it is now; the next sync counts its batches afresh.")
      }
    }
  }
}

/// What the share, sync and conflict commands have in common.
enum SyncCLI {
  /// Runs `body`, turning a sync refusal into the command line's one-line error.
  static func reporting(_ body: () throws -> Void) throws {
    do {
      try body()
    } catch let error as SyncError {
      throw CLIError(error.description)
    }
  }

  /// Opens the store for sync. A store with no users yet (a new terminal that
  /// gets its users from the share) has nothing to protect, so it needs no
  /// login; once it has users, the usual login applies.
  static func open(_ context: AppContext, create: Bool = false, permission: Permission? = nil) throws -> Store
  {
    let store = try context.openStore(create: create)
    if try store.userCount() > 0 {
      let user = try Login.user(context, store: store)
      if let permission { try Permissions.require(user, permission) }
    }
    return store
  }

  static func absolute(_ path: String) -> URL {
    let expanded = (path as NSString).expandingTildeInPath
    let url =
      expanded.hasPrefix("/")
      ? URL(fileURLWithPath: expanded)
      : URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(expanded)
    return url.standardizedFileURL
  }

  /// `<data folder>-share.key` beside the data folder, numbered if that name is taken.
  static func defaultKeyFile(beside dataDirectory: URL) -> URL {
    let parent = dataDirectory.deletingLastPathComponent()
    let base = dataDirectory.lastPathComponent + "-share"
    var candidate = parent.appendingPathComponent(base + ".key")
    var n = 2
    while FileManager.default.fileExists(atPath: candidate.path) {
      candidate = parent.appendingPathComponent("\(base)-\(n).key")
      n += 1
    }
    return candidate
  }
}

extension ShareCommand {
  struct Rejoin: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "rejoin",
      abstract: "Give a data folder restored from a backup a new terminal identity, keeping its changes.",
      discussion: """
        A data folder restored from a backup (or copied) is refused by sync as a copy: the share holds \
        batches under its identity that it did not write. This gives it a new identity. What the old \
        identity published after the backup is read back like another terminal's changes; this folder's \
        changes that are not on the share are published under the new identity, once. The old identity is \
        marked retired on the share. Admins only; recorded in the audit log.
        """)

    @OptionGroup var global: GlobalOptions
    @Option(name: .customLong("key-file"), help: "The share's key file, if not the one joined with.")
    var keyFile: String?

    func run() throws {
      try SyncCLI.reporting {
        let (_, store, user) = try loggedIn()
        guard let join = try SyncLedger(store: store).join() else { throw SyncError.notConfigured }
        let report = try SyncEngine.rejoin(
          store: store, share: FolderShare(root: URL(fileURLWithPath: join.path)),
          keyFile: keyFile.map(SyncCLI.absolute), as: user)
        let id = report.identity
        Terminal.print("This terminal is now \(id.device); \(id.retired) is marked retired on the share.")
        Terminal.print(
          "\(id.reissued) change\(id.reissued == 1 ? "" : "s") will be published under the new identity; "
            + "\(id.alreadyShared) already on the share, and \(report.laterBatches) later batch"
            + "\(report.laterBatches == 1 ? "" : "es") of the old identity, will be read back. "
            + "Run `startwell sync`.")
      }
    }
  }
}
