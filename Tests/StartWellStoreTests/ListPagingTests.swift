import Foundation
import StartWellCore
import Testing

@testable import StartWellStore

/// A page read by seeking past the row before it, or backwards from the end,
/// holds exactly the rows a page read by offset holds; and a risk band found
/// through the flag-score bound holds exactly the families in that band.
@Suite struct ListPagingTests {
  /// 2026-03-16 12:00 UTC, so the "no recent contact" factor splits the demo families.
  static let now = Date(timeIntervalSince1970: 1_773_662_400)

  static let shared: (store: Store, user: User, admin: User) = {
    let store = try! Store.inMemory(config: StoreFixture.config, now: { ListPagingTests.now })
    _ = try! DemoData.load(into: store, families: 700, seed: 5, progress: nil)
    let users = try! store.users()
    let practitioner = users.filter { $0.role == .practitioner && $0.active }.min {
      $0.username < $1.username
    }!
    let admin = users.first { $0.role == .admin && $0.active }!
    return (store, practitioner, admin)
  }()

  /// Every page by offset, for comparison.
  func byOffset(_ q: FamilyQuery, _ user: User) throws -> [[String]] {
    let store = Self.shared.store
    let total = try store.familyCount(q, for: user)
    return try stride(from: 0, to: total, by: q.limit).map { offset in
      var page = q
      page.offset = offset
      return try store.families(page, for: user).map(\.id)
    }
  }

  /// Every page by seeking past the one before, as the client scrolls.
  func bySeeking(_ first: FamilyQuery, _ user: User) throws -> [[String]] {
    var walked: [[String]] = []
    var q = first
    while true {
      let rows = try Self.shared.store.families(q, for: user)
      if rows.isEmpty { break }
      walked.append(rows.map(\.id))
      q = q.next(after: rows)
    }
    return walked
  }

  @Test(arguments: [false, true], ["", "a", "an", "ro"])
  func seekingPastEachPageEqualsOffsets(descending: Bool, text: String) throws {
    let admin = Self.shared.admin
    let first = FamilyQuery(text: text, descending: descending, limit: text.isEmpty ? 37 : 3)
    let expected = try byOffset(first, admin)
    #expect(expected.count > 3, "the walk should span several pages")
    #expect(try bySeeking(first, admin) == expected)
  }

  /// One band sorted by risk is in name order, so its pages seek as well.
  @Test(arguments: [RiskBand.medium, .low])
  func aBandSortedByRiskSeeksPastEachPage(band: RiskBand) throws {
    let admin = Self.shared.admin
    let first = FamilyQuery(risk: band, sort: .risk, descending: true, limit: 13)
    #expect(first.seeks)
    let expected = try byOffset(first, admin)
    #expect(expected.count > 3, "the walk should span several pages")
    #expect(try bySeeking(first, admin) == expected)
  }

  @Test(arguments: [false, true])
  func readingFromTheEndEqualsOffsets(descending: Bool) throws {
    let (store, _, admin) = Self.shared
    let first = FamilyQuery(descending: descending, limit: 41)
    let expected = try byOffset(first, admin)
    let total = try store.familyCount(first, for: admin)
    for (n, page) in expected.enumerated() {
      var q = first
      q.offset = n * first.limit
      q.total = total
      #expect(try store.families(q, for: admin).map(\.id) == page, "page \(n) of \(expected.count)")
    }
  }

  /// The far end of a search past the cap, once its exact count is in, is
  /// read backwards from the end, and holds what offsets hold.
  @Test func theLastPagesOfALongSearchEqualOffsets() throws {
    let store = try Store.inMemory(config: StoreFixture.config, now: { ListPagingTests.now })
    _ = try DemoData.load(into: store, families: 1_150, seed: 5, progress: nil)
    let admin = try #require(try store.users().first { $0.role == .admin && $0.active })
    // Every demo postcode starts "ST", so this search matches every family.
    let first = FamilyQuery(text: "st", limit: 200)
    let total = try store.familyCount(first, for: admin, exact: true)
    #expect(total > Store.searchCountCap)
    var pages: [[String]] = []
    for offset in stride(from: 0, to: total, by: first.limit) {
      var q = first
      q.offset = offset
      pages.append(try store.families(q, for: admin).map(\.id))
    }
    for n in pages.indices.suffix(2) {
      var q = first
      q.offset = n * first.limit
      q.total = total
      q.totalIsExact = true
      #expect(q.readsFromEnd)
      #expect(try store.families(q, for: admin).map(\.id) == pages[n], "page \(n) of \(pages.count)")
    }
  }

  /// A search's whole order, once counted, reads any page by row id with
  /// exactly the rows an offset gives, and never a family the user cannot see.
  @Test(arguments: [false, true])
  func pagesReadByRowIDEqualOffsets(descending: Bool) throws {
    let (store, user, admin) = Self.shared
    let first = FamilyQuery(text: "an", descending: descending, limit: 7)
    let expected = try byOffset(first, admin)
    let order = try #require(try store.familyOrder(first, for: admin))
    #expect(order.count == expected.joined().count)
    for (n, page) in expected.enumerated() {
      var q = first
      q.offset = n * first.limit
      q.rowids = Array(order[q.offset..<min(order.count, q.offset + first.limit)])
      #expect(try store.families(q, for: admin).map(\.id) == page, "page \(n) of \(expected.count)")
    }
    // Every family's row id, held by someone who sees fewer: only their own come back.
    let everyone = try store.read { try Int64.fetchAll($0, sql: "SELECT rowid FROM family") }
    var held = FamilyQuery(limit: everyone.count)
    held.rowids = everyone
    let seen = Set(try store.families(held, for: user).map(\.id))
    #expect(seen == Set(try store.families(FamilyQuery(limit: 10_000), for: user).map(\.id)))
    #expect(seen.count < everyone.count)
  }

  /// A search's count stops at the cap, so a capped count is never taken for the end.
  @Test func aCappedSearchCountIsNotTheEnd() {
    let cap = Store.searchCountCap
    #expect(FamilyQuery(offset: cap * 3 / 5, total: cap).readsFromEnd)
    #expect(!FamilyQuery(text: "ro", offset: cap * 3 / 5, total: cap).readsFromEnd)
    #expect(FamilyQuery(text: "ro", offset: 600, total: 999).readsFromEnd)
    #expect(!FamilyQuery(offset: 400, total: 1_000).readsFromEnd)
    #expect(!FamilyQuery(sort: .risk, offset: 900, total: 1_000).readsFromEnd)
    // Once the real count is in, a search over the cap reads its far end from the end.
    var exact = FamilyQuery(text: "ro", offset: 1_500, total: 1_620)
    #expect(!exact.readsFromEnd)
    exact.totalIsExact = true
    #expect(exact.readsFromEnd)
  }

  @Test func anExactCountCountsEveryMatch() throws {
    let (store, _, admin) = Self.shared
    let everyone = FamilyQuery(text: "", limit: 10_000)
    let all = try store.families(everyone, for: admin).count
    let q = FamilyQuery(text: "a", limit: 10_000)
    let matched = try store.families(q, for: admin).count
    #expect(try store.familyCount(q, for: admin, exact: true) == matched)
    #expect(matched <= all)
  }

  @Test(arguments: RiskBand.allCases)
  func aBandHoldsExactlyItsFamilies(band: RiskBand) throws {
    let (store, _, admin) = Self.shared
    let all = try store.families(FamilyQuery(limit: 10_000), for: admin)
    let expected = Set(all.filter { $0.riskBand == band }.map(\.id))
    let listed = try store.families(
      FamilyQuery(risk: band, sort: .risk, descending: true, limit: 10_000), for: admin)
    #expect(Set(listed.map(\.id)) == expected)
    #expect(!expected.isEmpty || band == .high)
    // One band sorted by risk runs by name, the order it can seek in.
    let byName = try store.families(FamilyQuery(risk: band, sort: .name, limit: 10_000), for: admin)
    #expect(listed.map(\.id) == byName.map(\.id))
  }

  /// The bound admits every score the band can hold, whichever of the
  /// dated factors (no contact, the intake's notifications) apply.
  @Test func theBoundCoversTheDateFactorsReach() throws {
    let store = Self.shared.store
    let weights = RiskFactors.all.filter(\.isDated).compactMap { store.config.riskFactor($0.id)?.weight }
    #expect(weights.count == 3)
    // Every sum of a subset of the dated weights.
    let reach = weights.reduce([0]) { sums, w in sums + sums.map { $0 + w } }
    let bands = store.config.riskBands
    for flag in -20...160 {
      for score in reach.map({ flag + $0 }) {
        let band = bands.band(for: score)
        let (atLeast, below) = store.riskBandBound(band)
        #expect(atLeast.map { flag >= $0 } ?? true, "flag \(flag), score \(score)")
        #expect(below.map { flag < $0 } ?? true, "flag \(flag), score \(score)")
      }
    }
  }
}
