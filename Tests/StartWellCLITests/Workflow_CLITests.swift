import Foundation
import Testing

/// Consent, risk override and reopening an escalation from the command line.
@Suite("startwell consent, risk override and reopen commands")
struct WorkflowCLITests {
  @Test("family consent records given or refused with a date; a bad date or no choice is one clear sentence")
  func consent() throws {
    let book = try Casebook()
    let s = book.sandbox
    try s.ok(["family", "consent", book.family, "--given", "--date", "2025-01-06"], as: "practitioner1")
    var detail = try s.ok(["family", "show", book.family, "--json"], as: "practitioner1").jsonObject()
    var family = try #require(detail["family"] as? [String: Any])
    #expect(family["consent"] as? String == "given")
    #expect(family["consentDate"] as? String == "2025-01-06")

    try s.ok(["family", "consent", book.family, "--refused"], as: "practitioner1")
    detail = try s.ok(["family", "show", book.family, "--json"], as: "practitioner1").jsonObject()
    family = try #require(detail["family"] as? [String: Any])
    #expect(family["consent"] as? String == "refused")
    #expect(family["consentDate"] as? String == todayUTC())

    let neither = try s.run(["family", "consent", book.family], as: "practitioner1")
    #expect(!neither.ok && neither.stderr.contains("--given or --refused"))
    let both = try s.run(["family", "consent", book.family, "--given", "--refused"], as: "practitioner1")
    #expect(!both.ok)
    let badDate = try s.run(
      ["family", "consent", book.family, "--given", "--date", "2025-13-40"], as: "practitioner1")
    #expect(!badDate.ok && badDate.stderr.contains("date"))
    let future = try s.run(
      ["family", "consent", book.family, "--given", "--date", todayUTC(addingDays: 30)], as: "practitioner1")
    #expect(!future.ok && future.stderr.contains("after today"))
    // Another hub's practitioner may not record it.
    let elsewhere = try s.run(["family", "consent", book.family, "--given"], as: "practitioner2")
    #expect(!elsewhere.ok)
  }

  @Test("risk override and clear-override need a supervisor, a valid band and a reason, and are audited")
  func riskOverride() throws {
    let book = try Casebook()
    let s = book.sandbox
    let practitioner = try s.run(
      ["risk", "override", book.family, "--band", "high", "--reason", "DA notification"], as: "practitioner1")
    #expect(!practitioner.ok && practitioner.stderr.contains("error:"))
    let badBand = try s.run(
      ["risk", "override", book.family, "--band", "severe", "--reason", "x"], as: "supervisor1")
    #expect(!badBand.ok && badBand.stderr.contains("severe"))
    let noReason = try s.run(
      ["risk", "override", book.family, "--band", "high", "--reason", " "], as: "supervisor1")
    #expect(!noReason.ok && noReason.stderr.contains("reason"))

    try s.ok(
      ["risk", "override", book.family, "--band", "high", "--reason", "DA notification"], as: "supervisor1")
    let listed = try s.ok(["family", "search", book.family, "--json"], as: "supervisor1").jsonArray()
    #expect(listed.first?["riskBand"] as? String == "high")
    // explain gives the band in force with who, when and why, the score and the weights behind it.
    let explained = try s.ok(["risk", "explain", book.family, "--json"], as: "practitioner1").jsonObject()
    #expect(explained["band"] as? String == "high")
    let override = try #require(explained["override"] as? [String: Any])
    #expect(override["reason"] as? String == "DA notification")
    #expect(override["at"] as? String != nil)
    let weighing = try #require(explained["configuration"] as? [String: Any])
    #expect(weighing["highFrom"] as? Int == 50)
    #expect(weighing["noContactDays"] as? Int == 90)
    let score = try #require(explained["score"] as? Int)
    let reasons = try #require(explained["reasons"] as? [[String: Any]])
    #expect(reasons.compactMap { $0["weight"] as? Int }.reduce(0, +) == score)
    let text = try s.ok(["risk", "explain", book.family], as: "practitioner1").stdout
    #expect(text.contains("Overridden to high by") && text.contains("DA notification"))
    #expect(text.contains("Weighed by: bands medium from 25, high from 50"))

    try s.ok(["risk", "clear-override", book.family, "--reason", "Risk has passed"], as: "supervisor1")
    let again = try s.run(["risk", "clear-override", book.family, "--reason", "again"], as: "supervisor1")
    #expect(!again.ok && again.stderr.contains("no risk override"))
    let audit = try s.ok(["audit", "log", book.family, "--json"], as: "supervisor1").jsonArray()
    let details = audit.compactMap { $0["detail"] as? String }
    #expect(details.contains { $0.contains("none → high") && $0.contains("DA notification") })
    #expect(details.contains { $0.contains("cleared") && $0.contains("Risk has passed") })
  }

  @Test("a supervisor reopens a declined escalation with a reason, and it can be accepted after all")
  func reopen() throws {
    let book = try Casebook()
    let s = book.sandbox
    let raised = try s.ok(
      ["escalate", book.family, "--to", "targeted", "--reason", "Missed visits", "--json"],
      as: "practitioner1")
    let escalation = try #require(try raised.jsonObject()["reference"] as? String)
    try s.ok(["escalation", "ack", escalation], as: "supervisor1")
    try s.ok(["escalation", "decline", escalation, "--note", "Not yet"], as: "supervisor1")
    let final = try s.run(["escalation", "accept", escalation], as: "supervisor1")
    #expect(!final.ok && final.stderr.contains("final"))

    let practitioner = try s.run(["escalation", "reopen", escalation, "--reason", "x"], as: "practitioner1")
    #expect(!practitioner.ok)
    let noReason = try s.run(["escalation", "reopen", escalation, "--reason", ""], as: "supervisor1")
    #expect(!noReason.ok && noReason.stderr.contains("reason"))
    try s.ok(["escalation", "reopen", escalation, "--reason", "Declined in error"], as: "supervisor1")
    try s.ok(["escalation", "accept", escalation, "--note", "Agreed after all"], as: "supervisor1")
    let detail = try s.ok(["family", "show", book.family, "--json"], as: "supervisor1").jsonObject()
    #expect((detail["case"] as? [String: Any])?["level"] as? String == "targeted")
    let audit = try s.ok(["audit", "log", book.family, "--json"], as: "supervisor1").jsonArray()
    #expect(audit.contains { ($0["detail"] as? String)?.contains("Declined in error") == true })
  }
}
