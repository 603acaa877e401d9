import Foundation
import StartWellCore
import Testing

/// The real files with one file's text edited; fails the test if the edit found nothing to change.
private func edited(
  _ file: String, replacing old: String, with new: String, sourceLocation: SourceLocation = #_sourceLocation
) throws -> [String: Data] {
  var files = try realConfigFiles()
  let text = String(decoding: try #require(files[file], sourceLocation: sourceLocation), as: UTF8.self)
  try #require(text.contains(old), "\(file) does not contain \(old)", sourceLocation: sourceLocation)
  files[file] = Data(text.replacingOccurrences(of: old, with: new).utf8)
  return files
}

/// The real files with `hubs.json` rebuilt from an edited object tree.
private func editedHubs(_ change: (inout [[String: Any]]) -> Void) throws -> [String: Data] {
  var files = try realConfigFiles()
  let root = try #require(try JSONSerialization.jsonObject(with: files["hubs.json"]!) as? [String: Any])
  var hubs = try #require(root["hubs"] as? [[String: Any]])
  change(&hubs)
  files["hubs.json"] = try JSONSerialization.data(withJSONObject: ["hubs": hubs])
  return files
}

private func parseError(
  _ files: [String: Data], sourceLocation: SourceLocation = #_sourceLocation
) -> ConfigurationError? {
  do {
    let config = try ConfigurationParser.parse(files: files)
    Issue.record(
      "expected a configuration error, parsed \(config.hubs.count) hubs", sourceLocation: sourceLocation)
    return nil
  } catch {
    return error
  }
}

@Suite("Configuration: the real files")
struct RealConfigurationTests {
  @Test("loads five hubs, each with SDFs, and every vocabulary")
  func loads() throws {
    let config = try realConfig()
    #expect(config.hubs.map(\.id) == ["north", "south", "east", "west", "central"])
    #expect(config.hubs.map(\.sdfs.count) == [3, 3, 2, 3, 2])
    for hub in config.hubs {
      #expect(!hub.sdfs.isEmpty)
      #expect(hub.sdfs.allSatisfy { $0.id.hasPrefix(hub.id + "-") })
      #expect(!hub.name.isEmpty)
    }
    #expect(config.contactTypes.count == 8)
    #expect(config.services.count == 7)
    #expect(config.caseLevels.map(\.id) == CaseLevel.allCases.map(\.rawValue))
    #expect(config.riskFactors.count == 7)
    #expect(config.riskFactor(RiskFactors.setByHandID)?.weight == 10)
    #expect(config.riskFactor("domestic-abuse")?.weight == 40)
    #expect(config.riskFactor(RiskFactors.noContactID)?.weight == 10)
    #expect(config.riskBands == RiskBands(medium: 25, high: 50))
    #expect(
      config.thresholds
        == Thresholds(noContactDays: 90, referralWaitingWeeks: 6, reviewIntervalDays: 90, workOverdueDays: 14)
    )
  }

  @Test("lookups by id, with the id as a fallback name")
  func lookups() throws {
    let config = try realConfig()
    #expect(config.hub("east")?.name == "East Start Well Hub")
    #expect(config.hub("nowhere") == nil)
    #expect(config.sdfName("east-canalside") == "Canalside")
    #expect(config.sdfName("nowhere") == nil)
    #expect(config.sdfName(nil) == nil)
    #expect(config.contactTypeName("phone") == "Phone")
    #expect(config.contactTypeName("pigeon") == "pigeon")
    #expect(config.serviceName("slt") == "Speech and language therapy")
    #expect(config.serviceName("dentist") == "dentist")
    #expect(config.riskFactor("nope") == nil)
  }

  @Test("the file list is the seven files in load order")
  func fileNames() {
    #expect(
      Configuration.fileNames == [
        "hubs.json", "casework.json", "risk.json", "thresholds.json", "terms.json", "intake.json",
        "approaches.json",
        "metrics.json",
      ])
  }
}

@Suite("Configuration: broken files")
struct BrokenConfigurationTests {
  @Test("invalid JSON names the file", arguments: Configuration.fileNames)
  func invalidJSON(file: String) throws {
    var files = try realConfigFiles()
    files[file] = Data("{ \"hubs\": [ ".utf8)
    let error = parseError(files)
    #expect(error?.file == file)
    #expect(error?.key == "(file)")
    #expect(error?.problem.contains("not valid JSON") == true)
  }

  @Test("a missing file is named", arguments: Configuration.fileNames)
  func missingFile(file: String) throws {
    var files = try realConfigFiles()
    files[file] = nil
    let error = parseError(files)
    #expect(error == ConfigurationError(file: file, key: "(file)", problem: "file is missing"))
  }

  @Test("a root that is not an object is refused")
  func rootNotObject() throws {
    var files = try realConfigFiles()
    files["risk.json"] = Data("[1, 2]".utf8)
    let error = parseError(files)
    #expect(error?.file == "risk.json")
    #expect(error?.key == "(root)")
  }

  @Test(
    "each broken value is reported with its file and key",
    arguments: [
      // Missing keys.
      ("hubs.json", "\"hubs\":", "\"hubz\":", "hubs"),
      ("hubs.json", "\"name\": \"North Start Well Hub\", ", "", "hubs[0].name"),
      (
        "hubs.json", "{ \"id\": \"east-canalside\", \"name\": \"Canalside\" }", "{ \"name\": \"Canalside\" }",
        "hubs[2].sdfs[1].id"
      ),
      ("casework.json", "\"services\":", "\"servicez\":", "services"),
      ("risk.json", "\"factors\":", "\"factorz\":", "factors"),
      ("risk.json", "\"bands\":", "\"bandz\":", "bands"),
      ("risk.json", "\"medium\": 25, ", "", "bands.medium"),
      ("thresholds.json", "\"noContactDays\": 90,", "", "noContactDays"),
      // Wrong types.
      ("risk.json", "\"weight\": 30", "\"weight\": \"ten\"", "factors[0].weight"),
      ("risk.json", "\"weight\": 30", "\"weight\": true", "factors[0].weight"),
      ("risk.json", "\"weight\": 30", "\"weight\": false", "factors[0].weight"),
      ("risk.json", "\"weight\": 30", "\"weight\": 7.5", "factors[0].weight"),
      ("risk.json", "\"weight\": 30", "\"weight\": null", "factors[0].weight"),
      ("risk.json", "\"weight\": 40", "\"weight\": 101", "factors[1].weight"),
      ("risk.json", "\"weight\": 40", "\"weight\": -1", "factors[1].weight"),
      ("hubs.json", "\"name\": \"Moorside\"", "\"name\": 7", "hubs[0].sdfs[0].name"),
      ("hubs.json", "\"name\": \"Moorside\"", "\"name\": \"  \"", "hubs[0].sdfs[0].name"),
      ("hubs.json", "\"name\": \"Moorside\"", "\"name\": \"Moor\\u001bside\"", "hubs[0].sdfs[0].name"),
      ("hubs.json", "\"id\": \"north\"", "\"id\": \"North\"", "hubs[0].id"),
      ("hubs.json", "\"id\": \"north\"", "\"id\": \"north hub\"", "hubs[0].id"),
      ("casework.json", "\"contactTypes\": [", "\"contactTypes\": 3, \"x\": [", "contactTypes"),
      (
        "thresholds.json", "\"referralWaitingWeeks\": 6", "\"referralWaitingWeeks\": \"6\"",
        "referralWaitingWeeks"
      ),
      ("thresholds.json", "\"reviewIntervalDays\": 90", "\"reviewIntervalDays\": 1.5", "reviewIntervalDays"),
      // Duplicates.
      ("hubs.json", "\"id\": \"south\"", "\"id\": \"north\"", "hubs[].id"),
      ("hubs.json", "\"id\": \"south-riverside\"", "\"id\": \"north-moorside\"", "hubs[].sdfs[].id"),
      ("casework.json", "\"id\": \"hub-visit\"", "\"id\": \"home-visit\"", "contactTypes[].id"),
      ("casework.json", "\"id\": \"csc\"", "\"id\": \"slt\"", "services[].id"),
      ("risk.json", "\"id\": \"send\"", "\"id\": \"domestic-abuse\"", "factors[].id"),
      // Case levels must be exactly the four, in order.
      ("casework.json", "{ \"id\": \"targeted\", \"name\": \"Targeted\" },", "", "caseLevels"),
      ("casework.json", "\"id\": \"universal\"", "\"id\": \"early-help\"", "caseLevels[].id"),
      ("casework.json", "\"id\": \"targeted\"", "\"id\": \"intensive\"", "caseLevels"),
      (
        "casework.json",
        "{ \"id\": \"universal\", \"name\": \"Universal\" },\n    { \"id\": \"early-help\", \"name\": \"Early help\" },",
        "{ \"id\": \"early-help\", \"name\": \"Early help\" },\n    { \"id\": \"universal\", \"name\": \"Universal\" },",
        "caseLevels"
      ),
      ("casework.json", "\"services\": [", "\"services\": [], \"old\": [", "services"),
      // Bands and thresholds.
      ("risk.json", "\"medium\": 25, \"high\": 50", "\"medium\": 50, \"high\": 50", "bands"),
      ("risk.json", "\"medium\": 25, \"high\": 50", "\"medium\": 60, \"high\": 50", "bands"),
      ("risk.json", "\"medium\": 25, \"high\": 50", "\"medium\": 0, \"high\": 50", "bands"),
      ("risk.json", "\"bands\": { \"medium\": 25, \"high\": 50 }", "\"bands\": [25, 50]", "bands"),
      ("thresholds.json", "\"noContactDays\": 90", "\"noContactDays\": -90", "noContactDays"),
      ("thresholds.json", "\"noContactDays\": 90", "\"noContactDays\": 0", "noContactDays"),
      (
        "thresholds.json", "\"referralWaitingWeeks\": 6", "\"referralWaitingWeeks\": -1",
        "referralWaitingWeeks"
      ),
      // The net's overdue-work threshold.
      ("thresholds.json", ",\n  \"workOverdueDays\": 14", "", "workOverdueDays"),
      ("thresholds.json", "\"workOverdueDays\": 14", "\"workOverdueDays\": 0", "workOverdueDays"),
      ("thresholds.json", "\"workOverdueDays\": 14", "\"workOverdueDays\": -3", "workOverdueDays"),
      ("thresholds.json", "\"workOverdueDays\": 14", "\"workOverdueDays\": \"14\"", "workOverdueDays"),
      ("thresholds.json", "\"workOverdueDays\": 14", "\"workOverdueDays\": 2.5", "workOverdueDays"),
      // Supervision's decision targets per urgency, and the days ahead a review is due.
      ("thresholds.json", "\"immediate\": 4", "\"immediate\": 0", "decisionTargetHours.immediate"),
      ("thresholds.json", "\"immediate\": 4", "\"immediate\": \"4\"", "decisionTargetHours.immediate"),
      ("thresholds.json", "\"immediate\": 4", "\"soon\": 4", "decisionTargetHours.soon"),
      (
        "thresholds.json", "\"reviewDueWithinDays\": 14", "\"reviewDueWithinDays\": -1", "reviewDueWithinDays"
      ),
    ])
  func brokenValue(file: String, old: String, new: String, key: String) throws {
    let error = parseError(try edited(file, replacing: old, with: new))
    #expect(error?.file == file)
    #expect(error?.key == key)
    if let error {
      #expect(error.description == "configuration error in \(file) at \(key): \(error.problem)")
    }
  }

  @Test("decision targets and the review horizon may be left out, and take their defaults")
  func supervisionDefaults() throws {
    let files = try edited(
      "thresholds.json",
      replacing:
        ",\n  \"decisionTargetHours\": {\n    \"immediate\": 4,\n    \"urgent\": 24,\n    \"routine\": 120\n  },\n  \"reviewDueWithinDays\": 14",
      with: "")
    let t = try ConfigurationParser.parse(files: files).thresholds
    #expect(t.decisionTargetHours == Thresholds.defaultDecisionTargetHours)
    #expect(t.reviewDueWithinDays == 14)
    let partial = try ConfigurationParser.parse(
      files: try edited("thresholds.json", replacing: "\"urgent\": 24,\n    ", with: "")
    ).thresholds
    #expect(partial.decisionTarget(.urgent) == 24 && partial.decisionTarget(.immediate) == 4)
  }

  @Test("problems say what is wrong")
  func problems() throws {
    let weight = parseError(try edited("risk.json", replacing: "\"weight\": 30", with: "\"weight\": \"ten\""))
    #expect(weight?.problem.contains("whole number") == true)
    let range = parseError(try edited("risk.json", replacing: "\"weight\": 30", with: "\"weight\": 101"))
    #expect(range?.problem.contains("0...100") == true)
    let dup = parseError(try edited("hubs.json", replacing: "\"id\": \"south\"", with: "\"id\": \"north\""))
    #expect(dup?.problem.contains("'north'") == true)
    let negative = parseError(
      try edited("thresholds.json", replacing: "\"noContactDays\": 90", with: "\"noContactDays\": -90"))
    #expect(negative?.problem.contains("-90") == true)
  }

  @Test("whole-number and boundary weights are accepted")
  func acceptedWeights() throws {
    for weight in ["0", "1", "100", "30.0"] {
      let config = try ConfigurationParser.parse(
        files: try edited("risk.json", replacing: "\"weight\": 30", with: "\"weight\": \(weight)"))
      #expect(config.riskFactors[0].weight == Int(Double(weight)!), "weight \(weight)")
    }
  }

  @Test("a hub without SDFs is refused")
  func hubWithoutSDFs() throws {
    let error = parseError(try editedHubs { $0[4]["sdfs"] = [Any]() })
    #expect(
      error
        == ConfigurationError(file: "hubs.json", key: "hubs[4].sdfs", problem: "a hub needs at least one SDF")
    )
  }

  @Test("a hub entry that is not an object, or sdfs not a list")
  func wrongShapes() throws {
    let notObject = parseError(
      try editedHubs {
        $0[1] = ["x": 1]; $0.append(["id": "x"])
      })
    #expect(notObject?.file == "hubs.json")
    #expect(notObject?.key == "hubs[1].sdfs")

    var files = try realConfigFiles()
    files["hubs.json"] = Data("{\"hubs\": [\"north\"]}".utf8)
    #expect(
      parseError(files)
        == ConfigurationError(file: "hubs.json", key: "hubs[0]", problem: "expected an object"))

    let sdfsString = parseError(try editedHubs { $0[0]["sdfs"] = "north-moorside" })
    #expect(sdfsString?.key == "hubs[0].sdfs")
    #expect(sdfsString?.problem == "expected a list")
  }

  @Test("no hubs at all is refused")
  func noHubs() throws {
    let error = parseError(try editedHubs { $0.removeAll() })
    #expect(error?.file == "hubs.json")
    #expect(error?.key == "hubs")
  }
}
