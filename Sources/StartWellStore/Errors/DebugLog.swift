import Foundation
import GRDB
import StartWellCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `debug.log` in the data folder: the raw text of errors that people are
/// shown only as a plain sentence (a database error with its SQL, a file
/// error, anything unexpected), for whoever looks into a problem later.
///
/// The file is created readable by its owner only (0600), like the store
/// beside it, and only ever appended to; each entry starts with its time.
public struct DebugLog: Sendable, Hashable {
  public static let fileName = "debug.log"

  public let file: URL

  /// The log of the data folder `directory`.
  public init(directory: URL) {
    file = directory.appendingPathComponent(Self.fileName)
  }

  /// The log of the data folder `store` was opened from; nil for an in-memory store.
  public init?(store: Store) {
    let path = store.writer.path
    guard path.hasPrefix("/") else { return nil }
    self.init(directory: URL(fileURLWithPath: path).deletingLastPathComponent())
  }

  /// Appends one entry: `2026-03-02T10:00:00.000Z [context] text`. Returns
  /// false when it could not be written (no data folder, no permission).
  @discardableResult
  public func write(_ text: String, context: String, at date: Date = Date()) -> Bool {
    // Continuation lines are indented so every entry starts with its time.
    let body = text.replacingOccurrences(of: "\n", with: "\n    ")
    let entry = Data("\(Timestamp.format(date)) [\(context)] \(body)\n".utf8)
    let fd = open(file.path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    // A log made by an older version, or copied in, is tightened too.
    _ = fchmod(fd, 0o600)
    return entry.withUnsafeBytes { raw -> Bool in
      var offset = 0
      while offset < raw.count {
        let n = systemWrite(fd, raw.baseAddress! + offset, raw.count - offset)
        if n < 0 {
          if errno == EINTR { continue }
          return false
        }
        offset += n
      }
      return true
    }
  }
}

private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
  #if canImport(Glibc)
    Glibc.write(fd, bytes, count)
  #else
    Darwin.write(fd, bytes, count)
  #endif
}
