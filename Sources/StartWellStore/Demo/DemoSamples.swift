import Foundation
import StartWellCore

/// Files a person can import to try the intake on a demo store: partners'
/// notifications, the two-year offer's eligibility list and settings'
/// rolls, about the demo's own people, some typed a little wrong. Gathered
/// while the demo is made and written into its data folder, one folder per
/// hub (a demo account belongs to one hub, and a row is taken in by the
/// importer's hub). File names carry a hub, a kind, a term or a setting,
/// never a person.
struct DemoSamples {
  struct File {
    var header: [String]
    var rows: [[String]] = []
    var cap: Int
  }

  /// By path within the samples folder, e.g. "north/twos-2026-spring.csv".
  private(set) var files: [String: File] = [:]
  /// The setting each roll file is for, by path, for the read-me.
  private(set) var settings: [String: String] = [:]
  /// The term the eligibility list and rolls are for: the one `twos import`
  /// and `roll import` take by default on the day the demo was made.
  let term: SchoolTerm?

  init(term: SchoolTerm?) { self.term = term }

  /// Notification files that already hold a row repeating one held.
  private var repeated: Set<String> = []

  func wantsRepeat(_ path: String) -> Bool { !repeated.contains(path) }

  mutating func noteRepeat(_ path: String) { repeated.insert(path) }

  /// Notification files that already hold a row the import refuses.
  private var withBadRow: Set<String> = []

  func wantsBadRow(_ path: String) -> Bool { !withBadRow.contains(path) }

  mutating func noteBadRow(_ path: String) { withBadRow.insert(path) }

  /// Whether `path` still takes rows.
  func wants(_ path: String) -> Bool { files[path].map { $0.rows.count < $0.cap } ?? true }

  /// Adds a row to `path` unless it is full.
  mutating func add(_ path: String, header: [String], cap: Int, _ row: [String]) {
    var file = files[path] ?? File(header: header, cap: cap)
    guard file.rows.count < file.cap else { return }
    file.rows.append(row)
    files[path] = file
  }

  mutating func noteSetting(_ path: String, _ name: String) { settings[path] = name }

  static func notificationsPath(hub: String, kind: NotificationKind) -> String {
    "\(hub)/notifications-\(kind.rawValue).csv"
  }

  static func notificationHeader(_ kind: IntakeKind) -> [String] {
    ["kind", "given", "family-name", "dob", "nhs", "postcode", "address"] + kind.fields.map(\.id)
  }

  func twosPath(hub: String) -> String? { term.map { "\(hub)/twos-\($0.name).csv" } }

  static let twosHeader = ["given", "family-name", "dob", "parent", "postcode", "code"]
  static let rollHeader = ["given", "family-name", "dob", "postcode"]

  static func rollPath(hub: String, setting: String) -> String {
    let slug = setting.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
      .split(separator: "-").joined(separator: "-")
    return "\(hub)/roll-\(slug).csv"
  }

  /// Writes every file, and a read-me saying how to import each, into `folder`.
  func write(to folder: URL) throws {
    let manager = FileManager.default
    try manager.createDirectory(at: folder, withIntermediateDirectories: true)
    for (path, file) in files.sorted(by: { $0.key < $1.key }) {
      let url = folder.appendingPathComponent(path)
      try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(Self.csv([file.header] + file.rows).utf8).write(to: url, options: .atomic)
    }
    try Data(readMe.utf8).write(to: folder.appendingPathComponent("README.txt"), options: .atomic)
  }

  /// RFC 4180: comma-separated, CRLF line ends, a field quoted when it
  /// holds a comma, a quote or a line break, a quote inside doubled.
  static func csv(_ rows: [[String]]) -> String {
    rows.map { row in
      row.map { field in
        field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
          ? "\"\(field.replacingOccurrences(of: "\"", with: "\"\""))\"" : field
      }.joined(separator: ",")
    }.joined(separator: "\r\n") + "\r\n"
  }

  private var readMe: String {
    var lines = [
      "Sample files for trying the intake on this demo store. Each folder is a hub: sign in as",
      "someone of that hub (supervisor1 is in the first hub, supervisor2 in the second, ...;",
      "domestic abuse notifications are seen by huddle leads and supervisors only).",
      "",
      "Notifications: some rows are about people the store already holds, typed a little wrong;",
      "one of each file is already held, and the domestic abuse file has one bad row.",
      "  startwell notify import HUB/notifications-KIND.csv --dry-run",
      "  startwell notify import HUB/notifications-KIND.csv",
    ]
    if let term {
      lines += [
        "",
        "The two-year offer for \(term.name): the eligibility list, then each setting's roll.",
        "  startwell twos import HUB/twos-\(term.name).csv --term \(term.name)",
      ]
      for (path, setting) in settings.sorted(by: { $0.key < $1.key }) {
        lines.append("  startwell roll import \(path) --setting \"\(setting)\" --term \(term.name)")
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
