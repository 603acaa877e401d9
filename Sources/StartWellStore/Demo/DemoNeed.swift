import StartWellCore

/// How often the demo's risk factors occur in a family, by the level of its
/// case: families at targeted and specialist levels carry more of them, and
/// carry them together, as they do in the service. The demo's risk bands
/// come from these rates through the factors, never by setting a band.
struct DemoNeed {
  /// Added to a child's chance of SEND.
  var send: Double
  var offerNotTaken: Double
  var domesticAbuse: Double
  /// For a mother who is expecting.
  var antenatal: Double
  /// A concern a practitioner flagged by hand.
  var concernByHand: Double
  /// Contacts stopped three to eight months ago.
  var disengaged: Double

  static func of(_ level: CaseLevel) -> DemoNeed {
    switch level {
    case .universal:
      DemoNeed(
        send: 0, offerNotTaken: 0.10, domesticAbuse: 0.01, antenatal: 0.2, concernByHand: 0.04,
        disengaged: 0.10)
    case .earlyHelp:
      DemoNeed(
        send: 0.05, offerNotTaken: 0.25, domesticAbuse: 0.07, antenatal: 0.4, concernByHand: 0.15,
        disengaged: 0.18)
    case .targeted:
      DemoNeed(
        send: 0.12, offerNotTaken: 0.35, domesticAbuse: 0.18, antenatal: 0.6, concernByHand: 0.25,
        disengaged: 0.25)
    case .specialist:
      DemoNeed(
        send: 0.15, offerNotTaken: 0.4, domesticAbuse: 0.35, antenatal: 0.7, concernByHand: 0.3,
        disengaged: 0.2)
    }
  }
}
