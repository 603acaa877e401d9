import Foundation
import Testing

/// Golden-file snapshots of rendered screens.
///
/// Each snapshot is a text file in `__Snapshots__` next to this file. Set
/// `STARTWELL_RECORD_SNAPSHOTS=1` to (re)write them (that run fails, so
/// nothing is kept unread); otherwise a mismatch fails the test and shows
/// the differing lines.
enum Snapshot {
  static var directory: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("__Snapshots__")
  }

  static var recording: Bool { ProcessInfo.processInfo.environment["STARTWELL_RECORD_SNAPSHOTS"] == "1" }

  static func check(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let url = directory.appendingPathComponent("\(name).txt")
    let text = actual + "\n"
    guard !recording, let expected = try? String(contentsOf: url, encoding: .utf8) else {
      do {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
      } catch {
        Issue.record("could not write snapshot \(url.path): \(error)", sourceLocation: sourceLocation)
      }
      // A recording run fails too: a snapshot is kept only after someone read it and ran again.
      Issue.record(
        "recorded snapshot \(name); read \(url.lastPathComponent), then run again without recording",
        sourceLocation: sourceLocation)
      return
    }
    guard expected != text else { return }
    Issue.record(
      "snapshot \(name) differs (re-record with STARTWELL_RECORD_SNAPSHOTS=1 if the change is intended):\n\(diff(expected, text))",
      sourceLocation: sourceLocation)
  }

  /// Line-by-line differences, numbered, with the expected line (-) over the actual one (+).
  static func diff(_ expected: String, _ actual: String) -> String {
    let a = expected.components(separatedBy: "\n")
    let b = actual.components(separatedBy: "\n")
    var out: [String] = []
    for i in 0..<max(a.count, b.count) {
      let x = i < a.count ? a[i] : "<missing>"
      let y = i < b.count ? b[i] : "<missing>"
      if x != y {
        out.append("line \(i + 1) - \(x)")
        out.append("line \(i + 1) + \(y)")
      }
    }
    return out.joined(separator: "\n")
  }
}
