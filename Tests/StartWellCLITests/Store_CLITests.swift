import Foundation
import Testing

@Suite("startwell audit, files, JSON and set-up")
struct StoreCLITests {
  @Test("audit verify passes, then names an edited event")
  func auditDetectsEdit() throws {
    let book = try Casebook()
    let s = book.sandbox
    let good = try s.ok(["audit", "verify"], as: "admin")
    let events = try s.count("audit")
    #expect(good.stdout == "audit chain intact: \(events) events\n")

    try s.sqlite("UPDATE audit SET detail='x' WHERE seq=2")
    let bad = try s.run(["audit", "verify"], as: "admin")
    #expect(bad.status == 1)
    #expect(bad.stderrLines.count == 1)
    #expect(bad.stderr.hasPrefix("error: audit chain broken at event 2: "))
    #expect(bad.stdout.isEmpty)
  }

  @Test("audit verify names a deleted event, in the middle or at the end")
  func auditDetectsDelete() throws {
    let book = try Casebook()
    let s = book.sandbox
    try s.ok(["audit", "verify"], as: "admin")
    try s.sqlite("DELETE FROM audit WHERE seq=2")
    let bad = try s.run(["audit", "verify"], as: "admin")
    #expect(bad.status == 1)
    #expect(bad.stderr.hasPrefix("error: audit chain broken at event 2: "))

    let other = try Casebook()
    let last = try other.sandbox.count("audit")
    try other.sandbox.sqlite("DELETE FROM audit WHERE seq=\(last)")
    let tail = try other.sandbox.run(["audit", "verify"], as: "admin")
    #expect(tail.status == 1)
    #expect(tail.stderr.hasPrefix("error: audit chain broken at event \(last): "))
  }

  @Test("the database is readable by its owner only")
  func fileModes() throws {
    let book = try Casebook()
    let fm = FileManager.default
    let file = try fm.attributesOfItem(atPath: book.sandbox.storeFile.path)
    let dir = try fm.attributesOfItem(atPath: book.sandbox.dataDir.path)
    #expect((file[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    #expect((dir[.posixPermissions] as? NSNumber)?.intValue == 0o700)
  }

  @Test("--json listings parse and carry their documented keys")
  func jsonShapes() throws {
    let book = try Casebook()
    let s = book.sandbox
    try s.ok(["escalate", book.family, "--to", "early-help", "--reason", "Concern"], as: "practitioner1")
    try s.ok(
      ["referral", "add", book.child, "--service", "slt", "--reason", "Speech", "--consent"],
      as: "practitioner1")

    let families = try s.ok(["family", "search", "--json"], as: "practitioner1").jsonArray()
    #expect(families.count == 1)
    for key in [
      "reference", "name", "hub", "sdf", "level", "riskBand", "lead", "postcode", "riskScore", "lastContact",
    ] {
      #expect(families[0].keys.contains(key), "family search lacks \(key)")
    }
    #expect(families[0]["name"] as? String == "Okafor")
    #expect(families[0]["sdf"] as? String == "north-moorside")
    #expect(families[0]["lead"] as? String == "practitioner1")
    #expect(families[0]["lastContact"] is NSNull)

    let found = try s.ok(["family", "search", "okaf", "--json"], as: "practitioner1").jsonArray()
    #expect(found.count == 1)
    let none = try s.ok(["family", "search", "zzzz", "--json"], as: "practitioner1").jsonArray()
    #expect(none.isEmpty)

    let users = try s.ok(["user", "list", "--json"], as: "admin").jsonArray()
    #expect(
      users.map { $0["username"] as? String } == ["admin", "practitioner1", "practitioner2", "supervisor1"])
    for user in users {
      #expect(user["role"] is String)
      #expect(user["hubs"] is [Any])
    }
    #expect(users.first { $0["username"] as? String == "supervisor1" }?["role"] as? String == "supervisor")

    let escalations = try s.ok(["escalation", "list", "--json"], as: "supervisor1").jsonArray()
    for key in [
      "reference", "family", "fromLevel", "toLevel", "urgency", "status", "raisedBy", "raisedAt", "decidedAt",
    ] {
      #expect(escalations.first?.keys.contains(key) == true, "escalation list lacks \(key)")
    }
    let referrals = try s.ok(["referral", "list", "--json"], as: "practitioner1").jsonArray()
    for key in [
      "reference", "family", "person", "service", "status", "statusDates", "daysWaiting", "consentRecorded",
    ] {
      #expect(referrals.first?.keys.contains(key) == true, "referral list lacks \(key)")
    }
    #expect(referrals.first?["person"] as? String == book.child)

    let show = try s.ok(["family", "show", book.family, "--json"], as: "practitioner1").jsonObject()
    for key in ["family", "case", "risk", "members", "chronology", "openActions", "followUps", "access"] {
      #expect(show.keys.contains(key), "family show lacks \(key)")
    }
    let members = try #require(show["members"] as? [[String: Any]])
    #expect(Set(members.compactMap { $0["reference"] as? String }) == [book.mother, book.child])

    let audit = try s.ok(["audit", "log", "--json"], as: "admin").jsonArray()
    for key in ["seq", "at", "username", "action", "entity", "recordId", "familyId", "detail", "hash"] {
      #expect(audit.first?.keys.contains(key) == true, "audit log lacks \(key)")
    }
    let seqs = audit.compactMap { $0["seq"] as? Int }
    #expect(seqs == seqs.sorted() && !seqs.isEmpty)
  }

  @Test("stored control characters are shown as visible escapes")
  func sanitisesStoredText() throws {
    let book = try Casebook()
    let s = book.sandbox
    // Only tampering (or a bad sync) can get this into the store; the CLI must still not emit it raw.
    try s.sqlite(
      "UPDATE family SET name = 'Ok' || char(27) || '[2J' || char(7) WHERE reference = '\(book.family)'")
    let list = try s.ok(["family", "search"], as: "practitioner1")
    #expect(!list.stdout.contains("\u{1B}") && !list.stdout.contains("\u{07}"))
    #expect(list.stdout.contains("Ok\\e[2J\\x07"))
    let show = try s.ok(["family", "show", book.family], as: "practitioner1")
    #expect(!show.stdout.contains("\u{1B}"))
    #expect(show.stdout.contains("Ok\\e[2J\\x07"))
  }

  /// Issue 11: controls must be visible everywhere, JSON included. JSON keeps
  /// the exact stored value, with every character the client shows as an
  /// escape written as a `\uXXXX` escape, so it stays valid and reads back the same.
  @Test("JSON output keeps stored text exactly, with controls and bidi marks as JSON escapes")
  func jsonEscapesControlsAndKeepsTheValue() throws {
    let book = try Casebook()
    let s = book.sandbox
    let stored = "Sara\u{200E}Ahmed\u{9B}31m\u{202E}x\u{7F}\u{1B}[2J\u{FEFF}"
    let codes = stored.unicodeScalars.map { String($0.value) }.joined(separator: ",")
    try s.sqlite("UPDATE family SET name = char(\(codes)) WHERE reference = '\(book.family)'")
    let json = try s.ok(["family", "show", book.family, "--json"], as: "practitioner1")
    for raw in ["\u{200E}", "\u{9B}", "\u{202E}", "\u{7F}", "\u{1B}", "\u{FEFF}"] {
      #expect(!json.stdout.unicodeScalars.contains(raw.unicodeScalars.first!), "raw \(raw) in JSON")
    }
    #expect(json.stdout.contains(#"Sara\u200eAhmed\u009b31m\u202ex\u007f\u001b[2J\ufeff"#))
    let family = try #require(try json.jsonObject()["family"] as? [String: Any])
    let name = try #require(family["name"] as? String)
    #expect(Array(name.unicodeScalars) == Array(stored.unicodeScalars))
    let text = try s.ok(["family", "show", book.family], as: "practitioner1")
    #expect(text.stdout.contains("Sara\\u{200e}Ahmed\\u{9b}31m\\u{202e}x\\x7f\\e[2J\\u{feff}"))
  }

  @Test("init creates the first admin once")
  func initOnce() throws {
    let s = try Sandbox()
    let first = try s.ok(["init", "--username", "boss"])
    #expect(first.stdout.contains("boss"))
    let again = try s.run(["init"], as: "other")
    #expect(again.status == 1)
    #expect(again.stderr.hasPrefix("error: ") && again.stderr.contains("already has 1 user"))
    let users = try s.ok(["user", "list", "--json"], as: "boss").jsonArray()
    #expect(users.count == 1 && users[0]["role"] as? String == "admin")
  }

  @Test("login needs a known user and the right password")
  func login() throws {
    let book = try Casebook()
    let s = book.sandbox
    let wrong = try s.run(
      ["family", "search"], as: "practitioner1", environment: ["STARTWELL_PASSWORD": "nope"])
    #expect(wrong.status == 1)
    #expect(wrong.stderr == "error: login failed for practitioner1\n")
    let unknown = try s.run(["family", "search"], as: "ghost")
    #expect(unknown.stderr == "error: login failed for ghost\n")
    let nobody = try s.run(["family", "search"])
    #expect(nobody.status == 1)
    #expect(nobody.stderr.contains("--as") && nobody.stderr.contains("STARTWELL_USER"))
    let fromEnv = try s.run(["family", "search", "--json"], environment: ["STARTWELL_USER": "practitioner1"])
    #expect(fromEnv.ok)
  }

  @Test("invisible characters are escaped exactly as the client escapes them")
  func escapesInvisibleCharacters() throws {
    let book = try Casebook()
    let s = book.sandbox
    try s.sqlite(
      "UPDATE family SET name = 'Ok' || char(8203) || 'af' || char(65279) || 'or' || char(8288) || char(8292)"
        + " || char(1564) WHERE reference = '\(book.family)'")
    let escaped = "Ok\\u{200b}af\\u{feff}or\\u{2060}\\u{2064}\\u{61c}"
    let list = try s.ok(["family", "search"], as: "practitioner1")
    // The table cuts long names short; the record shows all of it.
    #expect(list.stdout.contains(escaped.prefix(30)), "\(list.stdout)")
    let show = try s.ok(["family", "show", book.family], as: "practitioner1")
    #expect(show.stdout.contains(escaped), "\(show.stdout)")
    for scalar in ["\u{200B}", "\u{FEFF}", "\u{2060}", "\u{2064}", "\u{061C}"] {
      #expect(!list.stdout.contains(scalar) && !show.stdout.contains(scalar))
    }
  }

  @Test("a damaged store gives a sentence for people; the raw text goes to debug.log, owner-only")
  func damagedStore() throws {
    let s = try Sandbox()
    try FileManager.default.createDirectory(at: s.dataDir, withIntermediateDirectories: true)
    try Data(repeating: 0x41, count: 8192).write(to: s.storeFile)
    let result = try s.run(["family", "search"], as: "practitioner1")
    #expect(result.status == 1)
    #expect(result.stderrLines.count == 1)
    #expect(result.stderr.hasPrefix("error: the data folder's store is damaged or is not a StartWell store"))
    let log = s.dataDir.appendingPathComponent("debug.log")
    #expect(result.stderr.contains(log.path))
    let logged = try String(contentsOf: log, encoding: .utf8)
    #expect(logged.contains("SQLite error 26"))
    #expect(logged.contains("FamilyCommand.Search"))
    let mode = try FileManager.default.attributesOfItem(atPath: log.path)[.posixPermissions] as? NSNumber
    #expect(mode?.intValue == 0o600)
    // Another failure is appended, not written over.
    _ = try s.run(["referral", "list"], as: "practitioner1")
    let again = try String(contentsOf: log, encoding: .utf8)
    #expect(again.hasPrefix(logged) && again.count > logged.count)
  }

  @Test("a store missing a table says so in plain words, with the SQL only in debug.log")
  func storeMissingATable() throws {
    let book = try Casebook()
    let s = book.sandbox
    try s.sqlite("DROP TABLE referral")
    let result = try s.run(["referral", "list"], as: "practitioner1")
    #expect(result.status == 1)
    #expect(result.stderrLines.count == 1)
    #expect(
      result.stderr.hasPrefix("error: the store does not have the layout this version of StartWell expects"))
    for fragment in ["SELECT", "no such table", "referral r"] {
      #expect(!result.stderr.contains(fragment), "\(result.stderr)")
    }
    let logged = try String(contentsOf: s.dataDir.appendingPathComponent("debug.log"), encoding: .utf8)
    #expect(logged.contains("no such table: referral"))
  }

  @Test("a missing store is reported rather than silently created")
  func missingStore() throws {
    let s = try Sandbox()
    let result = try s.run(["family", "search"], as: "admin")
    #expect(result.status == 1)
    #expect(result.stderr.contains("startwell init"))
    #expect(!FileManager.default.fileExists(atPath: s.storeFile.path))
  }

  @Test("the data folder comes from --data-dir, then STARTWELL_DATA_DIR, then XDG_DATA_HOME")
  func dataFolderPrecedence() throws {
    let s = try Sandbox()
    let fromEnv = s.root.appendingPathComponent("env")
    let fromFlag = s.root.appendingPathComponent("flag")
    let xdg = s.root.appendingPathComponent("xdg")
    try s.ok(["init"], as: "admin")
    _ = try s.run(
      ["init", "--data-dir", fromFlag.path], as: "admin", environment: ["STARTWELL_DATA_DIR": fromEnv.path],
      dataDir: false)
    #expect(FileManager.default.fileExists(atPath: fromFlag.appendingPathComponent("startwell.sqlite").path))
    #expect(!FileManager.default.fileExists(atPath: fromEnv.path))
    _ = try s.run(
      ["init"], as: "admin", environment: ["STARTWELL_DATA_DIR": fromEnv.path, "XDG_DATA_HOME": xdg.path],
      dataDir: false)
    #expect(FileManager.default.fileExists(atPath: fromEnv.appendingPathComponent("startwell.sqlite").path))
    _ = try s.run(["init"], as: "admin", environment: ["XDG_DATA_HOME": xdg.path], dataDir: false)
    #expect(
      FileManager.default.fileExists(atPath: xdg.appendingPathComponent("startwell/startwell.sqlite").path))
    _ = try s.run(["init"], as: "admin", dataDir: false)
    #expect(
      FileManager.default.fileExists(
        atPath: s.root.appendingPathComponent(".local/share/startwell/startwell.sqlite").path))
  }

  @Test("a bad configuration file is named with its key")
  func badConfiguration() throws {
    let s = try Sandbox()
    let config = s.root.appendingPathComponent("config")
    try FileManager.default.copyItem(at: CLIBinary.configDirectory, to: config)
    let risk = config.appendingPathComponent("risk.json")
    let text = try String(contentsOf: risk, encoding: .utf8).replacingOccurrences(
      of: "\"weight\": 30", with: "\"weight\": \"lots\"")
    try text.write(to: risk, atomically: true, encoding: .utf8)
    let result = try s.run(["init"], as: "admin", environment: ["STARTWELL_CONFIG_DIR": config.path])
    #expect(result.status == 1)
    #expect(result.stderrLines.count == 1)
    #expect(result.stderr.contains("risk.json") && result.stderr.contains("factors[0].weight"))
    let missing = try s.run(
      ["init", "--config-dir", s.root.appendingPathComponent("nowhere").path], as: "admin")
    #expect(missing.status == 1)
    #expect(missing.stderr.contains("--config-dir"))
  }

  @Test("help lists every command group")
  func help() throws {
    let s = try Sandbox()
    let result = try s.run(["--help"], dataDir: false)
    #expect(result.ok)
    #expect(result.stdout.contains("USAGE: startwell"))
    for command in [
      "init", "demo", "user", "family", "person", "contact", "escalate", "escalation", "referral", "audit",
      "net",
    ] {
      #expect(result.stdout.contains("  \(command) "), "help lacks \(command)")
    }
    let family = try s.run(["family", "search", "--help"], dataDir: false)
    #expect(family.ok && family.stdout.contains("--risk") && family.stdout.contains("--json"))
  }

  @Test("with no subcommand and no terminal it fails with one line instead of waiting")
  func noSubcommandWithoutTerminal() throws {
    let book = try Casebook()
    let result = try book.sandbox.run([], as: "practitioner1")
    #expect(result.status != 0)
    #expect(result.stderrLines.count == 1 && result.stderr.hasPrefix("error: "))
  }

}
