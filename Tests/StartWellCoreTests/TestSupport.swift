import Foundation
import StartWellCore
import Testing

/// Locates the package root by walking up from this file until `Package.swift` appears.
func packageRoot() -> URL {
  var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  while dir.path != "/" {
    if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) {
      return dir
    }
    dir = dir.deletingLastPathComponent()
  }
  fatalError("Package.swift not found above \(#filePath)")
}

/// The raw bytes of the four files in `Config/`.
func realConfigFiles() throws -> [String: Data] {
  let folder = packageRoot().appendingPathComponent("Config")
  var files: [String: Data] = [:]
  for name in Configuration.fileNames {
    files[name] = try Data(contentsOf: folder.appendingPathComponent(name))
  }
  return files
}

/// The parsed real configuration, shared by the validation and risk tests.
func realConfig() throws -> Configuration {
  try ConfigurationParser.parse(files: realConfigFiles())
}

func date(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> LocalDate {
  guard let d = LocalDate(text) else {
    Issue.record("bad test date \(text)", sourceLocation: sourceLocation)
    return LocalDate(dayNumber: 0)
  }
  return d
}

func instant(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> Date {
  guard let d = Timestamp.parse(text) else {
    Issue.record("bad test timestamp \(text)", sourceLocation: sourceLocation)
    return Date(timeIntervalSince1970: 0)
  }
  return d
}

/// Runs `body`, expecting it to throw `DomainError`; records a test issue if it does not.
func domainError(
  sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
) -> DomainError? {
  do {
    try body()
  } catch let error as DomainError {
    return error
  } catch {
    Issue.record("expected a DomainError, got \(error)", sourceLocation: sourceLocation)
    return nil
  }
  Issue.record("expected a DomainError but nothing was thrown", sourceLocation: sourceLocation)
  return nil
}

/// The broken rules of an `.invalid` error as "field/rule" strings, for set comparisons.
func brokenRules(
  sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
) -> Set<String> {
  guard let error = domainError(sourceLocation: sourceLocation, body) else { return [] }
  guard case .invalid(let issues) = error else {
    Issue.record("expected .invalid, got \(error)", sourceLocation: sourceLocation)
    return []
  }
  return Set(issues.map { "\($0.field)/\($0.rule)" })
}

/// A seeded generator so random-driven code is reproducible.
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
