import ArgumentParser
import Foundation
import StartWellCore
import StartWellStore
import TerminalUI

/// The formats a report is written in.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
  case text, csv, json, html
}

/// `startwell report`: the common metrics report (SPEC workflow 8).
struct ReportCommand: StoreCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract:
      "The common metrics report for a range of days: throughput, quality, outcomes, impact of approaches, safeguarding.",
    discussion: """
      Scope: your own hubs (a practitioner's or huddle lead's hub, a supervisor's hubs, an admin's whole
      partnership), or one of them with --hub, or one SDF with --sdf. Every figure carries the rule that
      made it; --explain METRIC lists the records behind one figure (references, never names).
      CSV, JSON and HTML, and text written to a file, are exports: figures from 1 to one below the small
      number (Config/metrics.json) are suppressed as [c], and the export is recorded in the audit.
      Text on the terminal shows the figures whole. Metrics: \(MetricCatalogue.all.map(\.id).joined(separator: ", ")),
      and impact.<approach id> for each approach in Config/approaches.json.
      """)

  @OptionGroup var global: GlobalOptions
  @Option(help: "The first day counted (YYYY-MM-DD).") var from: String
  @Option(help: "The last day counted (YYYY-MM-DD).") var to: String
  @Option(help: "Only this hub (its id).") var hub: String?
  @Option(help: "Only this SDF (its id).") var sdf: String?
  @Option(help: "text, csv, json or html (one self-contained page, charts as inline SVG).") var format:
    ReportFormat = .text
  @Option(help: "List the records behind this metric (its id) instead of the report.") var explain: String?
  @Option(help: "Write to this file instead of standard output.") var output: String?
  @Flag(help: "Start a CSV file with a UTF-8 byte order mark, for spreadsheet programs.") var bom = false

  func validate() throws {
    guard let start = LocalDate(from) else {
      throw ValidationError("--from must be a date (YYYY-MM-DD), got '\(from)'")
    }
    guard let end = LocalDate(to) else {
      throw ValidationError("--to must be a date (YYYY-MM-DD), got '\(to)'")
    }
    if start > end { throw ValidationError("--from \(from) is after --to \(to)") }
    // An impact metric's id names an approach of the configuration, which
    // the store checks once it is open.
    if let explain, MetricCatalogue.definition(explain) == nil,
      !explain.hasPrefix(MetricCatalogue.impactPrefix)
    {
      throw ValidationError(
        "--explain: '\(explain)' is not a metric; known: \(MetricCatalogue.all.map(\.id).joined(separator: ", ")), "
          + "and \(MetricCatalogue.impactPrefix)<approach id> for each approach in approaches.json")
    }
    if bom && format != .csv { throw ValidationError("--bom applies to --format csv only") }
    if explain != nil && format == .html {
      throw ValidationError(
        "--explain lists records as text, csv or json; --format html writes the whole report")
    }
  }

  /// Whether what is written leaves the terminal: a file, or a format made for other programs.
  var isExport: Bool { output != nil || format != .text }

  func run() throws {
    try checkOutputFolder()
    let (_, store, user) = try loggedIn()
    let request = ReportRequest(from: LocalDate(from)!, to: LocalDate(to)!, hub: hub, sdf: sdf)
    let report = try store.report(request, for: user)
    let bytes: Data
    if let explain {
      bytes = try explanationBytes(try store.explainMetric(explain, request, for: user))
    } else {
      bytes = try reportBytes(isExport ? report.suppressingSmallNumbers() : report)
    }
    if isExport {
      try store.recordReportExport(report, format: format.rawValue, metric: explain, as: user)
    }
    try write(bytes)
  }

  func reportBytes(_ report: MetricsReport) throws -> Data {
    switch format {
    case .text: Data(Self.visible(ReportText.render(report, suppressed: isExport)).utf8)
    case .csv: ReportCSV.render(report).data(bom: bom)
    case .json: Self.json(try ReportJSON.encode(report))
    case .html: Data(ReportHTML.render(report).utf8)
    }
  }

  func explanationBytes(_ e: MetricExplanation) throws -> Data {
    switch format {
    case .text: Data(Self.visible(ExplanationText.render(e)).utf8)
    case .csv: ExplanationCSV.render(e).data(bom: bom)
    case .json: Self.json(try ReportJSON.encode(e))
    // Refused in `validate`: an explanation is a list of records, not a page.
    case .html: Data(ExplanationText.render(e).utf8)
    }
  }

  /// JSON with invisible and control characters written as escapes, as
  /// every command's JSON (`JSONOutput`).
  static func json(_ data: Data) -> Data {
    Data((JSONOutput.visibleEscapes(String(decoding: data, as: UTF8.self)) + "\n").utf8)
  }

  /// Text for people with every control or invisible character in a
  /// stored value (a reference that arrived by sync) shown as an escape,
  /// line by line, as every listing prints.
  static func visible(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { Sanitizer.visible(String($0)) }
      .joined(separator: "\n")
  }

  /// Checked before anything is counted or audited.
  func checkOutputFolder() throws {
    guard let output else { return }
    var isFolder: ObjCBool = false
    let folder = URL(fileURLWithPath: output).deletingLastPathComponent().path
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
      throw CLIError("--output: the folder \(folder) does not exist")
    }
  }

  /// Standard output, or the file, made readable by its owner only: an
  /// export holds figures about families.
  func write(_ bytes: Data) throws {
    guard let output else {
      FileHandle.standardOutput.write(bytes)
      return
    }
    let url = URL(fileURLWithPath: output)
    guard
      FileManager.default.createFile(
        atPath: url.path, contents: bytes, attributes: [.posixPermissions: 0o600])
    else {
      throw CLIError("--output: could not write \(url.path); check the folder's permissions")
    }
    Terminal.note("wrote \(url.path)")
  }
}
