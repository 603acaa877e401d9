import Foundation
import Testing

@testable import StartWellCore

/// Reading intake files: CSV and JSON rows with the lines they start on.
@Suite("Intake files")
struct IntakeFileTests {
  static let columns = IntakeColumns.roll

  static func read(_ text: String, name: String? = nil) throws -> IntakeTable {
    try IntakeFile.read(Data(text.utf8), fileName: name, columns: columns)
  }

  @Test("CSV: quoted commas, quotes and line breaks, CRLF, a byte-order mark and blank lines")
  func csv() throws {
    let text =
      "\u{FEFF}GIVEN,Family-Name,dob,postcode\r\n\"Ann, Jo\",\"O\"\"Neil\",2023-01-02,LS6 2AB\r\n\r\n"
      + "\"Multi\nline\",Lee,2023-03-04,\n,,,\nBo,Ray,2023-05-06\nCy,Day,2023-07-08,LS1 1AA"
    let table = try Self.read(text, name: "roll.CSV")
    #expect(table.columns == ["given", "family-name", "dob", "postcode"])
    #expect(table.rows.map(\.line) == [2, 4, 7, 8])
    #expect(table.rows[0].cells["given"] == "Ann, Jo")
    #expect(table.rows[0].cells["family-name"] == "O\"Neil")
    #expect(table.rows[1].cells["given"] == "Multi\nline")
    #expect(table.rows[1].cells["postcode"] == "")
    #expect(table.rows[2].issues.map(\.description) == ["row: has 3 cells; the header has 4"])
    #expect(table.rows[3].cells["postcode"] == "LS1 1AA")
  }

  @Test("CSV: a quote left open is the file's fault, naming the line it opened on")
  func unclosedQuote() throws {
    do {
      _ = try Self.read("given,family-name,dob\nAnn,Lee,2023-01-02\n\"Bo,Ray,2023-05-06\n")
      Issue.record("an unclosed quote was read")
    } catch let error as DomainError {
      #expect(error.description == "file: line 3: a quoted cell is not closed (a '\"' is missing)")
    }
  }

  @Test("JSON: each object's line, lists joined as a CSV cell holds them, numbers as text")
  func json() throws {
    let text = """
      [
        { "given": "Ann", "family-name": "Lee", "dob": "2023-01-02", "postcode": null },
        {
          "Given": "Bo", "family-name": ["Ray", "Day"], "dob": 20230506
        },
        "not an object",
        { "given": { "nested": true }, "family-name": "Fox", "dob": "2023-01-01" }
      ]
      """
    let table = try Self.read(text)
    #expect(table.rows.map(\.line) == [2, 3, 6, 7])
    #expect(table.rows[0].cells["postcode"] == "")
    #expect(table.rows[1].cells["given"] == "Bo")
    #expect(table.rows[1].cells["family-name"] == "Ray;Day")
    #expect(table.rows[1].cells["dob"] == "20230506")
    #expect(table.rows[2].issues.map(\.description) == ["row: is not an object"])
    #expect(table.rows[3].issues.map(\.field) == ["given"])
    #expect(try Self.read("[]", name: "empty.json").rows.isEmpty)
  }

  @Test("an unknown, doubled or missing column is refused for the whole file, naming it")
  func columnsChecked() throws {
    do {
      _ = try Self.read("given,family-name,dob,Colour,DOB\n")
      Issue.record("bad columns were read")
    } catch let error as DomainError {
      #expect(
        error.issues.map(\.message) == [
          "column 'colour' is not one of given, family-name, dob, postcode", "column 'dob' appears twice",
        ])
    }
    do {
      _ = try Self.read(#"[{"given": "Ann", "surname": "Lee"}]"#)
      Issue.record("an unknown key was read")
    } catch let error as DomainError {
      #expect(
        error.issues.map(\.message).contains(
          "column 'surname' is not one of given, family-name, dob, postcode"))
      #expect(error.issues.map(\.message).contains("has no 'dob' column"))
    }
  }

  @Test("a notification row becomes a draft with the kind's fields, a list's ';' read as ','")
  func notificationDraft() throws {
    let intake = try #require(IntakeTestConfig.config?.intake)
    let row = IntakeRow(
      line: 2,
      cells: [
        "given": "Ada", "family-name": "Okafor", "edd": "2026-06-01",
        "criteria": "homelessness;substance-misuse",
        "midwife": "Jo", "concern": "",
      ])
    let draft = try NotificationDraft.notification(row, kind: .antenatal, config: intake)
    #expect(draft.kind == .antenatal && draft.hubID == nil)
    #expect(
      draft.details == ["edd": "2026-06-01", "criteria": "homelessness,substance-misuse", "midwife": "Jo"])
    var other = row
    other.cells["kind"] = "gp-early"
    #expect(throws: DomainError.self) {
      try NotificationDraft.notification(other, kind: .antenatal, config: intake)
    }
    other.cells["kind"] = "two-year-place"
    #expect(throws: DomainError.self) { try NotificationDraft.notification(other, kind: nil, config: intake) }
  }
}

/// The repository's configuration, for tests that need intake.json.
enum IntakeTestConfig {
  static let config: Configuration? = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Config")
    var files: [String: Data] = [:]
    for name in Configuration.fileNames {
      files[name] = try? Data(contentsOf: root.appendingPathComponent(name))
    }
    return try? ConfigurationParser.parse(files: files)
  }()
}
