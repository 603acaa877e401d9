import Foundation
import GRDB
import StartWellCore
import Testing

@testable import StartWellStore

/// Raw library text that must never reach a person.
private let rawFragments = [
  "SQLite", "GRDB", "INSERT", "SELECT", "UPDATE", "PRAGMA", "constraint failed", "while executing",
  "Error Domain", "NSCocoaErrorDomain", "error 19",
]

private func expectPlain(_ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
  for fragment in rawFragments {
    #expect(!message.contains(fragment), "'\(fragment)' in: \(message)", sourceLocation: sourceLocation)
  }
  #expect(!message.isEmpty, sourceLocation: sourceLocation)
}

/// A fresh folder, removed afterwards.
private final class Folder {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent("sw-errors-\(UUID().uuidString)")
  init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
  deinit { try? FileManager.default.removeItem(at: url) }
}

private func mode(of url: URL) throws -> Int {
  (try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
}

@Suite("Errors for people")
struct PeopleErrorTests {
  /// A real UNIQUE failure, as SQLite and GRDB report it.
  func uniqueFailure() throws -> DatabaseError {
    let db = try DatabaseQueue()
    try db.write { db in
      try db.execute(sql: "CREATE TABLE users(id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE)")
      try db.execute(sql: "INSERT INTO users(username) VALUES ('pat')")
    }
    do {
      try db.write { try $0.execute(sql: "INSERT INTO users(username) VALUES ('pat')") }
    } catch let error as DatabaseError {
      return error
    }
    throw DomainError.conflict("the second insert should have failed")
  }

  @Test("a UNIQUE failure becomes a sentence naming the field, without SQL or GRDB's wording")
  func unique() throws {
    let error = try uniqueFailure()
    // The raw text really does hold what must not be shown.
    #expect(String(describing: error).contains("INSERT"))
    #expect(String(describing: error).contains("UNIQUE constraint failed"))
    let message = PeopleError.message(for: error)
    expectPlain(message)
    #expect(message == "the change clashes with a record already stored (users: username)")
  }

  @Test("NOT NULL and foreign-key failures are plain too")
  func otherConstraints() throws {
    let db = try DatabaseQueue()
    try db.write { db in
      try db.execute(sql: "PRAGMA foreign_keys = ON")
      try db.execute(sql: "CREATE TABLE family(id TEXT PRIMARY KEY, hub_id TEXT NOT NULL)")
      try db.execute(sql: "CREATE TABLE person(id TEXT PRIMARY KEY, family_id TEXT REFERENCES family(id))")
    }
    for sql in [
      "INSERT INTO family(id, hub_id) VALUES ('f', NULL)", "INSERT INTO person VALUES ('p', 'nope')",
    ] {
      do {
        try db.write { try $0.execute(sql: sql) }
        Issue.record("expected \(sql) to fail")
      } catch {
        expectPlain(PeopleError.message(for: error))
      }
    }
    #expect(
      PeopleError.constraint("NOT NULL constraint failed: family.hub_id")
        == "the change leaves out a value the store requires (family: hub id)")
    // Anything but plain names is left out rather than shown.
    #expect(
      PeopleError.constraint("CHECK constraint failed: length(name) > 0 AND name <> 'x'")
        == "the change breaks a rule of the store")
  }

  @Test(
    "each result code has its own sentence",
    arguments: [
      (ResultCode.SQLITE_BUSY, "busy"), (.SQLITE_LOCKED, "busy"), (.SQLITE_CORRUPT, "damaged"),
      (.SQLITE_NOTADB, "damaged"), (.SQLITE_FULL, "full"), (.SQLITE_IOERR, "disk"),
      (.SQLITE_READONLY, "read-only"), (.SQLITE_CANTOPEN, "could not be opened"),
    ])
  func resultCodes(code: ResultCode, word: String) {
    let error = DatabaseError(
      resultCode: code, message: "database is locked", sql: "SELECT * FROM family WHERE id = ?")
    let message = PeopleError.message(for: error)
    expectPlain(message)
    #expect(message.contains(word), "\(message)")
  }

  @Test("a garbage store file is called damaged, and its raw text goes to debug.log only")
  func garbageStore() throws {
    let folder = try Folder()
    let file = folder.url.appendingPathComponent(Store.fileName)
    try Data(repeating: 0x41, count: 8192).write(to: file)
    var caught: (any Error)?
    do {
      _ = try Store.open(directory: folder.url, config: StoreFixture.config)
    } catch {
      caught = error
    }
    let error = try #require(caught)
    let log = DebugLog(directory: folder.url)
    let message = PeopleError.report(error, context: "test", log: log)
    expectPlain(message)
    #expect(message.contains("damaged"))
    #expect(message.contains(log.file.path))
    let logged = try String(contentsOf: log.file, encoding: .utf8)
    #expect(logged.contains("[test] GRDB.DatabaseError: SQLite error 26"))
    #expect(try mode(of: log.file) == 0o600)
  }

  @Test("file errors name the file in plain words")
  func fileErrors() throws {
    let folder = try Folder()
    let locked = folder.url.appendingPathComponent("locked")
    try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
    try FileManager.default.setAttributes([.posixPermissions: 0o500], ofItemAtPath: locked.path)
    defer { try? FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: locked.path) }
    let missing = folder.url.appendingPathComponent("missing/file")
    do {
      _ = try Data(contentsOf: missing)
      Issue.record("reading a missing file should fail")
    } catch {
      let message = PeopleError.message(for: error)
      expectPlain(message)
      #expect(message == "\(missing.path) does not exist")
    }
    let denied = CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: "/srv/data/startwell"])
    #expect(
      PeopleError.message(for: denied)
        == "permission denied for /srv/data/startwell; check that it belongs to you")
    expectPlain(PeopleError.message(for: CocoaError(.fileWriteUnknown)))
    // Root may write anywhere, so only an ordinary user sees the real refusal.
    if getuid() != 0 {
      do {
        try FileManager.default.createDirectory(
          at: locked.appendingPathComponent("inner"), withIntermediateDirectories: true)
        Issue.record("creating a folder in a read-only folder should fail")
      } catch {
        let message = PeopleError.message(for: error)
        expectPlain(message)
        #expect(message.contains("permission denied"), "\(message)")
      }
    }
  }

  @Test("errors already worded for people keep their words and are not logged")
  func personFacing() throws {
    let folder = try Folder()
    let log = DebugLog(directory: folder.url)
    let error = DomainError.forbidden("pat is a practitioner")
    #expect(PeopleError.report(error, context: "test", log: log) == error.description)
    let config = ConfigurationError(file: "risk.json", key: "factors[0]", problem: "bad")
    #expect(PeopleError.report(config, context: "test", log: log) == config.description)
    #expect(!FileManager.default.fileExists(atPath: log.file.path))
  }

  @Test("anything else is an unexpected error pointing at debug.log, which is owner-only and appended to")
  func unexpected() throws {
    struct Odd: Error { var secret = "SELECT secret FROM family" }
    let folder = try Folder()
    let log = DebugLog(directory: folder.url)
    let first = PeopleError.report(Odd(), context: "first", log: log)
    #expect(first == "an unexpected error; details were written to \(folder.url.path)/debug.log")
    expectPlain(first)
    _ = PeopleError.report(Odd(), context: "second", log: log)
    let lines = try String(contentsOf: log.file, encoding: .utf8).split(separator: "\n")
    #expect(lines.count == 2)
    #expect(lines[0].contains("[first]") && lines[0].contains("SELECT secret FROM family"))
    #expect(lines[1].contains("[second]"))
    // Each entry starts with its time.
    #expect(lines.allSatisfy { Timestamp.parse(String($0.prefix(24))) != nil })
    #expect(try mode(of: log.file) == 0o600)
    // A log that cannot be written is not claimed.
    let nowhere = DebugLog(directory: folder.url.appendingPathComponent("absent"))
    let message = PeopleError.report(Odd(), context: "x", log: nowhere)
    #expect(!message.contains("debug.log"))
    expectPlain(message)
  }

  @Test("a store opened from a folder logs there; an in-memory one has no log")
  func logOfAStore() throws {
    let folder = try Folder()
    let store = try Store.open(directory: folder.url, config: StoreFixture.config)
    #expect(DebugLog(store: store)?.file.path == folder.url.appendingPathComponent("debug.log").path)
    #expect(DebugLog(store: try Store.inMemory(config: StoreFixture.config)) == nil)
  }
}
