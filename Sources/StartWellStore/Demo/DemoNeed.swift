import StartWellCore

/// How often the demo's risk factors occur in a family, by the level of its
/// case: families at targeted and specialist levels carry more of them, and
/// carry them together, as they do in the service. The demo's risk bands
/// come from these rates through the records they make (notifications, the
/// two-year offer) and the factors, never by setting a band.
struct DemoNeed {
  /// Added to a child's chance of SEND.
  var send: Double
  /// For a child listed for the two-year offer, the chance the place is not taken up.
  var offerNotTaken: Double
  /// A domestic abuse notification about the household's oldest child.
  var domesticAbuse: Double
  /// For an antenatal notification about an expecting mother, the chance it
  /// carries a high-risk criterion.
  var antenatal: Double
  /// A concern a practitioner flagged by hand.
  var concernByHand: Double
  /// Contacts stopped three to eight months ago.
  var disengaged: Double

  static func of(_ level: CaseLevel) -> DemoNeed {
    switch level {
    case .universal:
      DemoNeed(
        send: 0.14, offerNotTaken: 0.3, domesticAbuse: 0.05, antenatal: 0.3, concernByHand: 0.2,
        disengaged: 0.15)
    case .earlyHelp:
      DemoNeed(
        send: 0.22, offerNotTaken: 0.4, domesticAbuse: 0.18, antenatal: 0.5, concernByHand: 0.35,
        disengaged: 0.2)
    case .targeted:
      DemoNeed(
        send: 0.25, offerNotTaken: 0.45, domesticAbuse: 0.30, antenatal: 0.7, concernByHand: 0.40,
        disengaged: 0.25)
    case .specialist:
      DemoNeed(
        send: 0.3, offerNotTaken: 0.5, domesticAbuse: 0.45, antenatal: 0.8, concernByHand: 0.5,
        disengaged: 0.25)
    }
  }
}
