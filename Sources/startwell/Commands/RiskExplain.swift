import ArgumentParser
import Foundation
import StartWellCore
import StartWellStore
import TerminalUI

extension RiskCommand {
  /// `startwell risk explain REF`: the score, the band and every reason, with
  /// the configuration that weighed them, as the family overview computes it.
  struct Explain: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "explain", abstract: "Show a family's risk score, band, each reason and the weights used.",
      discussion: "Opening a family outside your hubs needs --reason; the reason is recorded in the audit.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The family reference.") var reference: String
    @Option(help: "Why you are opening a family outside your hubs (break the glass).") var reason: String?
    @OptionGroup var output: OutputOptions

    func run() throws {
      let (_, store, user) = try loggedIn()
      let detail = try store.openFamily(reference: reference, as: user, reason: reason)
      let explanation = RiskExplanationJSON(detail, config: store.config, users: detail.userNames)
      if output.json { return try JSONOutput.print(explanation) }
      explanation.printText()
    }
  }
}

/// `risk explain --json`: stable camelCase keys; dates as YYYY-MM-DD, times in UTC.
struct RiskExplanationJSON: Encodable {
  struct Reason: Encodable {
    var factor: String
    var name: String
    var weight: Int
    var evidence: [Evidence]
  }
  struct Evidence: Encodable {
    var member: String?
    var recordKind: String
    var recordID: String?
    var recordReference: String?
    var date: String?
    var setByHand: Bool
    var detail: String
  }
  struct Override: Encodable {
    var band: String
    var by: String?
    var at: String?
    var reason: String?
  }
  struct Factor: Encodable {
    var id: String
    var name: String
    var weight: Int
  }
  struct Weighing: Encodable {
    var factors: [Factor]
    var mediumFrom: Int
    var highFrom: Int
    var noContactDays: Int
  }

  var reference: String
  var score: Int
  var scoreBand: String
  var band: String
  var override: Override?
  var reasons: [Reason]
  var configuration: Weighing

  init(_ d: FamilyDetail, config: Configuration, users: [String: String]) {
    reference = d.family.reference
    score = d.risk.score
    scoreBand = d.risk.band.rawValue
    band = d.risk.effectiveBand.rawValue
    override = d.risk.override.map { band in
      Override(
        band: band.rawValue, by: d.riskOverride.flatMap { users[$0.decidedBy] ?? $0.decidedBy },
        at: d.riskOverride.map { Timestamp.format($0.decidedAt) }, reason: d.riskOverride?.reason)
    }
    reasons = d.risk.reasons.map { r in
      Reason(
        factor: r.factorID, name: r.name, weight: r.weight,
        evidence: r.evidence.map {
          Evidence(
            member: $0.member, recordKind: $0.recordKind, recordID: $0.recordID,
            recordReference: $0.recordReference, date: $0.date?.description,
            setByHand: $0.setByHand, detail: $0.detail)
        })
    }
    configuration = Weighing(
      factors: config.riskFactors.map { Factor(id: $0.id, name: $0.name, weight: $0.weight) },
      mediumFrom: config.riskBands.medium, highFrom: config.riskBands.high,
      noContactDays: config.thresholds.noContactDays)
  }

  func printText() {
    let v = Sanitizer.visible
    Terminal.print("Family \(reference): risk \(band) (score \(score), \(scoreBand) by score)")
    if let o = override {
      let when = o.at.flatMap(Timestamp.parse).map(\.shortLocal) ?? "unknown time"
      Terminal.print(
        "Overridden to \(o.band) by \(v(o.by ?? "unknown")) at \(when): \(v(o.reason ?? "no reason recorded"))"
      )
    }
    if reasons.isEmpty { Terminal.print("No risk factors apply.") }
    for r in reasons {
      Terminal.print("+\(r.weight) \(v(r.name)) [\(r.factor)]")
      for e in r.evidence {
        // A person's reference is what a reader types; other records are named by their id.
        let record = [e.recordKind, e.recordReference ?? e.recordID].compactMap { $0 }.joined(separator: " ")
        let date = e.date.map { ", \($0)" } ?? ""
        Terminal.print("    \(v(e.detail))  (\(record)\(date))")
      }
    }
    Terminal.print(
      "Weighed by: bands medium from \(configuration.mediumFrom), high from \(configuration.highFrom); "
        + "no contact after \(configuration.noContactDays) days")
    for f in configuration.factors { Terminal.print("    \(f.id): \(f.weight) (\(v(f.name)))") }
  }
}
