package dev.gaze.report;

import static dev.gaze.report.HtmlReport.esc;

import dev.gaze.findings.Finding;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The page's opening sections: the findings, most severe first, each with a link to the figure that
 * shows its evidence and its numbers in a collapsed block; then the confused class pairs'
 * side-by-side maps. Every string from the data is escaped.
 */
final class FindingsSection {

  private FindingsSection() {}

  /** The {@code findings} section. */
  static void write(
      StringBuilder html,
      ReportContext ctx,
      List<Finding> findings,
      EvidenceLinks links,
      Shown shown) {
    html.append("<section id=\"findings\">\n<h2>Findings</h2>\n");
    if (findings.isEmpty()) {
      html.append("<p class=\"note\">").append(esc(Captions.NO_FINDINGS)).append("</p>\n");
      html.append("</section>\n");
      return;
    }
    html.append("<p>").append(esc(Captions.FINDINGS)).append("</p>\n");
    html.append("<table class=\"findings\">\n<tr><th>#</th><th>Severity</th><th>Kind</th>")
        .append("<th>Where</th><th>Finding</th><th>Evidence</th></tr>\n");
    for (int i = 0; i < findings.size(); i++) {
      Finding f = findings.get(i);
      Optional<String> href = links.href(f);
      html.append("<tr class=\"finding\" id=\"finding-")
          .append(i + 1)
          .append("\"><td class=\"num\">")
          .append(i + 1)
          .append("</td><td class=\"num sev\">")
          .append(String.format(Locale.ROOT, "%.2f", f.severity()))
          .append("</td><td><code>")
          .append(esc(f.kind()))
          .append("</code></td><td>")
          .append(where(f, ctx, shown))
          .append("</td><td>")
          .append(esc(f.summary()))
          .append("</td><td>");
      href.ifPresent(a -> html.append("<a href=\"").append(esc(a)).append("\">figure</a>"));
      html.append("<details class=\"evidence\"><summary>numbers</summary><code>")
          .append(esc(f.evidence()))
          .append("</code></details></td></tr>\n");
    }
    html.append("</table>\n</section>\n");
  }

  /** The {@code pairs} section, when there are confused pairs with figures. */
  static void pairs(StringBuilder html, ReportContext ctx, List<PairFigures> pairs, Shown shown) {
    if (pairs.stream().allMatch(p -> p.panels().isEmpty())) {
      return;
    }
    html.append("<section id=\"pairs\">\n<h2>Confused class pairs</h2>\n");
    for (PairFigures pair : pairs) {
      if (pair.panels().isEmpty()) {
        continue;
      }
      html.append("<div id=\"")
          .append(pair.anchor())
          .append("\">\n<h3>")
          .append(shown.link(pair.classA()))
          .append(" and ")
          .append(shown.link(pair.classB()))
          .append("</h3>\n<p>")
          .append(esc(pair.finding().summary()))
          .append("</p>\n");
      for (PairFigures.Panel panel : pair.panels()) {
        HtmlReport.figure(
            html,
            panel.file().replaceFirst("\\.png$", ""),
            panel.file(),
            (panel.attention() ? "Class-token attention of " : "Mean spatial maps of tap ")
                + esc(panel.tap())
                + " for the pair",
            "Tap <code>" + esc(panel.tap()) + "</code>. " + esc(panel.caption()));
      }
      html.append("</div>\n");
    }
    html.append("</section>\n");
  }

  /**
   * Where a finding is, as HTML: the tap, the classes it names (links to their pages) and the head;
   * {@code "dataset"} when nowhere in particular.
   */
  static String where(Finding f, ReportContext ctx, Shown shown) {
    List<String> parts = new java.util.ArrayList<>();
    if (!f.tap().isEmpty()) {
      parts.add("tap " + esc(f.tap()));
    }
    List<Integer> classes = ClassPages.classesOf(f);
    if (!classes.isEmpty()) {
      List<String> links = new java.util.ArrayList<>();
      classes.forEach(id -> links.add(shown.link(id)));
      parts.add((classes.size() == 1 ? "class " : "classes ") + String.join(" and ", links));
    }
    if (f.head() >= 0) {
      parts.add("head " + f.head());
    }
    return parts.isEmpty() ? "dataset" : String.join(", ", parts);
  }
}
