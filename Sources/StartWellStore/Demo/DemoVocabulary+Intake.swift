/// The words the demo's notifications and two-year offer lists are made from.
extension DemoVocabulary {
  /// Referring midwives, with their unit.
  static let midwives = [
    "Jo Hargreaves, St James's community midwives", "Priya Desai, LGI antenatal clinic",
    "Ruth Ackroyd, Seacroft midwifery team", "Aoife Kelly, Chapel Allerton midwives",
    "Grace Mensah, LGI antenatal clinic", "Helen Sutcliffe, Wharfedale midwives",
  ]

  static let practices = [
    "Moorside Medical Practice", "Hillfoot Surgery", "Brookfield Health Centre", "Riverside GP Group",
    "Parkview Family Practice", "Ashgrove Surgery", "Canalside Medical Centre", "Highfield Health",
    "Market Street Surgery",
  ]

  static let gpSummaries: [String: [String]] = [
    "development": ["Few words at 2; parents worried", "Not yet walking at 18 months"],
    "parenting": ["Parents asking for help with sleep and routines", "First-time parent struggling to cope"],
    "maternal-mental-health": ["Mum low since the birth; on the waiting list for talking therapy"],
    "health": ["Frequent chest infections; missed immunisations"],
    "housing": ["Family in temporary accommodation; damp"],
    "other": ["Grandparent caring for children; asks for support"],
  ]

  /// What a person triaging writes beside the decision.
  static let triageNotes = [
    "", "", "Matched by NHS number and date of birth.", "Known to the hub; key worker informed.",
    "Name spelt differently by the sender; checked against the family's details.",
    "Discussed with the huddle lead before attaching.",
  ]

  /// The police force's prefix on an Operation Encompass reference.
  static let policeForce = "WY"
}
