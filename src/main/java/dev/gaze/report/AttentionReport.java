package dev.gaze.report;

import dev.gaze.aggregate.AttentionAggregation;
import dev.gaze.aggregate.AttentionRows;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The attention part of a report, for models with attention taps: per block the heads x classes
 * class-token maps and the head-similarity matrix with its pruning candidates, the per-class
 * rollout over mean images, the entropy and distance per head, and the classes ranked by border
 * fraction; written as PNGs and {@value #PAGE}, which {@code index.html} links to.
 */
public final class AttentionReport {

  /** The page's file name in the report folder. */
  public static final String PAGE = "attention.html";

  /** Head pairs whose cosine exceeds this are listed as pruning candidates. */
  public static final double REDUNDANT = 0.95;

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private AttentionReport() {}

  /**
   * Writes the figures and {@value #PAGE} into {@code reportDir}, and a link to the page into its
   * {@code index.html} when there is one.
   *
   * @return the files written, the page last
   */
  public static List<Path> render(
      Path reportDir,
      ReportContext ctx,
      List<AttentionRows.Stats> stats,
      List<AttentionRows.Rollout> rollout,
      List<AttentionRows.HeadPair> pairs,
      List<AttentionRows.ClassImage> images)
      throws IOException {
    Files.createDirectories(reportDir);
    PngWriter png = new PngWriter(reportDir);
    Map<String, List<AttentionRows.Stats>> byTap = new LinkedHashMap<>();
    for (AttentionRows.Stats s : stats) {
      byTap.computeIfAbsent(s.tap(), t -> new ArrayList<>()).add(s);
    }
    List<String> taps = new ArrayList<>(byTap.keySet());
    taps.sort(Comparator.comparingInt(t -> order(ctx.taps(), t)));
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        .append(HtmlReport.esc(ctx.title()))
        .append(": attention</title>\n<style>")
        .append(HtmlReport.css())
        .append("</style>\n</head>\n<body>\n<header><h1>Attention of <code>")
        .append(HtmlReport.esc(ctx.model()))
        .append("</code></h1>\n<p><a href=\"index.html\">Back to the report</a>. Dataset <code>")
        .append(HtmlReport.esc(ctx.dataset()))
        .append("</code>, ")
        .append(ctx.imagesAnalyzed())
        .append(" images analysed.</p></header>\n");

    List<AttentionRows.Stats> wide = new ArrayList<>();
    int heads = 0;
    int patches = 0;
    for (int i = 0; i < taps.size(); i++) {
      String tap = taps.get(i);
      List<AttentionRows.Stats> rows = byTap.get(tap);
      int h = rows.stream().mapToInt(AttentionRows.Stats::head).max().orElse(-1) + 1;
      heads = Math.max(heads, h);
      patches = rows.get(0).gridH() * rows.get(0).gridW();
      rows.stream().filter(s -> s.classId() < 0).forEach(wide::add);
      List<AttentionRows.Stats> classRows = rows.stream().filter(s -> s.classId() >= 0).toList();
      String stem = FileNames.tapStem(i, tap);
      List<String> classes = classNames(ctx, classRows);
      int headCount = h;
      Optional<String> maps =
          png.writeIf(
              !classRows.isEmpty() && h > 0,
              stem + "-attention.png",
              () -> new AttentionMapsChart(tap, classRows, headCount, classes).render());
      List<AttentionRows.HeadPair> tapPairs =
          pairs.stream().filter(p -> p.tap().equals(tap)).toList();
      Optional<String> similarity =
          png.writeIf(
              h > 1,
              stem + "-heads.png",
              () -> new HeadSimilarityChart(tap, tapPairs, headCount).render());
      html.append("<section id=\"")
          .append(HtmlReport.esc(stem))
          .append("\">\n<h2>Block <code>")
          .append(HtmlReport.esc(tap))
          .append("</code></h2>\n");
      maps.ifPresent(
          f ->
              figure(
                  html,
                  f,
                  "class-token attention per head and class",
                  "Per class (columns) and head (rows; the head mean last), the class token's"
                      + " attention over the patch grid, mean over the class's images. One colour"
                      + " scale for the block; darker is more attention."));
      similarity.ifPresent(
          f ->
              figure(
                  html,
                  f,
                  "head similarity",
                  "Mean over all images of the cosine similarity of two heads' class-token maps."));
      List<AttentionRows.HeadPair> redundant =
          tapPairs.stream().filter(p -> p.cosine() > REDUNDANT).toList();
      html.append("<p>Pruning candidates (pairs of heads with cosine above ")
          .append(REDUNDANT)
          .append("): ");
      if (redundant.isEmpty()) {
        html.append("none.</p>\n");
      } else {
        List<String> names = new ArrayList<>();
        for (AttentionRows.HeadPair p : redundant) {
          names.add(format("heads %d and %d (%.3f)", p.headA(), p.headB(), p.cosine()));
        }
        html.append(String.join(", ", names)).append(".</p>\n");
      }
      html.append("</section>\n");
    }

    Optional<String> rolloutFile =
        png.writeIf(
            rollout.stream().anyMatch(r -> r.classId() >= 0),
            "attention-rollout.png",
            () -> new RolloutChart(rollout, images).render());
    html.append("<section id=\"rollout\">\n<h2>Attention rollout</h2>\n");
    if (rolloutFile.isPresent()) {
      figure(
          html,
          rolloutFile.get(),
          "attention rollout per class",
          "Per class, the rollout (head-averaged attention, 0.5A + 0.5I with rows renormalised,"
              + " multiplied from the first block to the last; the class token's row over the"
              + " patches) averaged over the class's images, blended over the class's mean input"
              + " image.");
    } else {
      html.append("<p class=\"note\">No rollout: not every block's attention was analysed.</p>\n");
    }
    html.append("</section>\n");

    int headCount = heads;
    int patchCount = patches;
    Optional<String> profile =
        png.writeIf(
            !wide.isEmpty(),
            "attention-heads.png",
            () -> new HeadProfileChart(taps, wide, headCount, patchCount).render());
    html.append("<section id=\"profile\">\n<h2>Entropy and distance per head</h2>\n");
    profile.ifPresent(
        f ->
            figure(
                html,
                f,
                "entropy and attention distance per head and block",
                "Low entropy: the class token concentrates on few patches. Distance: how far, in"
                    + " patches, a patch's attention reaches on average."));
    html.append("</section>\n");
    borderTable(html, ctx, stats, taps);
    html.append("</body>\n</html>\n");
    Path page = reportDir.resolve(PAGE);
    Files.writeString(page, html.toString(), StandardCharsets.UTF_8);
    linkFromIndex(reportDir.resolve("index.html"));
    List<Path> written = new ArrayList<>(png.written());
    written.add(page);
    return List.copyOf(written);
  }

  /** Classes ranked by the head mean's border fraction, averaged over blocks; per block beside. */
  private static void borderTable(
      StringBuilder html, ReportContext ctx, List<AttentionRows.Stats> stats, List<String> taps) {
    Map<Integer, double[]> perClass = new LinkedHashMap<>();
    Map<Integer, String> names = new LinkedHashMap<>();
    for (AttentionRows.Stats s : stats) {
      if (s.head() != AttentionAggregation.HEAD_MEAN || s.classId() < 0) {
        continue;
      }
      perClass.computeIfAbsent(s.classId(), c -> new double[taps.size()])[taps.indexOf(s.tap())] =
          s.borderFraction();
      names.put(s.classId(), s.className());
    }
    List<Integer> ranked = new ArrayList<>(perClass.keySet());
    ranked.sort(Comparator.comparingDouble((Integer c) -> -mean(perClass.get(c))));
    html.append("<section id=\"border\">\n<h2>Classes ranked by border fraction</h2>\n")
        .append("<p>The share of the class token's attention (head mean) that falls on the outer")
        .append(" ring of patches. A class that looks at the border more than the others may be")
        .append(" recognised by its background or by marks near the edge.</p>\n")
        .append("<table>\n<tr><th>rank</th><th>class</th><th>mean over blocks</th>");
    for (String t : taps) {
      html.append("<th><code>").append(HtmlReport.esc(t)).append("</code></th>");
    }
    html.append("</tr>\n");
    for (int i = 0; i < ranked.size(); i++) {
      int c = ranked.get(i);
      html.append("<tr><td class=\"num\">")
          .append(i + 1)
          .append("</td><td>")
          .append(HtmlReport.esc(names.get(c)))
          .append("</td><td class=\"num\">")
          .append(format("%.3f", mean(perClass.get(c))))
          .append("</td>");
      for (double v : perClass.get(c)) {
        html.append("<td class=\"num\">").append(format("%.3f", v)).append("</td>");
      }
      html.append("</tr>\n");
    }
    html.append("</table>\n</section>\n");
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return v.length == 0 ? 0 : s / v.length;
  }

  /** Inserts a link to the attention page at the top of {@code index.html}'s body. */
  private static void linkFromIndex(Path index) throws IOException {
    if (!Files.exists(index)) {
      return;
    }
    String html = Files.readString(index, StandardCharsets.UTF_8);
    if (html.contains("href=\"" + PAGE + "\"")) {
      return;
    }
    String link =
        "<p><strong>Attention:</strong> <a href=\""
            + PAGE
            + "\">per-head class-token maps, rollout, head similarity, border fraction</a></p>\n";
    int at = html.indexOf("</header>");
    html =
        at < 0
            ? html.replace("<body>", "<body>\n" + link)
            : html.substring(0, at) + link + html.substring(at);
    Files.writeString(index, html, StandardCharsets.UTF_8);
  }

  private static List<String> classNames(ReportContext ctx, List<AttentionRows.Stats> rows) {
    int n =
        Math.max(
            ctx.classNames().size(), rows.stream().mapToInt(s -> s.classId() + 1).max().orElse(0));
    List<String> names = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      names.add(i < ctx.classNames().size() ? ctx.classNames().get(i) : Integer.toString(i));
    }
    return names;
  }

  private static int order(List<String> taps, String tap) {
    int i = taps.indexOf(tap);
    return i < 0 ? Integer.MAX_VALUE : i;
  }

  private static void figure(StringBuilder html, String file, String alt, String caption) {
    html.append("<figure>\n<a href=\"")
        .append(HtmlReport.esc(file))
        .append("\"><img src=\"")
        .append(HtmlReport.esc(file))
        .append("\" alt=\"")
        .append(HtmlReport.esc(alt))
        .append("\"></a>\n<figcaption>")
        .append(HtmlReport.esc(caption))
        .append("</figcaption>\n</figure>\n");
  }

  private static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
