import Foundation
import StartWellCore

/// Why a share operation refused to run. Each description is the one line a
/// person reads, saying what is wrong and, where it helps, what to do.
public enum SyncError: PersonFacingError, Equatable {
  case notConfigured
  case shareMissing(String)
  case notAShare(String)
  case shareEmpty(path: String, before: Int)
  case shareShrunk(path: String, now: Int, before: Int)
  case shareExists(String)
  case unsupportedShare(String)
  case weakPassphrase(String)
  case demoMismatch(String)
  /// A share made before signatures: read, never written to.
  case unsignedShare
  case differentStore(path: String, share: String, joined: String)
  case wrongKey(expected: String)
  case noKey
  case keyFileUnreadable(String)
  case keyFileTooOpen(String)
  case keyFileMalformed(String)
  case keyFileExists(String)
  case cloned(device: String, file: String)
  case publishConflict(String)
  case io(String)
  case snapshotRefused(String)
  case joinNotEmpty(users: Int, families: Int)
  /// A file or folder on the share that is not what the format puts there
  /// (a pipe, a link, a device, a folder with a file's name, a huge file);
  /// it is refused without being read.
  case refusedFile(path: String, reason: String)
  /// One of this terminal's published batches is gone from the share and this
  /// data folder no longer holds its bytes (published by an older version).
  case ownBatchLost(seq: Int64, file: String)
  /// The key-derivation settings in `STORE.json` are outside what StartWell writes.
  case badKeySettings(String)
  /// An admin rotated the share key and this terminal was not given the new one.
  case shareKeyRotated(generation: Int, by: String, on: String, path: String)
  /// Two admins rotated the share key at the same moment.
  case keyRotationClash

  /// True when the share could not be reached at all, which the header shows as "offline".
  public var isShareUnavailable: Bool {
    switch self {
    case .shareMissing, .notAShare, .shareEmpty, .shareShrunk: true
    default: false
    }
  }

  /// A push failure that must stop the pull too: a copied data folder must
  /// not go on as the device it copied.
  var stopsPull: Bool {
    if case .cloned = self { return true }
    return false
  }

  public var description: String {
    switch self {
    case .notConfigured:
      "this terminal has not joined a share; run `startwell share init PATH` or `startwell share join PATH`"
    case .shareMissing(let path):
      "the share \(path) is not there (unmounted or moved); sync refused and nothing was changed"
    case .notAShare(let path):
      "\(path) has no \(ShareFormat.storeFile): the share is not mounted, or it is not a StartWell share; "
        + "sync refused and nothing was changed"
    case .shareEmpty(let path, let before):
      "the share \(path) is empty but held \(before) batches at the last sync; is the right folder mounted? "
        + "sync refused and nothing was changed. If it was emptied on purpose, an admin can run "
        + "`startwell share accept-change`"
    case .shareShrunk(let path, let now, let before):
      "the share \(path) holds \(now) of the \(before) batches it held at the last sync; is the right folder "
        + "mounted? sync refused and nothing was changed. If the files were removed on purpose, an admin can "
        + "run `startwell share accept-change`"
    case .shareExists(let path):
      "\(path) already holds a StartWell share; use `startwell share join` to connect to it"
    case .weakPassphrase(let why):
      "the share passphrase \(why); it guards every record on the share"
    case .demoMismatch(let why):
      "this terminal cannot join that share: \(why)"
    case .unsignedShare:
      "this share was made by an older StartWell without signatures (format 1): its changes are read, "
        + "but nothing more is written to it. An admin makes a new share (startwell share init) and "
        + "each terminal joins that"
    case .unsupportedShare(let why):
      "this share cannot be used by this version of StartWell: \(why)"
    case .differentStore(let path, let share, let joined):
      "\(path) holds shared store \(share), but this terminal belongs to shared store \(joined)"
    case .wrongKey(let expected):
      expected == "passphrase"
        ? "the share key is wrong: this share was made with a passphrase; check \(ShareKeySource.passphraseVariable)"
        : "the share key is wrong: it does not open this share (use the key file made by `share init`)"
    case .noKey:
      "no share key: pass --key-file FILE, or set \(ShareKeySource.passphraseVariable)"
    case .shareKeyRotated(let generation, let by, let on, let path):
      "the share key was changed by \(by) on \(on) (key \(generation)), and this terminal does not have the new "
        + "one: nothing is synced until it does. Ask an admin for the new key, then run `startwell share join "
        + "\(path) --key-file NEW-KEY-FILE` (or set \(ShareKeySource.passphraseVariable) to the new passphrase)"
    case .keyRotationClash:
      "another admin changed the share key at the same moment; sync, then try again if it is still needed"
    case .keyFileUnreadable(let path): "cannot read the key file \(path)"
    case .keyFileTooOpen(let path):
      "the key file \(path) can be read by other users; run `chmod 600 \(path)` first"
    case .keyFileMalformed(let path): "\(path) is not a StartWell key file (expected 32 bytes in base64)"
    case .keyFileExists(let path): "\(path) already exists; refusing to overwrite a key file"
    case .cloned(let device, let file):
      "this data folder is a copy of another terminal's: the share already holds \(file) for device \(device), "
        + "which this folder did not write. If it was restored from a backup, an admin runs "
        + "`startwell share rejoin` to give it a new identity (its changes are kept); a copy of another "
        + "terminal's folder should be set up afresh instead"
    case .publishConflict(let name):
      "\(name) already exists on the share with different content; nothing was overwritten"
    case .io(let why): why
    case .snapshotRefused(let why): "no snapshot was written: \(why)"
    case .refusedFile(let path, let reason):
      "\(path) on the share \(reason); it was not read"
    case .ownBatchLost(let seq, let file):
      "this terminal's batch \(seq) (\(file)) is missing from the share and this data folder no longer "
        + "holds a copy, so other terminals cannot read this terminal's later changes; restore that file "
        + "from a backup of the share"
    case .badKeySettings(let why):
      "\(ShareFormat.storeFile) has key settings this version will not use (\(why)); it was edited or "
        + "damaged: restore it from a backup of the share or from another terminal's copy"
    case .joinNotEmpty(let users, let families):
      "this data folder already holds \(users) user\(users == 1 ? "" : "s") and \(families) "
        + "famil\(families == 1 ? "y" : "ies"), which would clash with the share's own. A terminal joins "
        + "with a new, empty data folder (STARTWELL_DATA_DIR=NEW-FOLDER startwell share join ...) and "
        + "receives its users from the share at the first sync"
    }
  }
}
