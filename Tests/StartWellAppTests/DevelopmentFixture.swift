import Foundation
import StartWellCore
import StartWellStore

@testable import StartWellApp

/// Development records on top of the shared fixture, for the development
/// form, journey and cohort tests. The fixture's today is 2025-03-14, in
/// the 2025-spring term of the 2024-25 school year.
enum DevelopmentFixture {
  /// A child in reception in 2024-25 (born January 2020), in the Jones
  /// family, with a fixed reference so the screens read the same each run.
  @discardableResult
  static func addReceptionChild(_ fx: Fixture) throws -> Person {
    let reference = "P-0000009E"
    try fx.store.write(as: fx.practitioner) { tx in
      try tx.insert(
        .person, id: Fixture.id(reference),
        [
          "reference": .text(reference), "family_id": .text(Fixture.id("F-0000005E")),
          "given_name": .text("Ava"), "family_name": .text("Jones"),
          "date_of_birth": .of(LocalDate("2020-01-15")), "expected": .of(false), "sex": .of(Sex.female),
          "relationship": .of(Relationship.child), "nhs_number": .null, "first_language": .null,
          "interpreter_needed": .of(false), "send_status": .of(false), "ehcp": .of(false),
          "flags": .json([String]()),
        ])
    }
    let family = try fx.store.openFamily(reference: "F-0000005E", as: fx.practitioner)
    return family.members.first { $0.reference == reference }!
  }

  /// Leo Smith (P-0000003A) recorded in six terms: four more before the
  /// fixture's 2024-autumn and 2025-spring, with notes in one.
  static func sixTermsForLeo(_ fx: Fixture) throws {
    for (term, band, communication, notes) in [
      ("2023-summer", WellCommBand.green, EYFSRating.onTrack, ""),
      ("2023-autumn", .green, .onTrack, ""),
      ("2024-spring", .amber, .emerging, "Fewer words than last term; mum to read daily"),
      ("2024-summer", .amber, .emerging, ""),
    ] {
      try fx.store.recordDevelopment(
        personReference: "P-0000003A",
        DevelopmentDraft(
          term: term, wellComm: band, communication: communication, physical: .onTrack,
          personalSocialEmotional: band == .green ? .onTrack : .emerging, setting: "Little Acorns",
          notes: notes), as: fx.practitioner)
    }
  }

  /// North's children in 2024-autumn and 2025-spring, with movement both
  /// ways: Leo amber to red (the fixture's), Mia red to amber, Chidi green
  /// to green, and Xiaoming recorded in 2025-spring only.
  static func northCohort(_ fx: Fixture) throws {
    func record(_ child: String, _ term: String, _ band: WellCommBand, _ rating: EYFSRating) throws {
      try fx.store.recordDevelopment(
        personReference: child,
        DevelopmentDraft(
          term: term, wellComm: band, communication: rating, physical: .onTrack,
          personalSocialEmotional: rating), as: fx.practitioner)
    }
    try record("P-0000008E", "2024-autumn", .red, .below)
    try record("P-0000008E", "2025-spring", .amber, .emerging)
    try record("P-0000007D", "2024-autumn", .green, .onTrack)
    try record("P-0000007D", "2025-spring", .green, .onTrack)
    try record("P-0000006C", "2025-spring", .amber, .emerging)
  }

  /// Ava's reception year, to its summer term: literacy and mathematics
  /// rated, and the Good Level of Development not achieved in physical.
  @discardableResult
  static func receptionYear(_ fx: Fixture) throws -> Person {
    let ava = try addReceptionChild(fx)
    for (term, physical, literacy) in [
      ("2024-autumn", EYFSRating.emerging, EYFSRating.emerging), ("2025-spring", .emerging, .onTrack),
      ("2025-summer", .below, .onTrack),
    ] {
      try fx.store.recordDevelopment(
        personReference: ava.reference,
        DevelopmentDraft(
          term: term, wellComm: .green, communication: .onTrack, physical: physical,
          personalSocialEmotional: .onTrack, literacy: literacy, maths: .onTrack,
          setting: "St Mary's Reception"),
        as: fx.practitioner)
    }
    return ava
  }
}
