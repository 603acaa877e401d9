import StartWellCore
import Testing

/// The expected tables, written out independently of the implementation.
private let escalationExpected: [EscalationStatus: Set<EscalationStatus>] = [
  .raised: [.acknowledged],
  .acknowledged: [.accepted, .declined, .steppedDown],
  .accepted: [.steppedDown],
  .declined: [],
  .steppedDown: [],
]

private let referralExpected: [ReferralStatus: Set<ReferralStatus>] = [
  .draft: [.sent, .closed],
  .sent: [.accepted, .declined, .closed],
  .accepted: [.seen, .closed],
  .declined: [.closed],
  .seen: [.closed],
  .closed: [],
]

private let caseStatusExpected: [CaseStatus: Set<CaseStatus>] = [
  .open: [.closed],
  .closed: [.open],
]

/// Checks one (from, to) pair against an expected table: allowed passes, anything else
/// throws `.illegalTransition` naming the entity, both states and the allowed targets.
private func checkPair<M: StateMachine>(
  _ machine: M.Type, _ from: M.State, _ to: M.State, expected: [M.State: Set<M.State>], entity: String,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  let allowed = expected[from] ?? []
  #expect(Set(M.allowed(from: from)) == allowed, sourceLocation: sourceLocation)
  if allowed.contains(to) {
    do {
      try M.check(from: from, to: to)
    } catch {
      Issue.record(
        "\(from.rawValue) → \(to.rawValue) should be allowed: \(error)", sourceLocation: sourceLocation)
    }
  } else {
    let error = domainError(sourceLocation: sourceLocation) { try M.check(from: from, to: to) }
    guard case .illegalTransition(let e, let f, let t, let names) = error else {
      Issue.record(
        "expected illegalTransition, got \(String(describing: error))", sourceLocation: sourceLocation)
      return
    }
    #expect(e == entity, sourceLocation: sourceLocation)
    #expect(f == from.rawValue, sourceLocation: sourceLocation)
    #expect(t == to.rawValue, sourceLocation: sourceLocation)
    #expect(Set(names) == Set(allowed.map(\.rawValue)), sourceLocation: sourceLocation)
    let text = error!.description
    #expect(text.contains("from \(from.rawValue) to \(to.rawValue)"), sourceLocation: sourceLocation)
    if allowed.isEmpty {
      #expect(text.contains("is final"), sourceLocation: sourceLocation)
    } else {
      for name in allowed.map(\.rawValue) { #expect(text.contains(name), sourceLocation: sourceLocation) }
    }
  }
}

@Suite("Escalation workflow")
struct EscalationWorkflowTests {
  @Test(
    "every pair of statuses is allowed or refused as the table says",
    arguments: EscalationStatus.allCases, EscalationStatus.allCases)
  func pairs(from: EscalationStatus, to: EscalationStatus) {
    checkPair(EscalationWorkflow.self, from, to, expected: escalationExpected, entity: "escalation")
  }

  @Test("accepting a raised escalation says it must be acknowledged first")
  func acceptRaised() {
    let error = domainError { try EscalationWorkflow.check(from: .raised, to: .accepted) }
    #expect(
      error?.description
        == "cannot move escalation from raised to accepted; allowed from raised: acknowledged")
  }

  @Test("declined and stepped-down are final", arguments: [EscalationStatus.declined, .steppedDown])
  func finals(status: EscalationStatus) {
    #expect(EscalationWorkflow.allowed(from: status).isEmpty)
    let error = domainError { try EscalationWorkflow.check(from: status, to: .raised) }
    #expect(error?.description.contains("none (\(status.rawValue) is final)") == true)
  }

  @Test("decline and step-down need a note; the others do not")
  func notes() {
    #expect(EscalationWorkflow.noteRequired(for: .declined))
    #expect(EscalationWorkflow.noteRequired(for: .steppedDown))
    #expect(!EscalationWorkflow.noteRequired(for: .accepted))
    #expect(!EscalationWorkflow.noteRequired(for: .acknowledged))
    #expect(!EscalationWorkflow.noteRequired(for: .raised))
  }
}

@Suite("Referral workflow")
struct ReferralWorkflowTests {
  @Test(
    "every pair of statuses is allowed or refused as the table says",
    arguments: ReferralStatus.allCases, ReferralStatus.allCases)
  func pairs(from: ReferralStatus, to: ReferralStatus) {
    checkPair(ReferralWorkflow.self, from, to, expected: referralExpected, entity: "referral")
  }

  @Test("the happy path runs draft → sent → accepted → seen → closed")
  func happyPath() throws {
    let path: [ReferralStatus] = [.draft, .sent, .accepted, .seen, .closed]
    for (a, b) in zip(path, path.dropFirst()) { try ReferralWorkflow.check(from: a, to: b) }
  }

  @Test("a draft cannot be seen; the message lists sent and closed")
  func draftToSeen() {
    let error = domainError { try ReferralWorkflow.check(from: .draft, to: .seen) }
    #expect(error?.description == "cannot move referral from draft to seen; allowed from draft: sent, closed")
  }
}

@Suite("Case status workflow")
struct CaseStatusWorkflowTests {
  @Test("open and closed toggle; no self-transitions", arguments: CaseStatus.allCases, CaseStatus.allCases)
  func pairs(from: CaseStatus, to: CaseStatus) {
    checkPair(CaseStatusWorkflow.self, from, to, expected: caseStatusExpected, entity: "case")
  }
}

@Suite("Case level workflow")
struct CaseLevelWorkflowTests {
  @Test("escalation goes strictly upward", arguments: CaseLevel.allCases, CaseLevel.allCases)
  func escalation(from: CaseLevel, to: CaseLevel) {
    let order: [CaseLevel] = [.universal, .earlyHelp, .targeted, .specialist]
    let up = order[(order.firstIndex(of: from)! + 1)...]
    #expect(CaseLevelWorkflow.escalationTargets(from: from) == Array(up))
    let thrown: DomainError?
    do {
      try CaseLevelWorkflow.checkEscalation(from: from, to: to)
      thrown = nil
    } catch { thrown = error }
    if up.contains(to) {
      #expect(thrown == nil)
    } else {
      #expect(
        thrown
          == .illegalTransition(
            entity: "case level", from: from.rawValue, to: to.rawValue, allowed: up.map(\.rawValue)))
    }
  }

  @Test("step-down goes strictly downward", arguments: CaseLevel.allCases, CaseLevel.allCases)
  func stepDown(from: CaseLevel, to: CaseLevel) {
    let order: [CaseLevel] = [.universal, .earlyHelp, .targeted, .specialist]
    let down = order[..<order.firstIndex(of: from)!]
    let thrown: DomainError?
    do {
      try CaseLevelWorkflow.checkStepDown(from: from, to: to)
      thrown = nil
    } catch { thrown = error }
    if down.contains(to) {
      #expect(thrown == nil)
    } else {
      #expect(
        thrown
          == .illegalTransition(
            entity: "case level", from: from.rawValue, to: to.rawValue, allowed: down.map(\.rawValue)))
    }
  }

  @Test("levels are ordered by need")
  func ordering() {
    #expect(CaseLevel.universal < .earlyHelp)
    #expect(CaseLevel.earlyHelp < .targeted)
    #expect(CaseLevel.targeted < .specialist)
    #expect(CaseLevel.allCases.map(\.rank) == [0, 1, 2, 3])
    #expect(CaseLevel.earlyHelp.rawValue == "early-help")
  }
}
