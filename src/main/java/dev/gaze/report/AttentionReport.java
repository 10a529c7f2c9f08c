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
 * fraction; written as PNGs and {@value #PAGE}, which {@code index.html} links to and the PDF
 * repeats.
 */
final class AttentionReport {

  /** The page's file name in the report folder. */
  static final String PAGE = "attention.html";

  /** Head pairs whose cosine exceeds this are listed as pruning candidates. */
  static final double REDUNDANT = 0.95;

  private AttentionReport() {}

  /** Draws the attention figures of every class into {@code png}'s folder. */
  static AttentionFigures figures(ReportContext ctx, AttentionInputs in, PngWriter png)
      throws IOException {
    return figures(ctx, in, in, png);
  }

  /**
   * Draws the attention figures into {@code png}'s folder: the per-class figures from {@code drawn}
   * (all classes, or the subset the report shows), the border ranking from {@code all}.
   */
  static AttentionFigures figures(
      ReportContext ctx, AttentionInputs all, AttentionInputs drawn, PngWriter png)
      throws IOException {
    AttentionInputs in = drawn;
    // The charts index their columns by class id: re-key the drawn classes to 0..n-1.
    List<Integer> ids =
        drawn.stats().stream()
            .map(AttentionRows.Stats::classId)
            .filter(c -> c >= 0)
            .distinct()
            .sorted()
            .toList();
    Map<Integer, Integer> rekey = new java.util.HashMap<>();
    List<String> drawnNames = new ArrayList<>();
    for (int id : ids) {
      rekey.put(id, drawnNames.size());
      drawnNames.add(
          id < ctx.classNames().size() ? ctx.classNames().get(id) : Integer.toString(id));
    }
    Map<String, List<AttentionRows.Stats>> byTap = new LinkedHashMap<>();
    for (AttentionRows.Stats s : in.stats()) {
      byTap.computeIfAbsent(s.tap(), t -> new ArrayList<>()).add(s);
    }
    List<String> taps = new ArrayList<>(byTap.keySet());
    taps.sort(Comparator.comparingInt(t -> order(ctx.taps(), t)));
    List<AttentionRows.Stats> wide = new ArrayList<>();
    List<AttentionFigures.Block> blocks = new ArrayList<>();
    int heads = 0;
    int patches = 0;
    for (int i = 0; i < taps.size(); i++) {
      String tap = taps.get(i);
      List<AttentionRows.Stats> rows = byTap.get(tap);
      int h = rows.stream().mapToInt(AttentionRows.Stats::head).max().orElse(-1) + 1;
      heads = Math.max(heads, h);
      patches = rows.get(0).gridH() * rows.get(0).gridW();
      rows.stream().filter(s -> s.classId() < 0).forEach(wide::add);
      List<AttentionRows.Stats> classRows =
          rows.stream()
              .filter(s -> s.classId() >= 0)
              .map(s -> s.withClassId(rekey.get(s.classId())))
              .toList();
      String stem = FileNames.tapStem(i, tap);
      List<String> classes = drawnNames;
      int headCount = h;
      Optional<String> maps =
          png.writeIf(
              !classRows.isEmpty() && h > 0,
              stem + "-attention.png",
              () -> new AttentionMapsChart(tap, classRows, headCount, classes).render());
      List<AttentionRows.HeadPair> tapPairs =
          in.headPairs().stream().filter(p -> p.tap().equals(tap)).toList();
      Optional<String> similarity =
          png.writeIf(
              h > 1,
              stem + "-heads.png",
              () -> new HeadSimilarityChart(tap, tapPairs, headCount).render());
      List<AttentionRows.HeadPair> redundant =
          tapPairs.stream().filter(p -> p.cosine() > REDUNDANT).toList();
      blocks.add(new AttentionFigures.Block(tap, "attn-" + stem, maps, similarity, redundant));
    }
    Optional<String> rollout =
        png.writeIf(
            in.rollout().stream().anyMatch(r -> r.classId() >= 0),
            "attention-rollout.png",
            () -> new RolloutChart(in.rollout(), in.classImages()).render());
    int headCount = heads;
    int patchCount = patches;
    Optional<String> profile =
        png.writeIf(
            !wide.isEmpty(),
            "attention-heads.png",
            () -> new HeadProfileChart(taps, wide, headCount, patchCount).render());
    return new AttentionFigures(
        List.copyOf(blocks), rollout, profile, borderRanking(all.stats(), taps));
  }

  /** Writes {@value #PAGE} into {@code reportDir} and returns its path. */
  static Path page(Path reportDir, ReportContext ctx, AttentionFigures figures) throws IOException {
    return page(reportDir, ctx, figures, null);
  }

  /**
   * Writes {@value #PAGE} as {@link #page(Path, ReportContext, AttentionFigures)} does, naming the
   * classes by links to their pages when {@code shown} is given.
   */
  static Path page(Path reportDir, ReportContext ctx, AttentionFigures figures, Shown shown)
      throws IOException {
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
    for (AttentionFigures.Block block : figures.blocks()) {
      html.append("<section id=\"")
          .append(HtmlReport.esc(block.anchor()))
          .append("\">\n<h2>Block <code>")
          .append(HtmlReport.esc(block.tap()))
          .append("</code></h2>\n");
      block
          .maps()
          .ifPresent(
              f ->
                  figure(
                      html,
                      f,
                      "class-token attention per head and class",
                      Captions.ATTENTION_MAPS));
      block
          .similarity()
          .ifPresent(f -> figure(html, f, "head similarity", Captions.HEAD_SIMILARITY));
      html.append("<p>").append(HtmlReport.esc(pruning(block))).append("</p>\n");
      html.append("</section>\n");
    }
    html.append(
        "<section id=\"" + AttentionFigures.ROLLOUT_ANCHOR + "\">\n<h2>Attention rollout</h2>\n");
    if (figures.rollout().isPresent()) {
      figure(html, figures.rollout().get(), "attention rollout per class", Captions.ROLLOUT);
    } else {
      html.append("<p class=\"note\">")
          .append(HtmlReport.esc(Captions.NO_ROLLOUT))
          .append("</p>\n");
    }
    html.append("</section>\n");
    html.append(
        "<section id=\""
            + AttentionFigures.PROFILE_ANCHOR
            + "\">\n<h2>Entropy and distance per head</h2>\n");
    figures
        .profile()
        .ifPresent(
            f ->
                figure(
                    html,
                    f,
                    "entropy and attention distance per head and block",
                    Captions.HEAD_PROFILE));
    html.append("</section>\n");
    if (shown != null && shown.subset()) {
      html.append("<p class=\"note\">")
          .append(HtmlReport.esc(Captions.SUBSET))
          .append(" Each class's own attention maps are on its page.</p>\n");
    }
    borderTable(html, figures, shown);
    html.append("</body>\n</html>\n");
    Path page = reportDir.resolve(PAGE);
    Files.writeString(page, html.toString(), StandardCharsets.UTF_8);
    return page;
  }

  /** The block's pruning candidates as a sentence. */
  static String pruning(AttentionFigures.Block block) {
    String head = "Pruning candidates (pairs of heads with cosine above " + REDUNDANT + "): ";
    if (block.redundant().isEmpty()) {
      return head + "none.";
    }
    List<String> names = new ArrayList<>();
    for (AttentionRows.HeadPair p : block.redundant()) {
      names.add(format("heads %d and %d (%.3f)", p.headA(), p.headB(), p.cosine()));
    }
    return head + String.join(", ", names) + ".";
  }

  /** Classes ranked by the head mean's border fraction, averaged over blocks. */
  private static List<AttentionFigures.BorderRank> borderRanking(
      List<AttentionRows.Stats> stats, List<String> taps) {
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
    List<AttentionFigures.BorderRank> ranks = new ArrayList<>();
    perClass.forEach(
        (c, v) -> ranks.add(new AttentionFigures.BorderRank(c, names.get(c), mean(v), v)));
    ranks.sort(Comparator.comparingDouble(r -> -r.mean()));
    return List.copyOf(ranks);
  }

  private static void borderTable(StringBuilder html, AttentionFigures figures, Shown shown) {
    html.append(
            "<section id=\""
                + AttentionFigures.BORDER_ANCHOR
                + "\">\n<h2>Classes ranked by border fraction</h2>\n")
        .append("<p>")
        .append(HtmlReport.esc(Captions.BORDER))
        .append("</p>\n<table>\n<tr><th>rank</th><th>class</th><th>mean over blocks</th>");
    for (AttentionFigures.Block b : figures.blocks()) {
      html.append("<th><code>").append(HtmlReport.esc(b.tap())).append("</code></th>");
    }
    html.append("</tr>\n");
    List<AttentionFigures.BorderRank> ranks = figures.border();
    for (int i = 0; i < ranks.size(); i++) {
      AttentionFigures.BorderRank r = ranks.get(i);
      html.append("<tr><td class=\"num\">")
          .append(i + 1)
          .append("</td><td>")
          .append(
              shown == null || r.classId() < 0
                  ? HtmlReport.esc(r.className())
                  : shown.link(r.classId()))
          .append("</td><td class=\"num\">")
          .append(format("%.3f", r.mean()))
          .append("</td>");
      for (double v : r.perBlock()) {
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
