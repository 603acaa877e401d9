import GRDB

/// A database failure in words for the list of refused changes, with no SQL in it.
enum StoreErrorText {
  static func describe(_ error: DatabaseError) -> String {
    switch error.resultCode {
    case .SQLITE_CONSTRAINT: "it clashes with a record already stored"
    case .SQLITE_FULL: "the disk is full"
    case .SQLITE_BUSY, .SQLITE_LOCKED: "the store was busy"
    default: "the store could not save it"
    }
  }
}
