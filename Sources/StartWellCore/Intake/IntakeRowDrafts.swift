/// The rows of intake files as notification drafts, to be checked by the
/// same rules as a notification typed in (`NotificationDraft.validated`).
extension NotificationDraft {
  /// A row of a notification file (`IntakeColumns.notifications`). The
  /// kind is the row's `kind` cell, else `kind` (given for the whole file);
  /// a row naming another kind than the file's is refused.
  public static func notification(
    _ row: IntakeRow, kind fileKind: NotificationKind?, config: IntakeConfiguration
  ) throws(DomainError) -> NotificationDraft {
    let kind = try rowKind(row.cell("kind").trimmed, fileKind: fileKind)
    var draft = NotificationDraft(kind: kind, hubID: row.cell("hub").trimmed, row)
    if draft.hubID?.isEmpty == true { draft.hubID = nil }
    let own = Set(["kind", "hub"] + IntakeColumns.person)
    for (column, value) in row.cells where !own.contains(column) && !value.trimmed.isEmpty {
      draft.details[column] = value
    }
    // A list's items are separated by ';' in a file, as a cell may not hold a bare comma.
    for field in config.kind(kind)?.fields ?? [] {
      if case .list = field.kind, let value = draft.details[field.id] {
        draft.details[field.id] = value.replacingOccurrences(of: ";", with: ",")
      }
    }
    return draft
  }

  /// A row of the eligibility list (`IntakeColumns.eligibility`) for `term`,
  /// as the notification it becomes when no one child is sure to be it.
  public static func twoYearEligibility(_ row: IntakeRow, term: String, hubID: String?) -> NotificationDraft {
    var draft = NotificationDraft(kind: .twoYearEligibility, hubID: hubID, row)
    draft.details = ["term": term, "code": row.cell("code")]
    if !row.cell("parent").trimmed.isEmpty { draft.details["parent"] = row.cell("parent") }
    return draft
  }

  /// A row of a setting's roll (`IntakeColumns.roll`) for `term`.
  public static func twoYearPlace(_ row: IntakeRow, term: String, setting: String, hubID: String?)
    -> NotificationDraft
  {
    var draft = NotificationDraft(kind: .twoYearPlace, hubID: hubID, row)
    draft.details = ["term": term, "setting": setting]
    return draft
  }

  /// The person's columns of a row.
  private init(kind: NotificationKind, hubID: String?, _ row: IntakeRow) {
    self.init(
      kind: kind, hubID: hubID, givenName: row.cell("given"), familyName: row.cell("family-name"),
      dateOfBirth: row.cell("dob"), nhsNumber: row.cell("nhs"), postcode: row.cell("postcode"),
      address: row.cell("address"))
  }

  private static func rowKind(_ text: String, fileKind: NotificationKind?) throws(DomainError)
    -> NotificationKind
  {
    let partners = NotificationKind.partners.map(\.rawValue).joined(separator: ", ")
    guard !text.isEmpty else {
      if let fileKind { return fileKind }
      throw .invalid([FieldIssue(field: "kind", rule: "required", message: "is required; use \(partners)")])
    }
    guard let kind = NotificationKind(rawValue: text.lowercased()), NotificationKind.partners.contains(kind)
    else {
      throw .invalid([
        FieldIssue(
          field: "kind", rule: "known", message: "'\(text)' is not a kind of notification; use \(partners)")
      ])
    }
    if let fileKind, fileKind != kind {
      throw .invalid([
        FieldIssue(
          field: "kind", rule: "file-kind",
          message: "'\(text)' is not the kind this import takes (\(fileKind.rawValue))")
      ])
    }
    return kind
  }
}

extension NotificationDraft {
  /// The hub that takes in an import's notifications: the one named, which
  /// must be one of `hubs`, or the only one of `hubs` (the rule a typed
  /// notification's hub follows), checked once for the whole file.
  public static func importHub(_ id: String?, config: Configuration, hubs: [String]) throws(DomainError)
    -> String
  {
    var v = Validator()
    let hub = Self.hub(id, config: config, hubs: hubs, &v)
    try v.check()
    return hub ?? ""
  }
}
