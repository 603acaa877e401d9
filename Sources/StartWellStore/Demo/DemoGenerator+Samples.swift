import StartWellCore

extension DemoGenerator {
  /// Now and then, a notification about a member, not held, for the hub's
  /// sample file of its kind: typed a little wrong half the time, so
  /// importing it shows the matcher at work. The first such domestic abuse
  /// row of a hub comes with a copy whose incident date does not exist, so
  /// the import reports a row it refuses.
  mutating func sampleNotifications(_ home: DemoHome) {
    guard rng.chance(0.04), let (n, _) = variant(home, receivedDaysAgo: 0) else { return }
    let path = DemoSamples.notificationsPath(hub: home.hub, kind: n.kind)
    guard samples.wants(path), let kind = config.intake.kind(n.kind) else { return }
    let header = DemoSamples.notificationHeader(kind)
    let row = sampleRow(n, home, kind: kind)
    samples.add(path, header: header, cap: 12, row)
    if n.kind == .domesticAbuse, samples.wantsBadRow(path), let date = header.firstIndex(of: "incident-date")
    {
      var bad = row
      bad[date] = "\(LocalDate(dayNumber: today).year)-02-30"
      samples.add(path, header: header, cap: 12, bad)
      samples.noteBadRow(path)
    }
  }

  /// The first notification triaged in each hub and kind goes into that
  /// kind's sample file exactly as it was received: importing it shows a
  /// notification already held, and adds nothing.
  mutating func repeatSample(_ n: DemoNotification, _ home: DemoHome) {
    let path = DemoSamples.notificationsPath(hub: home.hub, kind: n.kind)
    guard NotificationKind.partners.contains(n.kind), samples.wantsRepeat(path),
      let kind = config.intake.kind(n.kind)
    else { return }
    samples.add(path, header: DemoSamples.notificationHeader(kind), cap: 12, sampleRow(n, home, kind: kind))
    samples.noteRepeat(path)
  }

  /// A notification as a row of its kind's file (`notify import`): a list's
  /// choices separated by ';'.
  private func sampleRow(_ n: DemoNotification, _ home: DemoHome, kind: IntakeKind) -> [String] {
    [
      n.kind.rawValue, n.person.given, n.person.surname, n.person.dob.map(DemoText.day) ?? "", n.nhs ?? "",
      home.postcode, home.address,
    ] + kind.fields.map { n.details[$0.id]?.list.joined(separator: ";") ?? "" }
  }
}
