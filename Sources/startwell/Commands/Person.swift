import ArgumentParser
import Foundation
import StartWellCore
import StartWellStore
import TerminalUI

struct PersonCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "person", abstract: "Add members to a family, edit them, and record a birth.",
    subcommands: [Add.self, Edit.self, Born.self])

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
      // The form says "expected"; here the word to type is the flag.
      if !expected, dob > store.today {
        throw CLIError("date of birth: \(dob) is in the future; for an unborn child add --expected")
      }
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

/// `yes` or `no` on the command line.
enum YesNo: String, ExpressibleByArgument, CaseIterable {
  case yes, no
  var bool: Bool { self == .yes }
}

extension PersonCommand {
  struct Edit: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "edit", abstract: "Change a person's details.",
      discussion: """
        Only the details named change. The result is checked like a new person: a real date of birth, \
        not in the future, a valid NHS number. An expected child's birth is recorded with `person born`.
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The person's reference.") var reference: String
    @Option(help: "Given name.") var given: String?
    @Option(name: .customLong("family-name"), help: "Family name.") var familyName: String?
    @Option(help: "Date of birth (YYYY-MM-DD).") var dob: String?
    @Option(help: "female, male or unknown.") var sex: Sex?
    @Option(help: "NHS number (10 digits; the check digit is verified).") var nhs: String?
    @Option(help: "Special educational needs: yes or no.") var send: YesNo?
    @Option(help: "An education, health and care plan: yes or no.") var ehcp: YesNo?
    @Option(help: "First language.") var language: String?
    @Option(help: "An interpreter is needed: yes or no.") var interpreter: YesNo?
    @OptionGroup var output: OutputOptions

    func run() throws {
      let dob = try self.dob.map { try ArgumentValue.date($0, option: "--dob").description }
      let (_, store, user) = try loggedIn()
      let person = try store.editPerson(
        reference: reference,
        PersonChanges(
          givenName: given, familyName: familyName, dateOfBirth: dob, sex: sex, nhsNumber: nhs,
          firstLanguage: language, interpreterNeeded: interpreter?.bool, sendStatus: send?.bool,
          ehcp: ehcp?.bool),
        as: user)
      if output.json { return try JSONOutput.print(PersonJSON(person)) }
      Terminal.print("Updated \(person.reference) (\(Sanitizer.visible(person.fullName))).")
    }
  }

  struct Born: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "born", abstract: "Record that an expected child has been born.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The expected child's reference.") var reference: String
    @Option(help: "Date of birth (YYYY-MM-DD), today or earlier.") var dob: String
    @Option(help: "female, male or unknown.") var sex: Sex?
    @OptionGroup var output: OutputOptions

    func run() throws {
      let dob = try ArgumentValue.date(self.dob, option: "--dob")
      let (_, store, user) = try loggedIn()
      let person = try store.personBorn(
        reference: reference, dateOfBirth: dob.description, sex: sex, as: user)
      if output.json { return try JSONOutput.print(PersonJSON(person)) }
      Terminal.print("Recorded the birth of \(person.reference) on \(person.dateOfBirth).")
    }
  }
}

struct PersonJSON: Encodable {
  var id: String
  var reference: String
  var familyId: String
  var givenName: String
  var familyName: String
  var dateOfBirth: String
  var expected: Bool
  var sex: String
  var relationship: String
  @Null var nhsNumber: String?
  @Null var firstLanguage: String?
  var interpreterNeeded: Bool
  var send: Bool
  var ehcp: Bool

  init(_ p: Person) {
    id = p.meta.id
    reference = p.reference
    familyId = p.familyID
    givenName = p.givenName
    familyName = p.familyName
    dateOfBirth = p.dateOfBirth.description
    expected = p.expected
    sex = p.sex.rawValue
    relationship = p.relationship.rawValue
    nhsNumber = p.nhsNumber
    firstLanguage = p.firstLanguage
    interpreterNeeded = p.interpreterNeeded
    send = p.sendStatus
    ehcp = p.ehcp
  }
}
