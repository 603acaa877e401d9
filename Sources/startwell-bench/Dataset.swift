import Crypto
import Foundation
import StartWellCore
import StartWellStore

/// The benchmark's data: a demo store made by the product's own generator,
/// kept in a cache folder keyed by scale and generator version, and never
/// opened for writing once made. Every row works on a copy of it.
struct Dataset {
  let families: Int
  let folder: URL
  var file: URL { folder.appendingPathComponent(Store.fileName) }

  static let seed: UInt64 = 1

  /// `$STARTWELL_BENCH_CACHE`, else `$XDG_CACHE_HOME/startwell-bench`, else `~/.cache/startwell-bench`.
  static func cacheRoot(_ environment: [String: String]) -> URL {
    if let explicit = environment["STARTWELL_BENCH_CACHE"], !explicit.isEmpty {
      return URL(fileURLWithPath: explicit, isDirectory: true)
    }
    let base =
      environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
      ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache")
    return base.appendingPathComponent("startwell-bench", isDirectory: true)
  }

  /// The cached dataset of `families` families, made first if it is not there.
  static func prepare(families: Int, config: Configuration, environment: [String: String]) throws -> Dataset {
    let root = cacheRoot(environment)
    let name = "families-\(families)-generator-\(DemoData.generatorVersion)-seed-\(seed)"
    let dataset = Dataset(families: families, folder: root.appendingPathComponent(name, isDirectory: true))
    let fm = FileManager.default
    if fm.fileExists(atPath: dataset.file.path) { return dataset }
    note("making the dataset: \(grouped(families)) families in \(dataset.folder.path)")
    try fm.createDirectory(at: root, withIntermediateDirectories: true)
    let building = root.appendingPathComponent("\(name).building-\(getpid())", isDirectory: true)
    try? fm.removeItem(at: building)
    try build(families: families, config: config, in: building)
    // Made whole, then moved into place, so an interrupted build is never mistaken for a dataset.
    try fm.moveItem(at: building, to: dataset.folder)
    return dataset
  }

  private static func build(families: Int, config: Configuration, in folder: URL) throws {
    var last = Date()
    do {
      let store = try Store.open(directory: folder, config: config)
      let summary = try DemoData.load(into: store, families: families, seed: seed) { line in
        if Date().timeIntervalSince(last) > 10 {
          last = Date()
          note("  \(line)")
        }
      }
      note(String(format: "  made in %.0f s", summary.elapsed))
    }
    // One plain file, with no write-ahead log beside it, is what every copy starts from.
    let raw = try RawDatabase(path: folder.appendingPathComponent(Store.fileName).path)
    try raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    try raw.execute("PRAGMA journal_mode = DELETE")
  }

  /// A working copy in `folder`, for a row that writes or opens the store as the client does.
  func copy(to folder: URL) throws -> URL {
    let fm = FileManager.default
    try? fm.removeItem(at: folder)
    try fm.createDirectory(
      at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    try fm.copyItem(at: file, to: folder.appendingPathComponent(Store.fileName))
    return folder
  }

  /// Rows per table and a hash of every row of every table, read straight
  /// from the cached file: two runs on one dataset print the same.
  func describe() throws -> Description {
    let db = try RawDatabase(path: file.path, readOnly: true)
    var tables: [(name: String, rowid: Bool)] = []
    try db.rows(
      "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name"
    ) { tables.append(($0[0] ?? "", !($0[1] ?? "").uppercased().contains("WITHOUT ROWID"))) }
    var counts: [String: Int] = [:]
    var hash = SHA256()
    for (table, hasRowid) in tables {
      var n = 0
      hash.update(data: Data("table \(table)\n".utf8))
      // A table without rowids is read in its key's order, which is as fixed.
      try db.rows("SELECT * FROM \"\(table)\"\(hasRowid ? " ORDER BY rowid" : "")") { row in
        n += 1
        for value in row {
          hash.update(data: Data((value ?? "\u{0}NULL").utf8))
          hash.update(data: Data([0x1f]))
        }
        hash.update(data: Data([0x1e]))
      }
      counts[table] = n
    }
    let digest = hash.finalize().map { String(format: "%02x", $0) }.joined()
    return Description(families: families, rows: counts, hash: digest, folder: folder.path)
  }

  struct Description: Encodable {
    var families: Int
    var rows: [String: Int]
    var hash: String
    var folder: String
  }
}
