import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The file-system side of the sync floors: plain POSIX calls, nothing above them.
enum PlainFiles {
  static func writeDurably(_ data: Data, to url: URL) throws {
    let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0 else { throw BenchError("cannot create \(url.path)") }
    defer { close(fd) }
    try data.withUnsafeBytes { buffer in
      var offset = 0
      while offset < buffer.count {
        let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
        guard n > 0 else { throw BenchError("cannot write \(url.path)") }
        offset += n
      }
    }
    guard fsync(fd) == 0 else { throw BenchError("cannot sync \(url.path)") }
  }

  static func syncFolder(_ url: URL) throws {
    let fd = open(url.path, O_RDONLY | O_DIRECTORY)
    guard fd >= 0 else { throw BenchError("cannot open \(url.path)") }
    defer { close(fd) }
    _ = fsync(fd)
  }

  /// Lists every folder under `root` and looks at each entry; returns how many.
  @discardableResult
  static func walk(_ root: URL) throws -> Int {
    var count = 0
    try forEachEntry(under: root) { _, _ in count += 1 }
    return count
  }

  /// Reads every regular file under `root` to its end.
  static func readAll(_ root: URL) throws {
    var buffer = [UInt8](repeating: 0, count: 1 << 20)
    try forEachEntry(under: root) { path, isFolder in
      guard !isFolder else { return }
      let fd = open(path, O_RDONLY)
      guard fd >= 0 else { throw BenchError("cannot read \(path)") }
      while read(fd, &buffer, buffer.count) > 0 {}
      close(fd)
    }
  }

  /// Every entry under `root`, depth first, with whether it is a folder
  /// (symbolic links are not followed).
  private static func forEachEntry(under root: URL, _ body: (String, Bool) throws -> Void) throws {
    var pending = [root.path]
    while let path = pending.popLast() {
      guard let dir = opendir(path) else { continue }
      defer { closedir(dir) }
      while let entry = readdir(dir) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) {
          String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
        }
        if name == "." || name == ".." { continue }
        let child = path + "/" + name
        var info = stat()
        guard lstat(child, &info) == 0 else { continue }
        let isFolder = (info.st_mode & S_IFMT) == S_IFDIR
        if isFolder { pending.append(child) }
        try body(child, isFolder)
      }
    }
  }

  /// The rows of every ordinary table of `source` inserted in bulk, in one
  /// durable transaction, into a new database of the same tables and
  /// indexes. Full-text tables are left out, so the floor is if anything low.
  static func bulkCopy(from source: URL, to target: URL) throws {
    let raw = try RawDatabase(path: source.path, readOnly: true)
    var virtual: [String] = []
    var tables: [(name: String, sql: String)] = []
    var indexes: [String] = []
    try raw.rows("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid") { row in
      let (type, name, sql) = (row[0] ?? "", row[1] ?? "", row[2] ?? "")
      if sql.uppercased().hasPrefix("CREATE VIRTUAL") {
        virtual.append(name)
      } else if type == "table" {
        tables.append((name, sql))
      } else if type == "index" {
        indexes.append(sql)
      }
    }
    let kept = tables.filter { table in
      !table.name.hasPrefix("sqlite_") && !virtual.contains { table.name.hasPrefix($0 + "_") }
    }
    let db = try RawDatabase(path: target.path)
    try db.configureLikeTheStore()
    try db.execute("PRAGMA foreign_keys = OFF")
    try db.execute("ATTACH DATABASE '\(source.path.replacingOccurrences(of: "'", with: "''"))' AS src")
    try db.execute("BEGIN IMMEDIATE")
    for table in kept {
      try db.execute(table.sql)
      try db.execute("INSERT INTO main.\"\(table.name)\" SELECT * FROM src.\"\(table.name)\"")
    }
    for sql in indexes {
      // Indexes on the tables left out are left out with them.
      try? db.execute(sql)
    }
    try db.execute("COMMIT")
  }
}
