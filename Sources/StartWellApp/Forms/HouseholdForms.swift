import StartWellCore
import StartWellStore
import TerminalUI

/// Forms for a family's household details and for moving it to another hub.
enum HouseholdForms {
  static func editFamily(detail d: FamilyDetail, config: Configuration) -> FormState {
    let fam = d.family
    var form = CaseForms.form(
      .editFamily, d, title: "Edit \(fam.name)'s details",
      [
        FormField("address", "Address", .text(TextField(text: fam.address, maxLength: Limits.address))),
        FormField("postcode", "Postcode", .text(TextField(text: fam.postcode, maxLength: 10))),
        FormField(
          "sdf", "SDF", .choice(sdfChoices(config.hub(fam.hubID)), selected: 0), hint: "in \(fam.hubID)"),
      ])
    form.setChoice("sdf", to: fam.sdfID ?? "")
    form.settle()
    return form
  }

  static func sdfChoices(_ hub: Hub?) -> [Choice] {
    [Choice(id: "", name: "(none)")] + (hub?.sdfs ?? []).map { Choice(id: $0.id, name: $0.name) }
  }

  /// The SDF chosen, nil for none.
  static func sdf(_ form: FormState) -> String? {
    let id = form.choice("sdf") ?? ""
    return id.isEmpty ? nil : id
  }

  /// Only the details that changed, checked by the rules a new family passes.
  static func editChange(_ form: FormState, detail: FamilyDetail?, config: Configuration) throws(DomainError)
    -> CaseworkChange?
  {
    guard ["address", "postcode", "sdf"].contains(where: form.changed) else { return nil }
    if let fam = detail?.family {
      _ = try FamilyDraft(
        name: fam.name, address: form.text("address"), postcode: form.text("postcode"), hubID: fam.hubID,
        sdfID: sdf(form)
      ).validated(config: config)
    }
    return .editFamily(
      address: form.changed("address") ? form.text("address") : nil,
      postcode: form.changed("postcode") ? form.text("postcode") : nil,
      sdf: form.changed("sdf") ? (form.choice("sdf") ?? "") : nil)
  }

  static func move(detail d: FamilyDetail, config: Configuration) -> FormState {
    let hubs = config.hubs.filter { $0.id != d.family.hubID }.map { Choice(id: $0.id, name: $0.name) }
    var form = CaseForms.form(
      .moveFamily, d,
      title: "Move \(d.family.name) out of \(config.hub(d.family.hubID)?.name ?? d.family.hubID)",
      [
        FormField("hub", "To hub", .choice(hubs, selected: 0), hint: "flagged for that hub's huddle"),
        FormField("sdf", "SDF", .choice([], selected: 0)),
        CaseForms.reasonField("a few words; kept in the audit"),
      ])
    RecordForms.syncSDFs(&form, config: config)
    form.settle()
    return form
  }
}
