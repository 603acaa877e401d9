import Foundation
import StartWellCore
import Testing

@Suite("ContactDraft validation")
struct ContactDraftTests {
  let config: Configuration
  let now = instant("2025-06-15T12:00:00Z")
  init() throws { config = try realConfig() }

  func contact(
    type: String = "home-visit", at: Date? = nil, summary: String = "Visit went well", notes: String = "",
    followUp: LocalDate? = nil
  ) -> ContactDraft {
    ContactDraft(
      type: type, at: at ?? now.addingTimeInterval(-3600), summary: summary, notes: notes, followUp: followUp)
  }

  func rules(_ draft: ContactDraft) -> Set<String> {
    brokenRules { try draft.validate(config: config, now: now) }
  }

  @Test(
    "every configured contact type is accepted",
    arguments: [
      "home-visit", "hub-visit", "phone", "setting-visit", "group-session", "intervention",
      "huddle-discussion",
      "other",
    ])
  func knownTypes(type: String) throws {
    try contact(type: type).validate(config: config, now: now)
  }

  @Test(
    "an unknown type is refused and the message lists the known ones",
    arguments: ["visit", "", "Home-Visit", "home visit"])
  func unknownType(type: String) throws {
    #expect(rules(contact(type: type)) == ["type/unknown"])
    let error = domainError { try contact(type: type).validate(config: config, now: now) }
    let message = try #require(error?.issues.first?.message)
    #expect(message.contains("home-visit") && message.contains("huddle-discussion"))
  }

  @Test(
    "a group session or an intervention may belong to a configured approach",
    arguments: ["group-session", "intervention"])
  func approachAccepted(type: String) throws {
    var draft = contact(type: type)
    draft.approach = "elklan"
    try draft.validate(config: config, now: now)
  }

  @Test("an unknown approach is refused, naming the field and the known ones")
  func unknownApproach() throws {
    var draft = contact(type: "group-session")
    draft.approach = "makaton"
    #expect(rules(draft) == ["approach/unknown"])
    let message = try #require(
      domainError { try draft.validate(config: config, now: now) }?.issues.first?.message)
    #expect(
      message.hasPrefix("'makaton' is not an approach; known: keys-to-communication, elklan, toddle-talk"))
  }

  @Test(
    "an approach on a contact type that carries none is refused", arguments: ["home-visit", "phone", "other"])
  func approachOnWrongType(type: String) throws {
    var draft = contact(type: type)
    draft.approach = "toddle-talk"
    #expect(rules(draft) == ["approach/contact-type"])
    let message = try #require(
      domainError { try draft.validate(config: config, now: now) }?.issues.first?.message)
    #expect(
      message
        == "an approach is recorded only on a contact of type group-session or intervention, not \(type)")
  }

  @Test("slightly-ahead clocks are tolerated", arguments: [0.0, 60.0, 120.0, 299.0, 300.0])
  func nearFutureAccepted(secondsAhead: Double) throws {
    try contact(at: now.addingTimeInterval(secondsAhead)).validate(config: config, now: now)
  }

  @Test("more than five minutes in the future is refused", arguments: [301.0, 600.0, 86_400.0, 31_536_000.0])
  func farFutureRefused(secondsAhead: Double) {
    #expect(rules(contact(at: now.addingTimeInterval(secondsAhead))) == ["time/future"])
  }

  @Test("a contact in the past is fine however old")
  func pastAccepted() throws {
    try contact(at: instant("2019-01-01T09:00Z")).validate(config: config, now: now)
  }

  @Test("summary rules")
  func summaryRules() throws {
    #expect(rules(contact(summary: "")) == ["summary/required"])
    #expect(rules(contact(summary: "   ")) == ["summary/required"])
    #expect(
      rules(contact(summary: String(repeating: "s", count: Limits.summary + 1))) == ["summary/max-length"])
    #expect(rules(contact(summary: "line one\nline two")) == ["summary/control-character"])
    #expect(rules(contact(summary: "red \u{1B}[31m text")) == ["summary/control-character"])
    try contact(summary: String(repeating: "s", count: Limits.summary)).validate(config: config, now: now)
  }

  @Test("notes may hold newlines and tabs but not escapes")
  func notesRules() throws {
    try contact(notes: "Mum well.\nBaby feeding.\n\tNext visit in two weeks.").validate(
      config: config, now: now)
    #expect(rules(contact(notes: "Mum well.\n\u{1B}[2J")) == ["notes/control-character"])
    #expect(rules(contact(notes: "hidden \u{202E}txet")) == ["notes/control-character"])
    #expect(rules(contact(notes: String(repeating: "n", count: Limits.notes + 1))) == ["notes/max-length"])
    try contact(notes: String(repeating: "n", count: Limits.notes)).validate(config: config, now: now)
  }

  @Test("the control-character message shows the character visibly")
  func controlMessage() throws {
    let error = domainError { try contact(notes: "x\u{1B}y").validate(config: config, now: now) }
    let issue = try #require(error?.issues.first)
    #expect(issue.message.contains("\\u{1B}"))
    #expect(error?.description.hasPrefix("notes: ") == true)
  }

  @Test("a follow-up may not be before the contact's day")
  func followUp() throws {
    let at = instant("2025-06-15T09:00Z")
    #expect(rules(contact(at: at, followUp: date("2025-06-14"))) == ["follow-up/before-contact"])
    try contact(at: at, followUp: date("2025-06-15")).validate(config: config, now: now)
    try contact(at: at, followUp: date("2025-07-01")).validate(config: config, now: now)
    // A late-evening contact's day is its UTC day.
    let late = instant("2025-06-14T23:30Z")
    try contact(at: late, followUp: date("2025-06-14")).validate(config: config, now: now)
    #expect(rules(contact(at: late, followUp: date("2025-06-13"))) == ["follow-up/before-contact"])
  }

  @Test("all problems are reported together")
  func multipleIssues() {
    let draft = ContactDraft(
      type: "carrier-pigeon", at: now.addingTimeInterval(2 * 86_400), summary: "", notes: "\u{7}",
      followUp: date("2025-06-16"))
    #expect(
      rules(draft) == [
        "type/unknown", "summary/required", "notes/control-character", "time/future",
        "follow-up/before-contact",
      ])
  }
}

@Suite("EscalationDraft validation")
struct EscalationDraftTests {
  @Test("escalating upward with a reason passes")
  func valid() throws {
    try EscalationDraft(toLevel: .targeted, reason: "Concerns about home conditions", urgency: .urgent)
      .validate(currentLevel: .earlyHelp)
    try EscalationDraft(toLevel: .specialist, reason: "Disclosure", urgency: .immediate).validate(
      currentLevel: .universal)
  }

  @Test("reason rules")
  func reasonRules() {
    #expect(
      brokenRules {
        try EscalationDraft(toLevel: .targeted, reason: " ", urgency: .routine).validate(
          currentLevel: .universal)
      } == ["reason/required"])
    #expect(
      brokenRules {
        try EscalationDraft(
          toLevel: .targeted, reason: String(repeating: "r", count: Limits.reason + 1), urgency: .routine
        )
        .validate(currentLevel: .universal)
      } == ["reason/max-length"])
    #expect(
      brokenRules {
        try EscalationDraft(toLevel: .targeted, reason: "why\u{1B}", urgency: .routine).validate(
          currentLevel: .universal)
      } == ["reason/control-character"])
  }

  @Test(
    "the target must be above the current level", arguments: [CaseLevel.universal, .earlyHelp, .targeted])
  func notUpward(to: CaseLevel) throws {
    let error = domainError {
      try EscalationDraft(toLevel: to, reason: "why", urgency: .routine).validate(currentLevel: .targeted)
    }
    guard case .illegalTransition(let entity, let from, let target, let allowed) = error else {
      Issue.record("expected illegalTransition, got \(String(describing: error))")
      return
    }
    #expect(entity == "case level")
    #expect(from == "targeted")
    #expect(target == to.rawValue)
    #expect(allowed == ["specialist"])
  }
}

@Suite("ReferralDraft validation")
struct ReferralDraftTests {
  let config: Configuration
  init() throws { config = try realConfig() }

  @Test(
    "every configured service is accepted",
    arguments: [
      "slt", "health-visiting", "send-portage", "perinatal-mh", "domestic-abuse", "csc", "two-year-offer",
    ])
  func knownServices(service: String) throws {
    try ReferralDraft(service: service, reason: "Speech delay", consentRecorded: true).validate(
      config: config)
  }

  @Test("unknown service, missing reason, both")
  func rules() throws {
    #expect(
      brokenRules {
        try ReferralDraft(service: "dentist", reason: "x", consentRecorded: false).validate(config: config)
      } == ["service/unknown"])
    #expect(
      brokenRules {
        try ReferralDraft(service: "slt", reason: "", consentRecorded: true).validate(config: config)
      } == ["reason/required"])
    #expect(
      brokenRules {
        try ReferralDraft(service: "SLT", reason: "\u{1B}", consentRecorded: true).validate(config: config)
      }
        == ["service/unknown", "reason/control-character"])
    let error = domainError {
      try ReferralDraft(service: "dentist", reason: "x", consentRecorded: false).validate(config: config)
    }
    let message = try #require(error?.issues.first?.message)
    #expect(message.contains("slt") && message.contains("two-year-offer"))
  }
}
