/// The impact of approaches as report metrics: one per approach, so every
/// format (text, CSV, JSON, HTML, the report screen) shows it as it shows
/// the others, with the small-number rule applied to its counts alike.
///
/// - The figure is the takers' improved share over the groups large enough
///   to compare, with the count behind it.
/// - The rows are per comparable group (hub, starting band, age band): one
///   for the children who took part and one for the similar children who
///   did not, each a share with its counts; a group too small to compare
///   has one row that says so and gives no rate.
public enum ImpactMetrics {
  /// What a row or figure says where no rate is given.
  public static let tooSmall = "too small to compare"
  public static let noneLargeEnough = "no group large enough to compare"
  public static let noTakers = "no child took part in these terms"

  public static func metric(_ impact: ApproachImpact, minimumGroup: Int) -> Metric {
    let definition = MetricCatalogue.impact(impact.approach, minimumGroup: minimumGroup)
    return Metric(
      definition: definition, figure: figure(impact), dimension: .group,
      breakdown: impact.groups.flatMap(rows))
  }

  static func figure(_ impact: ApproachImpact) -> Figure {
    let takers = Set(impact.takers.childIDs).count
    switch impact.rates {
    case .rates:
      var f = Figure.share(
        impact.comparedTakers.improved, of: impact.comparedTakers.children, children: takers)
      f.unit = .children
      return f
    case .tooSmall:
      return takers == 0 ? .noted(noTakers) : .noted(noneLargeEnough, children: takers)
    }
  }

  static func rows(_ g: ImpactGroup) -> [BreakdownRow] {
    let key = "\(g.hubID)/\(g.startBand.rawValue)/\(g.ageBand)"
    let group = "\(g.startBand.rawValue), \(g.ageBand), \(g.hubID)"
    guard case .rates = g.rates else {
      return [BreakdownRow(key: key + "/too-small", label: "too small · " + group, figure: .noted(tooSmall))]
    }
    return [
      BreakdownRow(key: key + "/took-part", label: "took part · " + group, figure: share(g.takers)),
      BreakdownRow(key: key + "/similar", label: "similar · " + group, figure: share(g.comparison)),
    ]
  }

  static func share(_ counts: MovementCounts) -> Figure {
    var f = Figure.share(counts.improved, of: counts.children)
    f.unit = .children
    return f
  }
}
