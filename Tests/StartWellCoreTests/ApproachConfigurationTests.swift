import Foundation
import StartWellCore
import Testing

@Suite("Configuration: approaches")
struct ApproachConfigurationTests {
  @Test("the local approaches load in order, with the contact types that carry one")
  func loads() throws {
    let config = try realConfig()
    #expect(
      config.approaches.map(\.id).prefix(4) == [
        "keys-to-communication", "elklan", "toddle-talk", "every-childs-a-talker",
      ])
    #expect(config.approachSettings.approach("elklan")?.name == "ELKLAN")
    #expect(config.approachSettings.name("gone") == "gone")
    #expect(config.approachSettings.contactTypes == ["group-session", "intervention"])
    #expect(config.contactTypeName("intervention") == "Intervention session")
  }

  func error(_ approaches: String) throws -> ConfigurationError? {
    var files = try realConfigFiles()
    files["approaches.json"] = Data(approaches.utf8)
    do {
      _ = try ConfigurationParser.parse(files: files)
      return nil
    } catch {
      return error
    }
  }

  @Test(
    "a broken value is named with its file and key",
    arguments: [
      (#"{"contactTypes": ["group-session"]}"#, "approaches", "is missing"),
      (
        #"{"approaches": [{"id": "ELKLAN", "name": "E"}], "contactTypes": ["group-session"]}"#,
        "approaches[0].id", "'ELKLAN' must use only a-z, 0-9 and '-'"
      ),
      (
        #"{"approaches": [{"id": "elklan"}], "contactTypes": ["group-session"]}"#, "approaches[0].name",
        "is missing"
      ),
      (
        #"{"approaches": [{"id": "a", "name": "A"}, {"id": "a", "name": "B"}], "contactTypes": ["group-session"]}"#,
        "approaches[].id", "'a' appears more than once"
      ),
      (
        #"{"approaches": [{"id": "a", "name": "A"}], "contactTypes": ["party"]}"#, "contactTypes[0]",
        "'party' is not a contact type in casework.json; known: home-visit, hub-visit, phone, setting-visit, group-session, intervention, huddle-discussion, other"
      ),
      (
        #"{"approaches": [{"id": "a", "name": "A"}], "contactTypes": []}"#, "contactTypes",
        "name at least one contact type that carries an approach"
      ),
    ])
  func broken(json: String, key: String, problem: String) throws {
    #expect(try error(json) == ConfigurationError(file: "approaches.json", key: key, problem: problem))
  }

  @Test("no approaches at all is a valid configuration")
  func none() throws {
    #expect(try error(#"{"approaches": [], "contactTypes": []}"#) == nil)
  }
}
