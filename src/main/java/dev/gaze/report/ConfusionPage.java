package dev.gaze.report;

import static dev.gaze.report.HtmlReport.esc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@value #FILE_NAME}: the most confused class pairs (true class, predicted class) with links to
 * both classes' pages, and the confusion figure (the whole matrix up to {@link
 * ClassTable#FIGURE_CLASSES} classes, else the matrix over the classes of the top pairs).
 */
final class ConfusionPage {

  /** The page's file name in the report folder. */
  static final String FILE_NAME = "confusion.html";

  /** How many pairs the page lists. */
  static final int PAIRS = 100;

  /** How many top pairs pick the classes of the matrix figure beyond the threshold. */
  static final int FIGURE_PAIRS = 12;

  private ConfusionPage() {}

  /**
   * The class ids of the matrix figure beyond the threshold: the classes of the most confused
   * pairs, at most {@link ClassTable#FIGURE_CLASSES}.
   */
  static List<Integer> figureClasses(ClassTable table) {
    java.util.Set<Integer> ids = new java.util.TreeSet<>();
    for (long[] p : table.topPairs(ClassTable.PAIRS_KEPT)) {
      if (ids.size() + 2 > ClassTable.FIGURE_CLASSES) {
        break;
      }
      ids.add((int) p[0]);
      ids.add((int) p[1]);
    }
    return List.copyOf(ids);
  }

  /** Writes the page and returns its path. */
  static Path write(Path dir, ReportContext ctx, ClassTable table, Optional<String> figure)
      throws IOException {
    StringBuilder html = new StringBuilder(32_768);
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        .append(esc(ctx.title()))
        .append(": confusion</title>\n<style>\n")
        .append(HtmlReport.css())
        .append(
            "</style>\n</head>\n<body>\n<header>\n<p><a href=\"index.html\">Back to the report</a>")
        .append(
            " &middot; <a href=\"index.html#classes\">all classes</a></p>\n<h1>Confusion</h1>\n<p>")
        .append(
            Double.isNaN(table.accuracy())
                ? "No images."
                : String.format(
                    Locale.ROOT,
                    "Top-1 accuracy %.1f%% (%d of %d images) over %d classes.",
                    100 * table.accuracy(),
                    table.correct(),
                    table.total(),
                    table.size()))
        .append("</p>\n</header>\n");
    List<long[]> pairs = table.topPairs(PAIRS);
    html.append("<section id=\"pairs\">\n<h2>Most confused pairs</h2>\n");
    if (pairs.isEmpty()) {
      html.append("<p class=\"note\">No image was taken for another class.</p>\n");
    } else {
      html.append("<p>The ")
          .append(pairs.size())
          .append(" most frequent confusions, most images first: the true class, the class its")
          .append(" images were predicted as, and the share of the true class's images.</p>\n")
          .append("<table>\n<tr><th>#</th><th>True class</th><th>Taken for</th><th>Images</th>")
          .append("<th>Share</th></tr>\n");
      for (int i = 0; i < pairs.size(); i++) {
        long[] p = pairs.get(i);
        ClassTable.Row row = table.row((int) p[0]);
        long of = row == null ? 0 : row.classified();
        html.append("<tr><td class=\"num\">")
            .append(i + 1)
            .append("</td><td>")
            .append(ClassPages.link(table, (int) p[0], false))
            .append("</td><td>")
            .append(ClassPages.link(table, (int) p[1], false))
            .append("</td><td class=\"num\">")
            .append(p[2])
            .append("</td><td class=\"num\">")
            .append(of == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100.0 * p[2] / of))
            .append("</td></tr>\n");
      }
      html.append("</table>\n");
    }
    html.append("</section>\n");
    if (figure.isPresent()) {
      html.append("<section id=\"matrix\">\n<h2>Matrix</h2>\n");
      String caption =
          table.large()
              ? "The matrix over the classes of the most confused pairs ("
                  + figureClasses(table).size()
                  + " of "
                  + table.size()
                  + " classes); each cell is the share of all the true class's images, so a"
                  + " row sums to less than 1 when images went to classes not shown."
              : Captions.CONFUSION;
      HtmlReport.figure(html, "confusion-matrix", figure.get(), "Confusion matrix", esc(caption));
      html.append("</section>\n");
    }
    html.append("</body>\n</html>\n");
    Path file = dir.resolve(FILE_NAME);
    Files.writeString(file, html, StandardCharsets.UTF_8);
    return file;
  }
}
