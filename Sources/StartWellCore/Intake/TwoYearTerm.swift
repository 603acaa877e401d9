extension SchoolTerms {
  /// The term a two-year offer list is for when none is named: the term
  /// today falls in, else (in a holiday) the next one.
  public func offerTerm(on today: LocalDate) -> SchoolTerm? {
    term(containing: today) ?? all.first { $0.start > today }
  }

  /// The term named, or the default for `today`; an issue naming `term` when there is none.
  public func offerTerm(named name: String?, on today: LocalDate) throws(DomainError) -> SchoolTerm {
    if let name = name?.trimmed, !name.isEmpty {
      if let term = term(named: name) { return term }
      throw .invalid([
        FieldIssue(
          field: "term", rule: "known", message: "'\(name)' is not a term in terms.json; \(knownNames)")
      ])
    }
    guard let term = offerTerm(on: today) else {
      throw .invalid([
        FieldIssue(
          field: "term", rule: "required",
          message: "terms.json has no term on or after \(today); name one (\(knownNames))")
      ])
    }
    return term
  }

  /// "known: 2022-autumn to 2029-summer", for messages.
  public var knownNames: String {
    guard let first = all.first, let last = all.last else { return "no terms are configured" }
    return "known: \(first.name) to \(last.name)"
  }
}
