import Foundation
import GRDB
import StartWellCore
import Testing

@testable import StartWellStore

/// Father engagement on a hand-made store: only contacts with a father or
/// a male carer of the family present count, and a family counts once.
@Suite("Report: father engagement")
struct ReportFatherTests {
  @Test func countsOnlyFathersAndMaleCarersAndEachFamilyOnce() throws {
    let f = try StoreFixture()
    let store = f.store
    let user = f.practitioner
    func person(_ family: Family, _ given: String, _ relationship: Relationship, _ sex: Sex) throws -> String
    {
      try store.addPerson(
        familyReference: family.reference,
        PersonDraft(
          givenName: given, familyName: family.name, dateOfBirth: "1990-01-01", sex: sex,
          relationship: relationship), as: user
      ).meta.id
    }
    let day = StoreFixture.fixedNow.addingTimeInterval(-86_400)
    func contact(_ family: Family, _ present: [String]) throws {
      _ = try store.logContact(
        familyID: family.meta.id,
        ContactDraft(type: "home-visit", at: day, summary: "Visit", presentPersonIDs: present),
        as: user)
    }
    let okafor = try f.family(name: "Okafor")
    let dad = try person(okafor, "Ade", .father, .male)
    let mum = try person(okafor, "Ngozi", .mother, .female)
    let smith = try f.family(name: "Smith", postcode: "LS7 1AA")
    let grandad = try person(smith, "Tom", .carer, .male)
    let nan = try person(smith, "Joan", .carer, .female)
    let jones = try f.family(name: "Jones", postcode: "LS8 1AA")
    let jonesMum = try person(jones, "Ann", .mother, .female)
    try contact(okafor, [dad, mum])
    try contact(okafor, [dad])
    try contact(okafor, [mum])
    try contact(smith, [grandad])
    try contact(smith, [nan])
    try contact(jones, [jonesMum])

    let request = ReportRequest(from: LocalDate("2026-02-01")!, to: LocalDate("2026-03-02")!)
    let report = try store.report(request, for: f.supervisor)
    let contacts = try #require(report.metric(MetricCatalogue.fatherContacts.id)).figure
    #expect(contacts.numerator == 3 && contacts.denominator == 6)
    let families = try #require(report.metric(MetricCatalogue.fatherFamilies.id)).figure
    #expect(families.numerator == 2 && families.denominator == 3)
    let explained = try store.explainMetric(MetricCatalogue.fatherFamilies.id, request, for: f.supervisor)
    #expect(Set(explained.records.filter { $0.value == "yes" }.map(\.id)) == [okafor.meta.id, smith.meta.id])
  }
}
