import StartWellCore
import TerminalUI

/// The words for kinds of notification on the command line.
enum NotifyKindArgument {
  /// A kind `notify add` and `notify import` take: one a partner sends.
  static func partner(_ text: String, option: String = "--kind") throws -> NotificationKind {
    let kinds = NotificationKind.partners.map(\.rawValue).joined(separator: ", ")
    guard let kind = NotificationKind(rawValue: text.trimmed.lowercased()),
      NotificationKind.partners.contains(kind)
    else {
      throw CLIError("\(option): '\(Sanitizer.visible(text))' is not a kind of notification; use \(kinds)")
    }
    return kind
  }
}

/// A kind's own fields typed as `--<field id> VALUE` (or `--<field id>=VALUE`),
/// read from the arguments `notify add` does not know itself. The fields
/// are the kind's in `Config/intake.json`, so a field added there is a flag
/// here without a change to the command.
enum KindFieldArguments {
  static func parse(_ arguments: [String], kind: IntakeKind) throws -> [String: String] {
    var details: [String: String] = [:]
    var rest = arguments[...]
    while let token = rest.popFirst() {
      guard token.hasPrefix("--"), token.count > 2 else {
        throw CLIError("unexpected argument '\(Sanitizer.visible(token))' (see --help)")
      }
      let parts = token.dropFirst(2).split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      let name = String(parts[0])
      guard let field = kind.field(name) else {
        throw CLIError(
          "--\(Sanitizer.visible(name)) is not a field of \(named(kind)); its fields are \(flags(kind))")
      }
      var value = parts.count == 2 ? String(parts[1]) : nil
      if value == nil, let next = rest.first, !next.hasPrefix("--") {
        value = rest.popFirst()
      }
      guard let value else { throw CLIError("--\(name) needs a value (\(field.name.lowercased()))") }
      if let earlier = details[name] {
        guard case .list = field.kind else { throw CLIError("--\(name) is given twice") }
        details[name] = earlier + "," + value
      } else {
        details[name] = value
      }
    }
    return details
  }

  /// "--edd, --criteria, --midwife".
  static func flags(_ kind: IntakeKind) -> String {
    kind.fields.map { "--\($0.id)" }.joined(separator: ", ")
  }

  /// "an antenatal notification", "a GP early notification".
  static func named(_ kind: IntakeKind) -> String {
    // An initialism keeps its capitals ("GP"); another first word is lower-cased mid-sentence.
    let first = kind.name.split(separator: " ").first.map(String.init) ?? ""
    let name =
      first == first.uppercased() ? kind.name : kind.name.prefix(1).lowercased() + kind.name.dropFirst()
    return ("aeiou".contains(name.prefix(1)) ? "an " : "a ") + name
  }
}
