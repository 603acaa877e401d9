import Foundation

/// What publishing a file found.
public enum CreateOutcome: Equatable, Sendable {
  /// The file is new.
  case created
  /// A file of that name was already there with the same bytes: published before.
  case identical
  /// A file of that name was already there with other bytes; it was left alone.
  case different
}

/// What identifies one version of a file without reading it: a file set
/// aside is not read again until one of these changes.
public struct ShareFileStamp: Equatable, Sendable {
  public var size: Int64
  /// Modification time in nanoseconds since 1970.
  public var modified: Int64
  public var inode: UInt64

  public init(size: Int64, modified: Int64, inode: UInt64) {
    self.size = size
    self.modified = modified
    self.inode = inode
  }
}

/// Where the shared files live. The folder implementation is the default; an
/// object store could sit behind the same few calls.
///
/// Paths are relative, `/`-separated, and never start with `/`. Nothing in
/// the protocol overwrites a file: the only write is create-if-absent.
public protocol ShareBackend: Sendable {
  /// How to name the share in messages (a folder path).
  var location: String { get }
  /// Whether the share itself is reachable (a mounted folder exists).
  func isReachable() -> Bool
  /// The entry names in a folder; empty when the folder does not exist.
  func list(_ folder: String) throws -> [String]
  /// A file's bytes, or nil when it does not exist. Anything but a regular
  /// file, and a file larger than `ShareFormat.readLimit(for:)`, is refused
  /// with `SyncError.refusedFile` without being read, and without waiting.
  func read(_ path: String) throws -> Data?
  /// The size, modification time and inode of the file at `path`, without
  /// opening it; nil when it does not exist or the backend cannot tell.
  func stamp(_ path: String) -> ShareFileStamp?
  /// When the file server says a file this terminal just created was
  /// written (its modification time, set by the server's clock): a clock
  /// no terminal sets. Nil when the backend cannot tell.
  func serverTime(of path: String) -> Date?
  /// Publishes `data` at `path` unless a file is already there, staging it in
  /// `staging` first so that nobody ever sees a partly written file.
  func createIfAbsent(_ path: String, _ data: Data, staging: String) throws -> CreateOutcome
  /// Removes a file; used only for this terminal's own staging leftovers.
  func remove(_ path: String) throws
}

extension ShareBackend {
  public func stamp(_ path: String) -> ShareFileStamp? { nil }
  public func serverTime(of path: String) -> Date? { nil }
}
