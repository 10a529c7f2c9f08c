package dev.gaze.report;

import dev.gaze.findings.Finding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.text.StringEscapeUtils;

/**
 * The report's {@code index.html}: one self-contained page (inline CSS, relative image links, no
 * scripts, nothing fetched from the network) that ties the figures together with captions saying
 * how to read them. Every string from the data or the user is HTML-escaped.
 */
final class HtmlReport {

  /** The page's file name inside the report folder. */
  static final String FILE_NAME = "index.html";

  private static final String CSS =
      """
      body{font-family:"DejaVu Sans",system-ui,sans-serif;color:#222;margin:0 auto;
      max-width:1200px;padding:0 24px 48px;line-height:1.45}
      header{border-bottom:2px solid #ddd;margin-bottom:16px}
      h1{font-size:1.6em;margin:24px 0 8px}h2{font-size:1.3em;margin:32px 0 8px;
      border-bottom:1px solid #eee;padding-bottom:4px}
      code{font-family:"DejaVu Sans Mono",monospace;background:#f4f4f4;padding:0 3px;
      overflow-wrap:anywhere}
      table{border-collapse:collapse;margin:8px 0 16px;font-size:.95em}
      th,td{border:1px solid #ccc;padding:4px 10px;text-align:left;vertical-align:top}
      th{background:#f4f4f4}td.num{text-align:right;font-variant-numeric:tabular-nums}
      table.meta th{width:11em}
      table.findings td.sev,table.findings td code{white-space:nowrap;overflow-wrap:normal}tr.finding td{background:#fffdf5}
      details.evidence code{display:block;white-space:pre-wrap;font-size:.85em}
      figure{margin:16px 0 24px}figure img{max-width:100%;height:auto;border:1px solid #eee}
      figcaption{color:#444;font-size:.95em;max-width:60em;margin-top:4px}
      p.note{color:#666;font-style:italic}nav ul{columns:2;padding-left:20px}
      div.lists{display:flex;flex-wrap:wrap;gap:8px 40px}div.lists ol{padding-left:28px;margin:4px 0}
      div.lists h3{font-size:1em;margin:8px 0 0}p.letters a{margin-right:6px}
      #class-table td:nth-child(1),#class-table td:nth-child(3),#class-table td:nth-child(4),
      #class-table td:nth-child(n+6){text-align:right;font-variant-numeric:tabular-nums}
      #class-tools{margin:8px 0}#class-tools input{width:16em}
      """;

  private HtmlReport() {}

  /** The report's style sheet, shared by its pages. */
  static String css() {
    return CSS;
  }

  /** Writes the page into {@code dir} and returns its path. */
  static Path write(
      Path dir,
      ReportContext ctx,
      List<TapFigures> taps,
      Optional<ConfusionMatrix> confusion,
      Optional<String> confusionFile,
      List<Finding> findings,
      List<PairFigures> pairs)
      throws IOException {
    return write(dir, ctx, taps, confusion, confusionFile, findings, pairs, Optional.empty());
  }

  /**
   * Writes the page as {@link #write(Path, ReportContext, List, Optional, Optional, List, List)}
   * does, linking the attention page when there is one.
   */
  static Path write(
      Path dir,
      ReportContext ctx,
      List<TapFigures> taps,
      Optional<ConfusionMatrix> confusion,
      Optional<String> confusionFile,
      List<Finding> findings,
      List<PairFigures> pairs,
      Optional<AttentionFigures> attention)
      throws IOException {
    List<TapRows> rows = taps.stream().map(TapFigures::rows).toList();
    ClassTable table = ClassTable.of(ctx, rows, List.of(), null);
    return write(
        dir,
        ctx,
        taps,
        confusion,
        confusionFile,
        findings,
        pairs,
        attention,
        new Shown(table, table.figureClasses(findings)));
  }

  /**
   * Writes the page as {@link #write(Path, ReportContext, List, Optional, Optional, List, List,
   * Optional)} does, with the class table and class links of {@code shown}.
   */
  static Path write(
      Path dir,
      ReportContext ctx,
      List<TapFigures> taps,
      Optional<ConfusionMatrix> confusion,
      Optional<String> confusionFile,
      List<Finding> findings,
      List<PairFigures> pairs,
      Optional<AttentionFigures> attention,
      Shown shown)
      throws IOException {
    StringBuilder html = new StringBuilder(16_384);
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>")
        .append(esc(ctx.title()))
        .append("</title>\n<style>\n")
        .append(CSS)
        .append("</style>\n</head>\n<body>\n");
    header(html, ctx, taps, shown);
    attention.ifPresent(a -> attentionLink(html, a));
    FindingsSection.write(html, ctx, findings, new EvidenceLinks(taps, pairs, attention), shown);
    FindingsSection.pairs(html, ctx, pairs, shown);
    contents(html, taps, confusion.isPresent(), attention.isPresent());
    summary(html, taps);
    confusion(html, confusion, confusionFile, shown);
    for (int i = 0; i < taps.size(); i++) {
      tap(html, i, taps.get(i), shown);
    }
    ClassIndex.write(html, shown.table(), attention.isPresent());
    html.append("</body>\n</html>\n");
    Path file = dir.resolve(FILE_NAME);
    Files.writeString(file, html, StandardCharsets.UTF_8);
    return file;
  }

  /** {@code s} escaped for HTML text and double-quoted attribute values. */
  static String esc(String s) {
    return StringEscapeUtils.escapeHtml4(s);
  }

  private static void header(
      StringBuilder html, ReportContext ctx, List<TapFigures> taps, Shown shown) {
    html.append("<header>\n<h1>")
        .append(esc(ctx.title()))
        .append("</h1>\n")
        .append("<table class=\"meta\">\n");
    row(html, "Dataset", "<code>" + esc(ctx.dataset()) + "</code>");
    row(html, "Model", "<code>" + esc(ctx.model()) + "</code>");
    row(
        html,
        "Images",
        String.format(
            Locale.ROOT,
            "%d seen, %d analysed, %d failed",
            ctx.imagesSeen(),
            ctx.imagesAnalyzed(),
            ctx.imagesFailed()));
    row(
        html,
        "Classes",
        shown.table().size()
            + " (<a href=\"#classes\">table of classes</a>"
            + (shown.subset()
                ? "; the figures show " + shown.figureClasses().size() + " of them"
                : "")
            + ")");
    row(html, "Taps", String.valueOf(taps.size()));
    html.append(
            "</table>\n<p>Each tap is an intermediate output of the model. For every tap the"
                + " report shows where in the image it responds for each class, which channels"
                + " respond to which class, and which channels never respond at all.</p>\n")
        .append("</header>\n");
  }

  /** The link to the attention page, under the header. */
  private static void attentionLink(StringBuilder html, AttentionFigures attention) {
    html.append("<p id=\"attention\"><strong>Attention:</strong> <a href=\"")
        .append(AttentionReport.PAGE)
        .append("\">per-head class-token maps of ")
        .append(attention.blocks().size())
        .append(" blocks, rollout, head similarity, classes ranked by border fraction</a></p>\n");
  }

  private static void contents(
      StringBuilder html, List<TapFigures> taps, boolean confusion, boolean attention) {
    html.append("<nav>\n<h2>Contents</h2>\n<ul>\n")
        .append("<li><a href=\"#findings\">Findings</a></li>\n");
    if (attention) {
      html.append("<li><a href=\"")
          .append(AttentionReport.PAGE)
          .append("\">Attention (separate page)</a></li>\n");
    }
    html.append("<li><a href=\"#summary\">Dataset-wide numbers per tap</a></li>\n");
    if (confusion) {
      html.append("<li><a href=\"#confusion\">Confusion matrix</a> (and the <a href=\"")
          .append(ConfusionPage.FILE_NAME)
          .append("\">confusion page</a>: the most confused pairs)</li>\n");
    }
    for (int i = 0; i < taps.size(); i++) {
      html.append("<li><a href=\"#")
          .append(anchor(i))
          .append("\">Tap <code>")
          .append(esc(taps.get(i).rows().tap()))
          .append("</code></a></li>\n");
    }
    html.append("<li><a href=\"#classes\">Classes</a></li>\n</ul>\n</nav>\n");
  }

  private static void summary(StringBuilder html, List<TapFigures> taps) {
    html.append("<section id=\"summary\">\n<h2>Dataset-wide numbers per tap</h2>\n");
    if (taps.isEmpty()) {
      html.append("<p class=\"note\">No activation statistics were recorded.</p>\n</section>\n");
      return;
    }
    html.append("<table>\n<tr><th>Tap</th><th>Shape (C x H x W)</th><th>Images</th>")
        .append("<th>Channels</th><th>Dead channels</th><th>Mean zero fraction</th></tr>\n");
    for (int i = 0; i < taps.size(); i++) {
      TapRows rows = taps.get(i).rows();
      html.append("<tr><td><a href=\"#")
          .append(anchor(i))
          .append("\"><code>")
          .append(esc(rows.tap()))
          .append("</code></a></td><td>")
          .append(rows.shape())
          .append("</td><td class=\"num\">")
          .append(rows.images())
          .append("</td><td class=\"num\">")
          .append(rows.channels())
          .append("</td><td class=\"num\">")
          .append(rows.deadChannels().map(String::valueOf).orElse("n/a"))
          .append("</td><td class=\"num\">")
          .append(rows.meanZeroFraction().map(z -> format("%.3f", z)).orElse("n/a"))
          .append("</td></tr>\n");
    }
    html.append(
        "</table>\n<p>A dead channel is never above zero on any image of the dataset."
            + " The zero fraction of a channel is the share of its positions that are"
            + " &lt;= 0, averaged over all images; the last column averages it over the"
            + " channels.</p>\n</section>\n");
  }

  private static void confusion(
      StringBuilder html, Optional<ConfusionMatrix> matrix, Optional<String> file, Shown shown) {
    if (matrix.isEmpty()) {
      return;
    }
    ClassTable table = shown.table();
    html.append("<section id=\"confusion\">\n<h2>Confusion matrix</h2>\n<p>Top-1 accuracy: ")
        .append(
            Double.isNaN(table.accuracy())
                ? "n/a (no images)"
                : format("%.1f%%", 100 * table.accuracy())
                    + format(" (%d of %d images)", table.correct(), table.total()))
        .append(". The <a href=\"")
        .append(ConfusionPage.FILE_NAME)
        .append("\">confusion page</a> lists the most confused pairs.</p>\n");
    List<long[]> top = table.topPairs(5);
    if (!top.isEmpty()) {
      html.append("<p>Most confused: ");
      for (int i = 0; i < top.size(); i++) {
        long[] p = top.get(i);
        html.append(i == 0 ? "" : "; ")
            .append(shown.link((int) p[0]))
            .append(" taken for ")
            .append(shown.link((int) p[1]))
            .append(" (")
            .append(p[2])
            .append(p[2] == 1 ? " image)" : " images)");
      }
      html.append(".</p>\n");
    }
    String caption =
        shown.subset()
            ? esc(
                "With more than "
                    + ClassTable.FIGURE_CLASSES
                    + " classes the matrix shows the classes of the most confused pairs ("
                    + matrix.get().rows()
                    + " of "
                    + table.size()
                    + "); each cell is the share of all the true class's images, so a row sums to"
                    + " less than 1 when images went to classes not shown.")
            : esc(Captions.CONFUSION);
    file.ifPresent(f -> figure(html, "confusion-matrix", f, "Confusion matrix", caption));
    html.append("</section>\n");
  }

  private static void tap(StringBuilder html, int index, TapFigures figures, Shown shown) {
    TapRows rows = figures.rows();
    String name = esc(rows.tap());
    html.append("<section id=\"")
        .append(anchor(index))
        .append("\">\n<h2>Tap <code>")
        .append(name)
        .append("</code></h2>\n<p>Shape ")
        .append(rows.shape())
        .append(" (channels x height x width), ")
        .append(rows.images())
        .append(" images, ")
        .append(rows.classRows().size())
        .append(" classes.</p>\n");
    if (figures.fullSet().isPresent()) {
      html.append("<p class=\"note\">").append(esc(Captions.SUBSET)).append(" Shown: ");
      List<Integer> ids = shown.figureClasses();
      for (int i = 0; i < ids.size(); i++) {
        html.append(i == 0 ? "" : ", ").append(shown.link(ids.get(i)));
      }
      html.append(". <a href=\"")
          .append(esc(figures.fullSet().get()))
          .append("\">Every class</a>, ")
          .append(GridPages.PER_PAGE)
          .append(" a page.</p>\n");
    }
    optionalFigure(
        html,
        anchor(index) + "-spatial",
        figures.spatialGrid(),
        "Per-class mean spatial maps of tap " + name,
        esc(Captions.SPATIAL),
        "No spatial map: this tap has no spatial extent or no rows.");
    optionalFigure(
        html,
        anchor(index) + "-channels",
        figures.channelHeatmap(),
        "Class by channel heatmap of tap " + name,
        esc(Captions.CHANNELS),
        "No class by channel heatmap: this tap has no per-class rows or no channels.");
    optionalFigure(
        html,
        anchor(index) + "-dead",
        figures.deadChannels(),
        "Dead channels of tap " + name,
        esc(Captions.DEAD),
        "No dead-channel chart: this tap has no dataset-wide row (class id -1).");
    html.append("</section>\n");
  }

  private static void optionalFigure(
      StringBuilder html,
      String id,
      Optional<String> file,
      String alt,
      String caption,
      String missing) {
    if (file.isPresent()) {
      figure(html, id, file.get(), alt, caption);
    } else {
      html.append("<p class=\"note\">").append(missing).append("</p>\n");
    }
  }

  /** {@code alt} and {@code caption} must already be HTML; {@code id} is a safe anchor. */
  static void figure(StringBuilder html, String id, String file, String alt, String caption) {
    html.append("<figure id=\"")
        .append(id)
        .append("\">\n<a href=\"")
        .append(esc(file))
        .append("\"><img src=\"")
        .append(esc(file))
        .append("\" alt=\"")
        .append(alt)
        .append("\"></a>\n<figcaption>")
        .append(caption)
        .append("</figcaption>\n</figure>\n");
  }

  private static void row(StringBuilder html, String header, String valueHtml) {
    html.append("<tr><th>")
        .append(header)
        .append("</th><td>")
        .append(valueHtml)
        .append("</td></tr>\n");
  }

  private static String anchor(int index) {
    return EvidenceLinks.tapAnchor(index);
  }

  private static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
