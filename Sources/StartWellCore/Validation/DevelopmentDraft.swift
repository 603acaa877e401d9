import Foundation

/// A development check as a person enters it, before it is recorded.
///
/// Only the term is always needed. A field left nil keeps what the
/// child's record for that term already holds, so a second entry for the
/// same child and term changes only what it names; a first record for the
/// term needs the WellComm band and the three prime areas. Literacy and
/// mathematics, once rated, are changed but not cleared here.
public struct DevelopmentDraft: Sendable, Equatable {
  public var term: String
  public var wellComm: WellCommBand?
  public var communication: EYFSRating?
  public var physical: EYFSRating?
  public var personalSocialEmotional: EYFSRating?
  public var literacy: EYFSRating?
  public var maths: EYFSRating?
  public var setting: String?
  public var notes: String?
  /// The day of the check; today when nil.
  public var recordedOn: LocalDate?

  public init(
    term: String, wellComm: WellCommBand? = nil, communication: EYFSRating? = nil,
    physical: EYFSRating? = nil, personalSocialEmotional: EYFSRating? = nil, literacy: EYFSRating? = nil,
    maths: EYFSRating? = nil, setting: String? = nil, notes: String? = nil, recordedOn: LocalDate? = nil
  ) {
    self.term = term
    self.wellComm = wellComm
    self.communication = communication
    self.physical = physical
    self.personalSocialEmotional = personalSocialEmotional
    self.literacy = literacy
    self.maths = maths
    self.setting = setting
    self.notes = notes
    self.recordedOn = recordedOn
  }

  /// A draft from the words a person typed (`--wellcomm amber`, `--physical
  /// on-track`, `--on 2026-11-20`), each checked against its vocabulary.
  /// Every unknown word is reported at once, naming its field and the
  /// words that are allowed; nil or empty means not given.
  public static func parse(
    term: String, wellComm: String? = nil, communication: String? = nil, physical: String? = nil,
    personalSocialEmotional: String? = nil, literacy: String? = nil, maths: String? = nil,
    setting: String? = nil, notes: String? = nil, recordedOn: String? = nil
  ) throws(DomainError) -> DevelopmentDraft {
    var v = Validator()
    let draft = DevelopmentDraft(
      term: term, wellComm: word(wellComm, "wellcomm", &v),
      communication: word(communication, "communication", &v), physical: word(physical, "physical", &v),
      personalSocialEmotional: word(personalSocialEmotional, "psed", &v),
      literacy: word(literacy, "literacy", &v),
      maths: word(maths, "maths", &v), setting: setting, notes: notes,
      recordedOn: day(recordedOn, &v))
    try v.check()
    return draft
  }

  private static func word<E: RawRepresentable & CaseIterable>(
    _ text: String?, _ field: String, _ v: inout Validator
  ) -> E? where E.RawValue == String {
    guard let text = text?.trimmed.lowercased(), !text.isEmpty else { return nil }
    if let value = E(rawValue: text) { return value }
    let allowed = E.allCases.map(\.rawValue).joined(separator: ", ")
    v.add(field, "known", "'\(text)' is not a \(field) value; use one of \(allowed)")
    return nil
  }

  private static func day(_ text: String?, _ v: inout Validator) -> LocalDate? {
    guard let text = text?.trimmed, !text.isEmpty else { return nil }
    guard let d = LocalDate(text) else {
      v.add("recorded on", "date", "'\(text)' is not a date; write it as YYYY-MM-DD")
      return nil
    }
    return d
  }
}
