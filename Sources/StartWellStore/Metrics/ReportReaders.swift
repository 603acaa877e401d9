import Foundation
import GRDB
import Synchronization

extension Store {
  /// Runs the report's `count` reads on as many readers as there are
  /// cores, each reader taking the next read when it finishes one, and
  /// returns their results in order; the first error is thrown.
  ///
  /// Every read scans the families in scope and most scan the same
  /// indexes of people and records, so each reader keeps a larger page
  /// cache while the report lasts (`reportCacheKiB`): with SQLite's
  /// default of about 2 MB, each read fetched those pages from the file
  /// again, which at stress scale was a third of the report's time. The
  /// cache goes back to its size when the reader is done, so a reader the
  /// client browses with later holds no more than before.
  func readForReport<T: Sendable>(_ count: Int, _ body: @Sendable (Int, Database) throws -> T) throws -> [T] {
    let results = Mutex<[Int: Result<T, any Error>]>([:])
    let next = Atomic<Int>(0)
    let readers = max(1, min(count, ProcessInfo.processInfo.activeProcessorCount))
    DispatchQueue.concurrentPerform(iterations: readers) { _ in
      let outcome = Result {
        try read { db in
          let pages = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
          try db.execute(sql: "PRAGMA cache_size = \(-Self.reportCacheKiB)")
          defer { try? db.execute(sql: "PRAGMA cache_size = \(pages)") }
          while true {
            let i = next.add(1, ordering: .relaxed).oldValue
            guard i < count else { return }
            let result = Result { try body(i, db) }
            results.withLock { $0[i] = result }
          }
        }
      }
      if case .failure(let error) = outcome {
        results.withLock { $0[-1] = .failure(error) }
      }
    }
    let done = results.withLock { $0 }
    if case .failure(let error)? = done[-1] { throw error }
    return try (0..<count).map { try done[$0]!.get() }
  }

  /// The page cache of each of the report's readers, in KiB: enough for
  /// the family, people and development indexes at stress scale.
  static let reportCacheKiB = 32 * 1024
}
