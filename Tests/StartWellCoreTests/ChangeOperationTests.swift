import Foundation
import StartWellCore
import Testing

@Suite("Field values and merge policy")
struct ChangeOperationTests {
  @Test(
    "FieldValue survives a JSON round trip",
    arguments: [
      FieldValue.null, .text(""), .text("Smith / Khan"), .text("42"), .text("null"), .text("ünïcødé 😀"),
      .integer(0), .integer(-7), .integer(Int64.max), .integer(Int64.min), .real(1.5), .real(-0.25),
      .real(1e-9),
    ])
  func roundTrip(value: FieldValue) throws {
    let data = try JSONEncoder().encode([value])
    #expect(try JSONDecoder().decode([FieldValue].self, from: data) == [value])
  }

  /// Issue 11: a NUL hid the rest of a text. The store cannot keep one, so a
  /// change from another terminal that carries one is refused with a
  /// reason, never cut short in silence.
  @Test("text with a NUL is refused by the gate's field check, visibly")
  func nulInTextIsRefused() {
    let problem = FieldKind.text(max: 100).problem(with: .text("Ann\u{0}Marie"))
    #expect(problem == "contains a NUL character (\\x00)")
    #expect(FieldKind.optionalText(max: 100).problem(with: .text("Ann Marie")) == nil)
  }

  @Test("FieldValue encodes as plain JSON scalars")
  func plainJSON() throws {
    let data = try JSONEncoder().encode([FieldValue.null, .text("a"), .integer(3)])
    #expect(String(decoding: data, as: UTF8.self) == "[null,\"a\",3]")
  }

  @Test("a whole-number real stays a real through JSON")
  func wholeReal() throws {
    let data = try JSONEncoder().encode([FieldValue.real(2.0)])
    let decoded = try JSONDecoder().decode([FieldValue].self, from: data)
    #expect(decoded == [.real(2.0)])
  }

  @Test("a whole change operation round-trips through JSON")
  func operationRoundTrip() throws {
    let op = ChangeOperation(
      opID: "op-1", clock: HLC(millis: 1_750_000_000_000, counter: 2, device: "term-a"), device: "term-a",
      user: "u1", entity: "contact", recordID: "r1", field: "summary", value: .text("Home visit"),
      replaces: HLC(millis: 1_749_000_000_000, counter: 0, device: "term-b"))
    let decoded = try JSONDecoder().decode(ChangeOperation.self, from: JSONEncoder().encode(op))
    #expect(decoded == op)
    var fresh = op
    fresh.replaces = nil
    #expect(try JSONDecoder().decode(ChangeOperation.self, from: JSONEncoder().encode(fresh)).replaces == nil)
  }

  @Test(
    "safeguarding fields conflict on concurrent edits",
    arguments: [("case", "level"), ("family", "consent"), ("family", "risk_override")])
  func safeguarding(entity: String, field: String) {
    #expect(MergePolicy.rule(entity: entity, field: field) == .conflictOnConcurrentEdit)
  }

  @Test(
    "other fields are last-writer-wins",
    arguments: [
      ("case", "lead_user_id"), ("case", "status"), ("family", "name"), ("family", "postcode"),
      ("person", "consent"), ("contact", "level"), ("family", "risk"), ("case", "level_note"),
      ("", "case.level"),
    ])
  func lastWriterWins(entity: String, field: String) {
    #expect(MergePolicy.rule(entity: entity, field: field) == .lastWriterWins)
  }
}
