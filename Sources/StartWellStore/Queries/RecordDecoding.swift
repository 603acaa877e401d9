import Foundation
import GRDB
import StartWellCore

/// Row → domain value. Unknown enum values (from a newer terminal) fall back
/// to a safe default rather than failing the whole screen.
///
/// Every accessor reads the raw `DatabaseValue` and converts it without
/// trapping: a value of the wrong type in a column (written by an older
/// version, or by hand) reads as empty instead of crashing the login.
extension Row {
  func text(_ column: String) -> String? { (self[column] as DatabaseValue).asText }
  func date(_ column: String) -> Date? { text(column).flatMap(Timestamp.parse) }
  func day(_ column: String) -> LocalDate? { text(column).flatMap(LocalDate.init) }
  func flag(_ column: String) -> Bool { (self[column] as DatabaseValue).asInt == 1 }
  func value<E: RawRepresentable>(_ column: String, default d: E) -> E where E.RawValue == String {
    text(column).flatMap(E.init(rawValue:)) ?? d
  }
  func strings(_ column: String) -> [String] {
    text(column).flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) } ?? []
  }

  var meta: RecordMeta {
    var m = RecordMeta(
      id: self["id"], at: date("created_at") ?? .distantPast, authorID: self["author_id"] ?? "")
    m.updatedAt = date("updated_at") ?? m.createdAt
    m.deleted = flag("deleted")
    return m
  }
}

extension User {
  init(row: Row) {
    self.init(
      id: row.text("id") ?? "", username: row.text("username") ?? "",
      displayName: row.text("display_name") ?? "",
      role: row.value("role", default: .practitioner), hubs: row.strings("hubs"), active: row.flag("active"))
  }
}

extension Family {
  init(row: Row) {
    self.init(
      meta: row.meta, reference: row["reference"], name: row["name"], address: row["address"],
      postcode: row["postcode"], hubID: row["hub_id"], sdfID: row["sdf_id"],
      consent: (row["consent"] as String?).flatMap(Consent.init(rawValue:)),
      consentDate: row.day("consent_date"),
      leadUserID: row["lead_user_id"])
  }
}

extension Person {
  init(row: Row) {
    self.init(
      meta: row.meta, reference: row["reference"], familyID: row["family_id"], givenName: row["given_name"],
      familyName: row["family_name"],
      dateOfBirth: row.day("date_of_birth") ?? LocalDate(year: 2000, month: 1, day: 1)!,
      expected: row.flag("expected"), sex: row.value("sex", default: .unknown),
      relationship: row.value("relationship", default: .other), nhsNumber: row["nhs_number"],
      firstLanguage: row["first_language"], interpreterNeeded: row.flag("interpreter_needed"),
      sendStatus: row.flag("send_status"), ehcp: row.flag("ehcp"), flags: row.strings("flags"))
  }
}

extension Case {
  init(row: Row) {
    self.init(
      meta: row.meta, familyID: row["family_id"], status: row.value("status", default: .open),
      openedOn: row.day("opened_on") ?? LocalDate(year: 2000, month: 1, day: 1)!,
      closedOn: row.day("closed_on"),
      closureReason: row["closure_reason"], level: row.value("level", default: .universal),
      leadUserID: row["lead_user_id"], nextReview: row.day("next_review"),
      flaggedForHuddle: row.flag("flagged_for_huddle"))
  }
}

extension Contact {
  init(row: Row) {
    self.init(
      meta: row.meta, familyID: row["family_id"], practitionerID: row["practitioner_id"],
      at: row.date("at") ?? .distantPast, type: row["type"], summary: row["summary"], notes: row["notes"],
      significant: row.flag("significant"), followUp: row.day("follow_up"),
      followUpDone: row.flag("follow_up_done"),
      presentPersonIDs: row.strings("present"),
      inError: row.hasColumn("in_error") && row.flag("in_error"),
      errorReason: row.hasColumn("error_reason") ? row.text("error_reason") : nil,
      approach: row.hasColumn("approach") ? row.text("approach") : nil)
  }
}

extension Escalation {
  init(row: Row) {
    self.init(
      meta: row.meta, reference: row["reference"], familyID: row["family_id"], caseID: row["case_id"],
      fromLevel: row.value("from_level", default: .universal),
      toLevel: row.value("to_level", default: .universal),
      reason: row["reason"], urgency: row.value("urgency", default: .routine), raisedBy: row["raised_by"],
      raisedAt: row.date("raised_at") ?? .distantPast, status: row.value("status", default: .raised),
      acknowledgedBy: row.text("acknowledged_by"), acknowledgedAt: row.date("acknowledged_at"),
      acknowledgedNote: row.text("acknowledged_note"),
      decidedBy: row.text("decided_by"), decidedAt: row.date("decided_at"),
      decisionNote: row.text("decision_note"))
  }
}

extension Referral {
  init(row: Row) {
    let raw = (row["status_dates"] as String?) ?? "{}"
    let texts = (try? JSONDecoder().decode([String: String].self, from: Data(raw.utf8))) ?? [:]
    self.init(
      meta: row.meta, reference: row["reference"], familyID: row["family_id"], personID: row["person_id"],
      service: row["service"], reason: row["reason"], consentRecorded: row.flag("consent_recorded"),
      status: row.value("status", default: .draft), statusDates: texts.compactMapValues(Timestamp.parse),
      outcome: row["outcome"],
      unsuccessfulReason: (row["unsuccessful_reason"] as String?).flatMap(UnsuccessfulReason.init))
  }
}

extension DevelopmentRecord {
  init(row: Row) {
    self.init(
      meta: row.meta, personID: row["person_id"], familyID: row["family_id"], term: row["term"],
      recordedOn: row.day("recorded_on") ?? LocalDate(year: 2000, month: 1, day: 1)!,
      wellComm: row.value("wellcomm", default: .green),
      communication: row.value("communication", default: .onTrack),
      physical: row.value("physical", default: .onTrack),
      personalSocialEmotional: row.value("personal_social_emotional", default: .onTrack),
      literacy: (row["literacy"] as String?).flatMap(EYFSRating.init),
      maths: (row["maths"] as String?).flatMap(EYFSRating.init), setting: row["setting"] ?? "",
      notes: row["notes"])
  }
}

extension CaseAction {
  init(row: Row) {
    self.init(
      meta: row.meta, familyID: row["family_id"], caseID: row["case_id"], huddleItemID: row["huddle_item_id"],
      description: row["description"], ownerID: row["owner_id"],
      due: row.day("due") ?? LocalDate(year: 2000, month: 1, day: 1)!,
      status: row.value("status", default: .open), doneAt: row.date("done_at"), doneBy: row["done_by"],
      doneNote: row.text("done_note"))
  }
}

extension Huddle {
  init(row: Row) {
    self.init(
      meta: row.meta, hubID: row.text("hub_id") ?? "", sdfID: row.text("sdf_id"),
      date: row.day("date") ?? LocalDate(year: 2000, month: 1, day: 1)!, attendees: row.strings("attendees"),
      leadID: row.text("lead_id"), status: row.flag("closed") ? .closed : .open,
      closedAt: row.date("closed_at"), closedBy: row.text("closed_by"))
  }
}

extension HuddleItem {
  init(row: Row) {
    self.init(
      meta: row.meta, huddleID: row.text("huddle_id") ?? "", familyID: row.text("family_id") ?? "",
      caseID: row.text("case_id") ?? "", discussion: row.text("discussion") ?? "",
      decision: row.text("decision") ?? "", position: (row["position"] as DatabaseValue).asInt ?? 0,
      state: row.value("state", default: .pending), origin: row.strings("origin"))
  }
}
