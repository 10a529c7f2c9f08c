package dev.gaze.report;

import static dev.gaze.report.HtmlReport.esc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The index page's {@code classes} section: short lists of the worst, most confused and most
 * atypical classes (plain HTML), then the table of every class (name order, with a letter index to
 * jump to a name) linking each class's page. A small inline script, when it runs, adds a filter by
 * name and buttons that re-sort the table; the page works without it, and loads nothing.
 */
final class ClassIndex {

  /** Classes in each short list. */
  static final int SHORT_LIST = 10;

  private static final String SCRIPT =
      """
      (function () {
        var table = document.getElementById('class-table');
        var tools = document.getElementById('class-tools');
        if (!table || !tools) { return; }
        tools.hidden = false;
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        function num(r, k) { var v = parseFloat(r.getAttribute('data-' + k)); return isNaN(v) ? Infinity : v; }
        var orders = {
          name: function (a, b) { return a.getAttribute('data-name') < b.getAttribute('data-name') ? -1 : 1; },
          id: function (a, b) { return num(a, 'id') - num(b, 'id'); },
          accuracy: function (a, b) { return num(a, 'acc') - num(b, 'acc') || num(a, 'id') - num(b, 'id'); },
          confused: function (a, b) { return num(b, 'conf') - num(a, 'conf') || num(a, 'id') - num(b, 'id'); },
          atypical: function (a, b) { return num(b, 'atyp') - num(a, 'atyp') || num(a, 'id') - num(b, 'id'); }
        };
        Array.prototype.forEach.call(tools.querySelectorAll('button[data-order]'), function (button) {
          button.addEventListener('click', function () {
            rows.sort(orders[button.getAttribute('data-order')]);
            var fragment = document.createDocumentFragment();
            rows.forEach(function (r) { fragment.appendChild(r); });
            body.appendChild(fragment);
          });
        });
        var filter = document.getElementById('class-filter');
        filter.addEventListener('input', function () {
          var q = filter.value.trim().toLowerCase();
          rows.forEach(function (r) { r.hidden = q !== '' && r.getAttribute('data-name').indexOf(q) < 0; });
        });
      })();
      """;

  private ClassIndex() {}

  /** Writes the section. */
  static void write(StringBuilder html, ClassTable table, boolean attention) {
    html.append("<section id=\"classes\">\n<h2>Classes</h2>\n<p>")
        .append(table.size())
        .append(" classes. Each name links to the class's page: its maps beside the dataset's,")
        .append(" its channel profile and the classes it is confused with.</p>\n");
    if (table.hasConfusion() || table.rows().stream().anyMatch(r -> r.atypical() != null)) {
      html.append("<div class=\"lists\">\n");
      if (table.hasConfusion()) {
        shortList(html, table, "Worst accuracy", table.byAccuracy(), r -> percent(r.accuracy()));
        shortList(
            html, table, "Most confused", table.byConfusion(), r -> percent(r.confusedShare()));
      }
      shortList(
          html,
          table,
          "Most atypical",
          table.byAtypicality(),
          r -> "z " + ClassPages.z(r.atypicalZ()));
      html.append("</div>\n");
    }
    List<ClassTable.Row> byName = new ArrayList<>(table.rows());
    byName.sort(
        java.util.Comparator.comparing((ClassTable.Row r) -> r.name().toLowerCase(Locale.ROOT))
            .thenComparingInt(ClassTable.Row::id));
    html.append("<p class=\"letters\">");
    String last = "";
    List<String> anchors = new ArrayList<>();
    for (ClassTable.Row r : byName) {
      String letter = letter(r.name());
      if (!letter.equals(last)) {
        anchors.add(letter);
        last = letter;
      }
    }
    for (int i = 0; i < anchors.size(); i++) {
      html.append("<a href=\"#letter-")
          .append(i)
          .append("\">")
          .append(esc(anchors.get(i)))
          .append("</a> ");
    }
    html.append(
            "</p>\n<div id=\"class-tools\" hidden><label>Find a class: <input id=\"class-filter\"")
        .append(" type=\"search\" placeholder=\"part of a name\"></label> Order: ")
        .append("<button data-order=\"name\">name</button> <button data-order=\"id\">id</button> ")
        .append("<button data-order=\"accuracy\">worst accuracy</button> ")
        .append("<button data-order=\"confused\">most confused</button> ")
        .append("<button data-order=\"atypical\">most atypical</button></div>\n")
        .append("<table id=\"class-table\">\n<thead><tr><th>Id</th><th>Name</th><th>Images</th>")
        .append(
            "<th>Accuracy</th><th>Most taken for</th><th>Confused</th><th>Atypicality (z)</th>");
    if (attention) {
      html.append("<th>Border share</th><th>Entropy</th>");
    }
    html.append("</tr></thead>\n<tbody>\n");
    last = "";
    int letterIndex = 0;
    for (ClassTable.Row r : byName) {
      String letter = letter(r.name());
      html.append("<tr");
      if (!letter.equals(last)) {
        html.append(" id=\"letter-").append(letterIndex++).append('"');
        last = letter;
      }
      html.append(" data-id=\"")
          .append(r.id())
          .append("\" data-name=\"")
          .append(esc(r.name().toLowerCase(Locale.ROOT)))
          .append("\" data-acc=\"")
          .append(number(r.accuracy()))
          .append("\" data-conf=\"")
          .append(number(r.confusedShare()))
          .append("\" data-atyp=\"")
          .append(number(r.atypicalZ()))
          .append("\"><td>")
          .append(r.id())
          .append("</td><td>")
          .append(ClassPages.link(table, r.id(), false))
          .append("</td><td>")
          .append(r.images())
          .append("</td><td>")
          .append(percent(r.accuracy()))
          .append("</td><td>");
      if (!r.takenFor().isEmpty()) {
        ClassTable.Count c = r.takenFor().get(0);
        html.append(ClassPages.link(table, c.classId(), false))
            .append(' ')
            .append(percent(c.share()));
      }
      html.append("</td><td>")
          .append(percent(r.confusedShare()))
          .append("</td><td>")
          .append(
              r.atypical() == null
                  ? ""
                  : ClassPages.z(r.atypicalZ()) + " <small>" + esc(r.atypical().tap()) + "</small>")
          .append("</td>");
      if (attention) {
        html.append("<td>")
            .append(fixed(r.border()))
            .append("</td><td>")
            .append(fixed(r.entropy()))
            .append("</td>");
      }
      html.append("</tr>\n");
    }
    html.append("</tbody>\n</table>\n");
    if (table.large()) {
      html.append("<script>\n").append(SCRIPT).append("</script>\n");
    }
    html.append("</section>\n");
  }

  private static void shortList(
      StringBuilder html,
      ClassTable table,
      String title,
      List<ClassTable.Row> ordered,
      Function<ClassTable.Row, String> value) {
    html.append("<div><h3>").append(title).append("</h3>\n<ol>\n");
    int n = 0;
    for (ClassTable.Row r : ordered) {
      if (n++ >= SHORT_LIST) {
        break;
      }
      html.append("<li>")
          .append(ClassPages.link(table, r.id(), false))
          .append(" ")
          .append(esc(value.apply(r)))
          .append("</li>\n");
    }
    html.append("</ol></div>\n");
  }

  private static String letter(String name) {
    if (name.isEmpty()) {
      return "#";
    }
    int cp = name.codePointAt(0);
    return Character.isLetter(cp)
        ? new String(Character.toChars(Character.toUpperCase(cp)))
        : Character.isDigit(cp) ? "0-9" : "#";
  }

  private static String percent(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
  }

  private static String fixed(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
  }

  private static String number(double v) {
    return Double.isNaN(v)
        ? ""
        : Double.isInfinite(v)
            ? (v > 0 ? "1e308" : "-1e308")
            : String.format(Locale.ROOT, "%.4g", v);
  }
}
