import Foundation
import GRDB
import StartWellCore
import Testing

@testable import StartWellStore

@Suite("Audit chain and access")
struct AuditAndAccessTests {
  @Test func theChainVerifiesAndNamesAnEditedEvent() throws {
    let f = try StoreFixture()
    _ = try f.family()
    _ = try f.family(name: "Nowak")
    guard case .intact(let n) = try f.store.read({ try AuditChain.verify($0) }) else {
      Issue.record("chain should be intact")
      return
    }
    #expect(n >= 5)
    try f.store.writer.write {
      try $0.execute(sql: "UPDATE audit SET detail = 'nothing to see' WHERE seq = 3")
    }
    #expect(
      try f.store.read { try AuditChain.verify($0) }
        == .broken(seq: 3, problem: "event 3 was altered (its hash does not match its content)"))
  }

  @Test func aDeletedEventIsFoundInTheMiddleAndAtTheEnd() throws {
    let f = try StoreFixture()
    _ = try f.family()
    _ = try f.family(name: "Nowak")
    let last = try f.store.read { try Int64.fetchOne($0, sql: "SELECT MAX(seq) FROM audit")! }
    try f.store.writer.write { try $0.execute(sql: "DELETE FROM audit WHERE seq = ?", arguments: [last]) }
    guard case .broken(let seq, _) = try f.store.read({ try AuditChain.verify($0) }) else {
      Issue.record("a removed final event must be detected")
      return
    }
    #expect(seq == last)
    try f.store.writer.write { try $0.execute(sql: "DELETE FROM audit WHERE seq = 2") }
    guard case .broken(let mid, _) = try f.store.read({ try AuditChain.verify($0) }) else {
      Issue.record("a removed middle event must be detected")
      return
    }
    #expect(mid == 2)
  }

  @Test func openingAFamilyIsAuditedAndOtherHubsNeedAReason() throws {
    let f = try StoreFixture()
    let family = try f.family()
    _ = try f.store.openFamily(reference: family.reference, as: f.practitioner)
    var events = try f.store.read { try AuditChain.events($0, familyID: family.meta.id) }
    #expect(events.last?.action == "view")
    #expect(throws: DomainError.self) {
      try f.store.openFamily(reference: family.reference, as: f.otherHubPractitioner)
    }
    _ = try f.store.openFamily(
      reference: family.reference, as: f.otherHubPractitioner, reason: "covering a home visit")
    events = try f.store.read { try AuditChain.events($0, familyID: family.meta.id) }
    #expect(events.last?.action == "break-glass")
    #expect(events.last?.detail.contains("covering a home visit") == true)
  }

  @Test func listsShowOwnHubAndConsentingFamiliesOnly() throws {
    let f = try StoreFixture()
    try f.family(name: "Northern", hub: "north", consent: .refused)
    try f.family(name: "Sharing", hub: "south", consent: .given)
    try f.family(name: "Private", hub: "south", consent: .refused)
    let seen = try f.store.families(FamilyQuery(limit: 100), for: f.practitioner).map(\.name)
    #expect(Set(seen) == ["Northern", "Sharing"])
    #expect(try f.store.familyCount(FamilyQuery(text: "Private"), for: f.practitioner) == 0)
  }

  @Test func theDatabaseFileIsOwnerOnly() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sw-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    _ = try Store.open(directory: dir, config: StoreFixture.config)
    let fileMode =
      try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent(Store.fileName).path)[
        .posixPermissions] as! Int
    let dirMode = try FileManager.default.attributesOfItem(atPath: dir.path)[.posixPermissions] as! Int
    #expect(fileMode == 0o600)
    #expect(dirMode == 0o700)
  }
}
