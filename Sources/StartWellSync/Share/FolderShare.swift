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

  /// Read the file server's clock from the files this terminal publishes.
  /// Off with `durable` unless asked for: the in-process tests run on made-up clocks.
  public var readsServerClock: Bool

  public init(root: URL, durable: Bool = true, readsServerClock: Bool? = nil) {
    self.root = root.standardizedFileURL
    self.durable = durable
    self.readsServerClock = readsServerClock ?? durable
  }

  public func serverTime(of path: String) -> Date? {
    guard readsServerClock, let stamp = stamp(path) else { return nil }
    return Date(timeIntervalSince1970: Double(stamp.modified) / 1_000_000_000)
  }

  public var location: String { root.path }

  func url(_ path: String) -> URL { path.isEmpty ? root : root.appendingPathComponent(path) }

  public func isReachable() -> Bool {
    var isDir: ObjCBool = false
    return FileManager.default.fileExists(atPath: root.path, isDirectory: &isDir) && isDir.boolValue
  }

  public func list(_ folder: String) throws -> [String] {
    let path = url(folder).path
    var info = stat()
    if stat(path, &info) != 0 {
      let code = errno
      if code == ENOENT || code == ENOTDIR { return [] }
      throw SyncError.io("cannot list \(path): \(String(cString: strerror(code)))")
    }
    guard info.st_mode & S_IFMT == S_IFDIR else {
      throw SyncError.refusedFile(path: folder, reason: "is \(Self.kind(info.st_mode)), not a folder")
    }
    do {
      return try FileManager.default.contentsOfDirectory(atPath: path)
    } catch let error as CocoaError where error.code == .fileReadNoSuchFile || error.code == .fileNoSuchFile {
      return []
    } catch {
      if !FileManager.default.fileExists(atPath: path) { return [] }
      throw SyncError.io("cannot list \(path): \(PeopleError.message(for: error))")
    }
  }

  /// Reads a regular file only. The entry is looked at first without opening
  /// it, then opened without following a link and without waiting (a pipe
  /// would block for ever), checked again on the open descriptor, and refused
  /// above the size limit for its kind before a byte is read.
  public func read(_ path: String) throws -> Data? {
    let file = url(path).path
    var before = stat()
    if lstat(file, &before) != 0 {
      let code = errno
      if code == ENOENT || code == ENOTDIR { return nil }
      throw SyncError.io("cannot read \(file): \(String(cString: strerror(code)))")
    }
    guard before.st_mode & S_IFMT == S_IFREG else {
      throw SyncError.refusedFile(path: path, reason: "is \(Self.kind(before.st_mode)), not a regular file")
    }
    let limit = ShareFormat.readLimit(for: path)
    if before.st_size > limit { throw Self.tooLarge(path, Int64(before.st_size), limit: limit) }
    let fd = open(file, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC)
    if fd < 0 {
      let code = errno
      if code == ENOENT || code == ENOTDIR { return nil }
      if code == ELOOP || code == ENXIO {
        throw SyncError.refusedFile(path: path, reason: "is not a regular file")
      }
      throw SyncError.io("cannot read \(file): \(String(cString: strerror(code)))")
    }
    defer { close(fd) }
    // Swapped for something else between the look and the open.
    var info = stat()
    guard fstat(fd, &info) == 0 else {
      throw SyncError.io("cannot read \(file): \(String(cString: strerror(errno)))")
    }
    guard info.st_mode & S_IFMT == S_IFREG else {
      throw SyncError.refusedFile(path: path, reason: "is \(Self.kind(info.st_mode)), not a regular file")
    }
    if info.st_size > limit { throw Self.tooLarge(path, Int64(info.st_size), limit: limit) }
    // A regular file after all: read it normally (some network filesystems
    // would answer "try again" to a non-blocking read).
    let flags = fcntl(fd, F_GETFL)
    if flags >= 0 { _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) }
    var data = Data()
    data.reserveCapacity(Int(info.st_size))
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
      if n < 0 {
        if errno == EINTR { continue }
        throw SyncError.io("cannot read \(file): \(String(cString: strerror(errno)))")
      }
      if n == 0 { break }
      data.append(contentsOf: buffer[0..<n])
      // Still growing while being read: no file StartWell writes does that.
      if data.count > limit { throw Self.tooLarge(path, Int64(data.count), limit: limit) }
    }
    return data
  }

  public func stamp(_ path: String) -> ShareFileStamp? {
    var info = stat()
    guard lstat(url(path).path, &info) == 0 else { return nil }
    return ShareFileStamp(
      size: Int64(info.st_size),
      modified: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec),
      inode: UInt64(info.st_ino))
  }

  static func kind(_ mode: mode_t) -> String {
    switch mode & S_IFMT {
    case S_IFDIR: "a folder"
    case S_IFLNK: "a symbolic link"
    case S_IFIFO: "a named pipe"
    case S_IFSOCK: "a socket"
    case S_IFCHR, S_IFBLK: "a device"
    case S_IFREG: "a file"
    default: "not a file"
    }
  }

  static func tooLarge(_ path: String, _ size: Int64, limit: Int) -> SyncError {
    .refusedFile(
      path: path,
      reason:
        "is \(megabytes(size)) MB, larger than any file StartWell writes there (at most \(megabytes(Int64(limit))) MB)"
    )
  }

  private static func megabytes(_ bytes: Int64) -> String {
    bytes >= 10 << 20 ? String(bytes >> 20) : String(format: "%.1f", Double(bytes) / Double(1 << 20))
  }

  public func createIfAbsent(_ path: String, _ data: Data, staging: String) throws -> CreateOutcome {
    let final = url(path)
    if let existing = try read(path) { return existing == data ? .identical : .different }
    let stagingDir = url(staging)
    try makeFolder(stagingDir)
    try makeFolder(final.deletingLastPathComponent())
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

  private func makeFolder(_ folder: URL) throws {
    do {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    } catch {
      throw SyncError.io("cannot write to the share: \(PeopleError.message(for: error))")
    }
  }

  /// Creates a file that must not exist yet, writes all of it and flushes it.
  private func writeNew(_ path: String, _ data: Data) throws {
    let fd = open(path, O_CREAT | O_EXCL | O_WRONLY, 0o640)
    // Named by its folder: a staging file's own name is different every time.
    let folder = (path as NSString).deletingLastPathComponent
    guard fd >= 0 else {
      throw SyncError.io("cannot write a file in \(folder): \(String(cString: strerror(errno)))")
    }
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
      throw SyncError.io("cannot write a file in \(folder): \(String(cString: strerror(code)))")
    }
  }

  private func syncFolder(_ path: String) {
    let fd = open(path, O_RDONLY | O_DIRECTORY)
    guard fd >= 0 else { return }
    _ = fsync(fd)
    close(fd)
  }
}
