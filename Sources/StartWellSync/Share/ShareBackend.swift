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
  /// A file's bytes, or nil when it does not exist.
  func read(_ path: String) throws -> Data?
  /// Publishes `data` at `path` unless a file is already there, staging it in
  /// `staging` first so that nobody ever sees a partly written file.
  func createIfAbsent(_ path: String, _ data: Data, staging: String) throws -> CreateOutcome
  /// Removes a file; used only for this terminal's own staging leftovers.
  func remove(_ path: String) throws
}
