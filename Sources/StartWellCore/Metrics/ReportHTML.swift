import Foundation

/// The report as one self-contained HTML file, for a hub manager to email
/// to the partnership board: the same figures as the other formats, each
/// with its rule sentence, bar charts and sparklines as inline SVG, no
/// scripts and nothing fetched from anywhere (the page's own content
/// security policy forbids it). The file leaves the store, so small
/// numbers are suppressed here, whatever the caller passed.
public enum ReportHTML {
  public static func render(_ report: MetricsReport) -> String {
    let r = report.suppressingSmallNumbers()
    var html = head(r)
    html += "<body>\n" + header(r)
    for section in r.sections { html += self.section(section) }
    html += footer(r) + "</body>\n</html>\n"
    return html
  }

  static func head(_ r: MetricsReport) -> String {
    """
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>\(escape(title(r)))</title>
    <style>\(ReportHTMLStyle.css)</style>
    </head>

    """
  }

  static func title(_ r: MetricsReport) -> String {
    "StartWell metrics report: \(r.scope.label), \(r.from) to \(r.to)"
  }

  static func header(_ r: MetricsReport) -> String {
    """
    <header>
    <h1>StartWell metrics report</h1>
    <p class="scope">\(escape(r.scope.label)) · \(r.from) to \(r.to) (both days counted) · figures as of \(r.asOf)</p>
    <p class="note">Every figure is given with the rule that made it. \
    \(escape(ReportFigureText.suppressedLegend(smallNumber: r.smallNumber))).</p>
    </header>\n
    """
  }

  static func footer(_ r: MetricsReport) -> String {
    "<footer><p>Made by StartWell on \(r.asOf). Hubs counted: "
      + escape(r.scope.hubs.isEmpty ? "none" : r.scope.hubs.joined(separator: ", ")) + ".</p></footer>\n"
  }

  static func section(_ s: ReportSection) -> String {
    var html = "<section id=\"\(escape(s.id.rawValue))\">\n<h2>\(escape(s.title))</h2>\n"
    if let note = s.note { html += "<p class=\"section-note\">\(escape(note))</p>\n" }
    for metric in s.metrics { html += self.metric(metric) }
    return html + "</section>\n"
  }

  static func metric(_ m: Metric) -> String {
    var html = "<article class=\"metric\" id=\"\(escape(m.id))\">\n<h3>\(escape(m.title))</h3>\n"
    html += "<p class=\"figure\">\(escape(FigureText.summary(m.figure)))"
    html += "</p>\n<p class=\"rule\"><span class=\"rule-label\">Rule:</span> \(escape(m.rule))</p>\n"
    let trend = ReportFigureText.trend(m)
    if trend.count > 1 { html += ReportSVG.sparkline(trend, title: m.title) }
    if !m.breakdown.isEmpty {
      html += "<div class=\"chart\">" + ReportSVG.bars(m.breakdown, title: m.title) + "</div>\n"
      html += table(m)
    }
    return html + "</article>\n"
  }

  /// The breakdown as a table: the numbers are text, so they print, copy
  /// and read aloud where the chart cannot.
  static func table(_ m: Metric) -> String {
    let by = escape(breakdownTitle(m) ?? "")
    var html =
      "<table>\n<thead><tr><th scope=\"col\">\(by)</th><th scope=\"col\">Figure</th></tr></thead>\n<tbody>\n"
    for row in m.breakdown {
      html +=
        "<tr><th scope=\"row\">\(escape(row.label))</th><td>\(escape(FigureText.summary(row.figure)))</td></tr>\n"
    }
    return html + "</tbody>\n</table>\n"
  }

  /// What a metric's rows are split by, for a heading: "Term" for rows
  /// keyed by term, else the dimension's title.
  public static func breakdownTitle(_ m: Metric) -> String? {
    if !ReportFigureText.trend(m).isEmpty { return "Term" }
    return m.dimension.map(dimensionTitle)
  }

  /// The column heading for a breakdown: "Type", "Level / urgency". Read
  /// from the dimension's stable name, so a dimension added later gets a
  /// heading without an edit here.
  public static func dimensionTitle(_ d: BreakdownDimension) -> String {
    let words = d.rawValue.split(separator: "-").map(String.init)
    guard let first = words.first else { return "" }
    return ([first.prefix(1).uppercased() + first.dropFirst()] + words.dropFirst()).joined(separator: " / ")
  }

  /// Text made safe for HTML content and attribute values alike: a family
  /// name or label with `<`, `&` or quotes is shown as written, never read
  /// as markup.
  public static func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for c in text.unicodeScalars {
      switch c {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      // Control characters have no place in the page; they are shown as their code.
      case _ where c.value < 0x20 && c != "\n" && c != "\t", "\u{7F}":
        out += "\\u{\(String(c.value, radix: 16))}"
      default: out.unicodeScalars.append(c)
      }
    }
    return out
  }
}
