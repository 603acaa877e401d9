import Foundation
import StartWellStore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A share that is a folder, local or on a network mount.
///
/// A file is written in the staging folder, flushed to disk with its folder,
/// then hard-linked into its final name. `link` fails rather than replace an
/// existing file, so a crash or a second writer can never leave a half file
/// or overwrite a published one.
public struct FolderShare: ShareBackend {
  public let root: URL
  /// Flush files and folders to disk. Only the in-process simulation turns this off, for speed.
  public var durable: Bool

  public init(root: URL, durable: Bool = true) {
    self.root = root.standardizedFileURL
    self.durable = durable
  }

  public var location: String { root.path }

  func url(_ path: String) -> URL { path.isEmpty ? root : root.appendingPathComponent(path) }

  public func isReachable() -> Bool {
    var isDir: ObjCBool = false
    return FileManager.default.fileExists(atPath: root.path, isDirectory: &isDir) && isDir.boolValue
  }

  public func list(_ folder: String) throws -> [String] {
    do {
      return try FileManager.default.contentsOfDirectory(atPath: url(folder).path)
    } catch let error as CocoaError where error.code == .fileReadNoSuchFile || error.code == .fileNoSuchFile {
      return []
    } catch {
      if !FileManager.default.fileExists(atPath: url(folder).path) { return [] }
      throw SyncError.io("cannot list \(url(folder).path): \(PeopleError.message(for: error))")
    }
  }

  public func read(_ path: String) throws -> Data? {
    let file = url(path).path
    let fd = open(file, O_RDONLY)
    if fd < 0 {
      if errno == ENOENT || errno == ENOTDIR { return nil }
      throw SyncError.io("cannot read \(file): \(String(cString: strerror(errno)))")
    }
    defer { close(fd) }
    var data = Data()
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
      if n < 0 {
        if errno == EINTR { continue }
        throw SyncError.io("cannot read \(file): \(String(cString: strerror(errno)))")
      }
      if n == 0 { break }
      data.append(contentsOf: buffer[0..<n])
    }
    return data
  }

  public func createIfAbsent(_ path: String, _ data: Data, staging: String) throws -> CreateOutcome {
    let final = url(path)
    if let existing = try read(path) { return existing == data ? .identical : .different }
    let stagingDir = url(staging)
    let fm = FileManager.default
    try fm.createDirectory(at: stagingDir, withIntermediateDirectories: true)
    try fm.createDirectory(at: final.deletingLastPathComponent(), withIntermediateDirectories: true)
    let millis = Int64(Date().timeIntervalSince1970 * 1000)
    let temp = stagingDir.appendingPathComponent(
      "\(final.lastPathComponent).\(millis).\(UInt32.random(in: 0...UInt32.max)).tmp")
    try writeNew(temp.path, data)
    if durable { syncFolder(stagingDir.path) }
    CrashPoint.hit("push.after-tmp")
    defer { unlink(temp.path) }
    if link(temp.path, final.path) != 0 {
      let code = errno
      if code == EEXIST {
        return try read(path) == data ? .identical : .different
      }
      // Some network filesystems refuse hard links; an exclusive create is the
      // next best thing (a reader may briefly see a short file, which it sets
      // aside and re-reads next time).
      guard code == EPERM || code == ENOTSUP || code == EOPNOTSUPP || code == ENOSYS || code == EXDEV else {
        throw SyncError.io("cannot publish \(final.path): \(String(cString: strerror(code)))")
      }
      do {
        try writeNew(final.path, data)
      } catch {
        if let existing = try read(path) { return existing == data ? .identical : .different }
        throw error
      }
    }
    if durable { syncFolder(final.deletingLastPathComponent().path) }
    return .created
  }

  public func remove(_ path: String) throws {
    if unlink(url(path).path) != 0 && errno != ENOENT {
      throw SyncError.io("cannot remove \(url(path).path): \(String(cString: strerror(errno)))")
    }
  }

  /// Creates a file that must not exist yet, writes all of it and flushes it.
  private func writeNew(_ path: String, _ data: Data) throws {
    let fd = open(path, O_CREAT | O_EXCL | O_WRONLY, 0o640)
    guard fd >= 0 else { throw SyncError.io("cannot create \(path): \(String(cString: strerror(errno)))") }
    var ok = true
    data.withUnsafeBytes { raw in
      var offset = 0
      while offset < raw.count {
        let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
        if n < 0 {
          if errno == EINTR { continue }
          ok = false
          return
        }
        offset += n
      }
    }
    if ok && durable && fsync(fd) != 0 { ok = false }
    let code = errno
    close(fd)
    if !ok {
      unlink(path)
      throw SyncError.io("cannot write \(path): \(String(cString: strerror(code)))")
    }
  }

  private func syncFolder(_ path: String) {
    let fd = open(path, O_RDONLY | O_DIRECTORY)
    guard fd >= 0 else { return }
    _ = fsync(fd)
    close(fd)
  }
}
