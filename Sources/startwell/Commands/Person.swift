import ArgumentParser
import Foundation
import StartWellCore
import StartWellStore
import TerminalUI

struct PersonCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "person", abstract: "Add members to a family.", subcommands: [Add.self])

  struct Add: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "add", abstract: "Add a person to a family.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The family reference.") var reference: String
    @Option(help: "Given name.") var given: String
    @Option(name: .customLong("family-name"), help: "Family name.") var familyName: String
    @Option(help: "Date of birth, or the due date with --expected (YYYY-MM-DD).") var dob: String
    @Option(help: "child, mother, father, carer or other.") var relationship: Relationship
    @Option(help: "NHS number (10 digits; the check digit is verified).") var nhs: String?
    @Flag(help: "An expected (unborn) child; --dob is the due date.") var expected = false
    @Option(help: "female, male or unknown.") var sex: Sex = .unknown
    @Option(name: .customLong("first-language"), help: "First language.") var firstLanguage: String?
    @Flag(help: "An interpreter is needed.") var interpreter = false
    @OptionGroup var output: OutputOptions

    func run() throws {
      // The date's shape is checked here so the message names the option that was typed.
      let dob = try ArgumentValue.date(self.dob, option: "--dob")
      let (_, store, user) = try loggedIn()
      let person = try store.addPerson(
        familyReference: reference,
        PersonDraft(
          givenName: given, familyName: familyName, dateOfBirth: dob.description, expected: expected,
          sex: sex,
          relationship: relationship, nhsNumber: nhs, firstLanguage: firstLanguage,
          interpreterNeeded: interpreter),
        as: user)
      if output.json {
        return try JSONOutput.print(
          [
            "reference": person.reference, "name": person.fullName,
            "relationship": person.relationship.rawValue,
          ])
      }
      Terminal.print(
        "Added \(person.relationship.rawValue) \(person.reference) (\(Sanitizer.visible(person.fullName))) to \(ReferenceCode.normalise(reference))"
      )
    }
  }
}
