import Foundation
import StartWellCore
import Testing

/// The HTML report in a real browser: headless Chromium (Debian's
/// `chromium` package, which `.ci/run` installs) takes a screenshot of it
/// and dumps the DOM it built, which must hold every figure.
@Suite("Metrics report: HTML in Chromium")
struct ReportHTMLBrowserTests {
  static let width = 1200
  static let height = 1600

  @Test("the report renders in headless Chromium: a screenshot of the window's size, the figures in the page")
  func rendersInChromium() throws {
    guard let chromium = Self.chromium() else {
      Issue.record(
        """
        chromium is not installed: this test renders the HTML report in headless Chromium. \
        Install Debian's chromium package (apt-get install -y chromium); .ci/run installs it.
        """)
      return
    }
    let report = SampleReport.make()
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "report-html-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let page = folder.appendingPathComponent("report.html")
    try ReportHTML.render(report).write(to: page, atomically: true, encoding: .utf8)
    let shot = folder.appendingPathComponent("report.png")

    _ = try Self.run(chromium, ["--screenshot=\(shot.path)", page.absoluteString], profile: folder)
    let png = try Data(contentsOf: shot)
    let size = try #require(Self.pngSize(png), "the screenshot is not a PNG (\(png.count) bytes)")
    #expect(size.width == Self.width && size.height == Self.height)
    // A blank page compresses to a few kilobytes; text and charts do not.
    #expect(png.count > 20_000, "the screenshot looks empty: \(png.count) bytes")

    let dom = try Self.run(chromium, ["--dump-dom", page.absoluteString], profile: folder)
    #expect(dom.contains("<h1>StartWell metrics report</h1>"))
    for metric in report.suppressingSmallNumbers().metrics {
      #expect(dom.contains(FigureText.summary(metric.figure)), "the figure of \(metric.id)")
      #expect(dom.contains(metric.title), "the title of \(metric.id)")
    }
    #expect(dom.contains("78% (31 of 40)"))
    #expect(dom.contains("median 12, 90th percentile 30.5 days (17 measured)"))
    // The awkward label is text in the page, not markup.
    #expect(dom.contains("Home &lt;visit&gt; &amp; \"chat\" 'n' =1"))
    #expect(!dom.contains("<visit>"))
    // The impact rows: each side's rate with its counts, the small group in words.
    #expect(dom.contains("took part · amber, age 3, north</th><td>[c] ([c] of 6)</td>"))
    #expect(dom.contains("too small to compare"))
    #expect(dom.components(separatedBy: "<svg").count - 1 == 6)
    #expect(!dom.lowercased().contains("<script"))
  }

  /// Chromium on the PATH, under either of Debian's names.
  static func chromium() -> URL? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for dir in path.split(separator: ":") {
      for name in ["chromium", "chromium-browser"] {
        let url = URL(fileURLWithPath: String(dir)).appendingPathComponent(name)
        if FileManager.default.isExecutableFile(atPath: url.path) { return url }
      }
    }
    return nil
  }

  /// Runs headless Chromium with a throwaway profile and returns what it
  /// printed. A browser that hangs is stopped after two minutes so the
  /// test fails instead of waiting for ever.
  static func run(_ chromium: URL, _ arguments: [String], profile: URL) throws -> String {
    let process = Process()
    process.executableURL = chromium
    process.arguments =
      [
        "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--force-device-scale-factor=1",
        "--window-size=\(width),\(height)",
        "--user-data-dir=\(profile.appendingPathComponent("profile").path)",
      ] + arguments
    var environment = ProcessInfo.processInfo.environment
    environment["HOME"] = profile.path
    process.environment = environment
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let pid = process.processIdentifier
    let stop = DispatchWorkItem { kill(pid, SIGTERM) }
    DispatchQueue.global().asyncAfter(deadline: .now() + 120, execute: stop)
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    stop.cancel()
    #expect(
      process.terminationStatus == 0, "chromium \(arguments.first ?? "") exited \(process.terminationStatus)")
    return String(decoding: data, as: UTF8.self)
  }

  /// The width and height in a PNG's header, or nil when it is not a PNG.
  static func pngSize(_ data: Data) -> (width: Int, height: Int)? {
    let bytes = [UInt8](data.prefix(24))
    guard bytes.count == 24, bytes[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A],
      bytes[12..<16] == [0x49, 0x48, 0x44, 0x52]
    else { return nil }
    func int(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
    return (int(16), int(20))
  }
}
