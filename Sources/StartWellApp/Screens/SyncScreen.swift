import Foundation
import StartWellCore
import StartWellStore
import TerminalUI

/// The sync screen: what is waiting to go, how the last sync went, the other
/// terminals, conflicts to settle and damaged files set aside.
public struct SyncScreenState: Sendable {
  /// Nil until loaded, and when this terminal has not joined a share.
  public var overview: SyncOverview?
  public var loaded = false
  /// The open conflicts; the selected one is what m, t and v settle.
  public var list = ListState()
  /// The last background run, kept to say when and how it went.
  public var lastOutcome: SyncOutcome?
  /// A sync has been waiting on the share since then.
  public var stalledSince: Date?

  public init() {}

  mutating func show(_ overview: SyncOverview?) {
    self.overview = overview
    loaded = true
    list.setCount(overview?.conflicts.count ?? 0)
  }

  public var selectedConflict: SyncConflict? {
    guard let conflicts = overview?.conflicts, conflicts.indices.contains(list.selected) else { return nil }
    return conflicts[list.selected]
  }
}

enum SyncScreen {
  /// Rows of conflicts shown at once; the rest scroll.
  static func conflictRows(_ size: TerminalSize) -> Int { size.rows >= 40 ? 8 : 3 }

  static func perform(_ action: Action, _ s: inout AppState) -> [Effect] {
    switch action {
    case _ where ListMotion.isMotion(action):
      ListMotion.apply(action, to: &s.syncScreen.list, visibleRows: conflictRows(s.size))
    case .syncNow:
      s.message = StatusMessage("Syncing…")
      return [.requestSync]
    case .keepMine, .keepTheirs:
      guard let c = s.syncScreen.selectedConflict else { return noConflict(&s) }
      let value = action == .keepMine ? c.mine : c.theirs
      guard let value else {
        s.message = StatusMessage(
          action == .keepMine
            ? "None of these edits was made on this terminal; use t or v."
            : "The other terminals disagree, or none made an edit; press v to choose a value.",
          isError: true)
        return []
      }
      s.overlay = .confirm(
        ConfirmState(
          question:
            "Set \(c.reference ?? c.entity) \(c.fieldLabel) to \(c.describe(value))? (y/n)",
          purpose: .resolveConflict(id: c.id, value: value)))
    case .chooseValue:
      guard let c = s.syncScreen.selectedConflict else { return noConflict(&s) }
      var prompt = PromptState(
        title: "Set \(c.reference ?? c.entity) \(c.fieldLabel)", label: "The value to keep:",
        purpose: .conflictValue(id: c.id), required: true)
      prompt.options = c.options
      s.overlay = .prompt(prompt)
    case .open:
      // To read the case before deciding; the conflict waits on this screen.
      guard let c = s.syncScreen.selectedConflict, let id = c.familyID, let reference = c.familyReference
      else { return [] }
      return Navigation.openFamily(id: id, reference: reference, name: "", hub: nil, &s)
    default: break
    }
    return []
  }

  private static func noConflict(_ s: inout AppState) -> [Effect] {
    s.message = StatusMessage("There is no conflict to settle.")
    return []
  }

  // MARK: - Drawing

  static func render(_ s: AppState, into g: inout CellGrid, rect: Rect) {
    let theme = s.theme
    var y = rect.row
    let x = rect.col + 1
    let width = rect.cols - 2
    func line(_ text: String, _ role: ThemeRole = .normal, indent: Int = 0) {
      guard y < rect.bottom else { return }
      g.put(
        text: DisplayWidth.truncate(Sanitizer.visible(text), toWidth: width - indent), row: y,
        col: x + indent,
        style: theme[role])
      y += 1
    }
    line("Sync with the shared folder", .title)
    let screen = s.syncScreen
    guard let o = screen.overview, o.configured else {
      guard screen.loaded else { return line("Loading…", .dim) }
      y += 1
      line("This terminal has not joined a share, so its changes stay here.")
      line("To share with other terminals, run one of these; sync starts by itself:", .dim)
      line("startwell share init PATH                 (the first terminal)", indent: 2)
      line("startwell share join PATH --key-file KEY  (every other terminal)", indent: 2)
      return
    }
    line("Share: \(o.sharePath ?? "?")")
    let batches = "\(Format.count(Int(o.published))) batch\(o.published == 1 ? "" : "es")"
    line("This terminal: \(o.deviceID)")
    line("Pending local changes: \(Format.count(o.pending)) · \(batches) published from here")
    var last = "Last good sync: \(o.lastSync.map(s.zone.dateTime) ?? "never")"
    if let outcome = screen.lastOutcome, outcome.error == nil {
      last += " · last run \(s.zone.dateTime(outcome.finished)): \(outcome.summary)"
    }
    line(last)
    // The reason in full, wrapped: it is what someone fixing the share needs to read.
    let problem =
      screen.stalledSince.map {
        "The share has not answered since \(s.zone.dateTime($0)); changes wait here until it does."
      } ?? o.lastError.map { "Last attempt failed: \($0)" }
    let problemLines = problem.map { TextWrap.wrap($0, width: width) } ?? []
    for text in problemLines.prefix(3) { line(text, .warning) }
    for text in o.attention.lines.prefix(3) { line(text, .warning) }
    for change in o.refused.prefix(3) {
      let who = change.username ?? String(change.userID.prefix(8))
      line(
        DisplayWidth.fit("\(change.entity).\(change.field) by \(who): \(change.reason)", toWidth: width - 2),
        .dim, indent: 2)
    }
    y += 1

    // Conflicts, with the edits of the selected one spelled out.
    let users = Dictionary(s.users.map { ($0.id, $0.displayName) }, uniquingKeysWith: { a, _ in a })
    line(
      o.conflicts.isEmpty
        ? "Conflicts: none"
        : "Conflicts (\(o.conflicts.count)): m keep mine · t keep theirs · v choose a value",
      o.conflicts.isEmpty ? .title : .warning)
    if !o.conflicts.isEmpty {
      let rows = min(o.conflicts.count, conflictRows(s.size))
      var list = screen.list
      let table = Rect(row: y, col: rect.col + 1, rows: min(rows + 1, max(0, rect.bottom - y)), cols: width)
      ListView(
        columns: [
          Column("Conflict", width: .fixed(10)), Column("Family", width: .fixed(10)),
          Column("Field", width: .fixed(13)), Column("Showing now", width: .flexible(min: 10)),
        ], theme: theme
      ).render(
        into: &g, rect: table, state: &list,
        row: { i in
          let c = o.conflicts[i]
          return [c.id, c.reference ?? "-", c.fieldLabel, c.describe(c.current)]
        })
      y += table.rows
      if let c = screen.selectedConflict {
        // Wide enough for a triage's "attached to P-… (F-…)", as narrow as a case level needs.
        let valueWidth = min(40, max(12, c.edits.map { DisplayWidth.of(c.describe($0.value)) }.max() ?? 0))
        for edit in c.edits.sorted(by: { $0.at < $1.at }) {
          let who = users[edit.userID] ?? edit.userID
          let place = edit.here ? "this terminal" : "terminal \(edit.device)"
          line(
            "\(DisplayWidth.fit(c.describe(edit.value), toWidth: valueWidth)) by \(who) on \(place), \(s.zone.dateTime(edit.at))",
            indent: 2)
        }
      }
    }
    y += 1

    // The other terminals.
    line(
      o.devices.isEmpty ? "Other terminals: none seen yet" : "Other terminals (\(o.devices.count))", .title)
    if !o.devices.isEmpty {
      line(
        "\(DisplayWidth.fit("Terminal", toWidth: 18)) \(DisplayWidth.fit("Last batch", toWidth: 10)) Last seen",
        .dim, indent: 1)
      let room = max(1, rect.bottom - y - (o.quarantine.isEmpty ? 2 : 4))
      let shown = o.devices.count > room ? room - 1 : o.devices.count
      for d in o.devices.prefix(max(0, shown)) {
        let seen = d.lastSeen.map(s.zone.dateTime) ?? "-"
        line(
          "\(DisplayWidth.fit(d.id, toWidth: 18)) \(DisplayWidth.fit(String(d.seq), toWidth: 10, alignment: .right)) \(seen)"
            + (d.note.map { "  clock ahead: \($0)" } ?? ""), d.note == nil ? .normal : .warning, indent: 1)
      }
      if shown < o.devices.count { line("… and \(o.devices.count - shown) more", .dim, indent: 1) }
    }
    y += 1

    // Files set aside.
    line(
      o.quarantine.isEmpty ? "Damaged files: none" : "Damaged files set aside (\(o.quarantine.count))",
      o.quarantine.isEmpty ? .title : .warning)
    for (i, q) in o.quarantine.enumerated() {
      let text = TextWrap.wrap(
        "\(q.path) (since \(s.zone.dateTime(q.since))): \(q.reason)", width: width - 1
      ).prefix(3)
      // Keep the last row for "… and N more" when the rest will not fit.
      let isLast = i == o.quarantine.count - 1
      guard y + text.count <= rect.bottom - (isLast ? 0 : 1) else {
        line("… and \(o.quarantine.count - i) more (startwell sync status lists them all)", .dim, indent: 1)
        break
      }
      for part in text { line(part, indent: 1) }
    }
  }
}

extension SyncScreen: Screen {
  static let route = Route.sync
  static let goAction: Action? = .goSync
  static let bindings: [KeyBinding] = [
    KeyBinding([.character("m")], .sync, .keepMine, hint: "keep mine"),
    KeyBinding([.character("t")], .sync, .keepTheirs, hint: "keep theirs"),
    KeyBinding([.character("v")], .sync, .chooseValue, hint: "choose"),
    KeyBinding([.character("s")], .sync, .syncNow, hint: "sync now"),
    KeyBinding([.enter], .sync, .open, hint: "family"),
    KeyBinding([.character("y")], .global, .goSync),
  ]

  static func keyContexts(_ s: AppState) -> [KeyContext] { [.sync, .list, .global] }

  static func reload(_ s: inout AppState) -> [Effect] { [.loadSync] }

  /// A finished sync brings its own overview; nothing more to read.
  static func afterSync(_ s: inout AppState) -> [Effect] { [] }
}
