import Foundation
import StartWellCore
import Testing

@testable import StartWellStore

/// The demo store exercises the net: a person trying the product finds
/// children under every rule.
@Suite("The net on demo data")
struct NetDemoTests {
  @Test func everyRuleFindsChildrenInATwoThousandFamilyDemoStore() throws {
    let now = Timestamp.parse("2026-03-16T12:00:00Z")!
    let store = try Store.inMemory(config: StoreFixture.config, now: { now })
    _ = try DemoData.load(into: store, families: 2_000, seed: 7, progress: nil)
    let admin = try store.addUser(
      username: "netadmin", displayName: "Net Admin", role: .admin, hubs: [], password: "pw",
      as: Store.systemUser, checkPolicy: false)
    let everywhere = try store.addUser(
      username: "netsupervisor", displayName: "Net Supervisor", role: .supervisor,
      hubs: StoreFixture.config.hubs.map(\.id), password: "pw", as: admin, checkPolicy: false)
    let rows = try store.net(for: everywhere)
    for rule in NetRule.all {
      let found = rows.filter { $0.reasons.contains { $0.rule == rule.id } }.count
      #expect(found > 0, "\(rule.id) finds no children")
    }
    // Filtering by rule gives the same children as the whole net's rows naming it.
    let waiting = try store.net(for: everywhere, rules: ["referral-waiting"])
    #expect(
      Set(waiting.map(\.childID))
        == Set(rows.filter { $0.reasons.contains { $0.rule == "referral-waiting" } }.map(\.childID)))
  }
}
