package dev.gaze.report;

import static dev.gaze.report.HtmlReport.esc;

import dev.gaze.aggregate.AttentionAggregation;
import dev.gaze.aggregate.AttentionRows;
import dev.gaze.findings.Finding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One page per class in {@value #DIR}/: its numbers, the findings that name it, its mean map per
 * tap beside the dataset's and the difference with its channel profile over the dataset's, the
 * classes it is taken for and that are taken for it with their maps beside its own, and for an
 * attention model its heads' class-token maps, rollout and border share per block.
 */
final class ClassPages {

  /** The folder of the class pages and their figures, inside the report folder. */
  static final String DIR = "classes";

  /** Threads drawing class pages: the driver's cores, at most 4. */
  static final int THREADS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

  /** How many confused classes the side-by-side figure shows beside the class. */
  static final int COMPARED = 3;

  private ClassPages() {}

  /** Writes every class's page and figures under {@code reportDir/classes/}; returns the files. */
  static List<Path> write(
      Path reportDir,
      ReportContext ctx,
      ClassTable table,
      List<TapRows> taps,
      List<Finding> findings,
      AttentionInputs attention,
      boolean attentionPage)
      throws IOException {
    Path dir = reportDir.resolve(DIR);
    Files.createDirectories(dir);
    Colormap colormap = Colormap.viridis();
    Map<Integer, List<Integer>> named = new HashMap<>();
    for (int i = 0; i < findings.size(); i++) {
      for (int id : classesOf(findings.get(i))) {
        named.computeIfAbsent(id, k -> new ArrayList<>()).add(i);
      }
    }
    Map<Integer, Map<String, List<AttentionRows.Stats>>> attentionByClass = new HashMap<>();
    Map<Integer, AttentionRows.Rollout> rollout = new HashMap<>();
    Map<Integer, AttentionRows.ClassImage> images = new HashMap<>();
    List<String> attentionTaps = new ArrayList<>();
    if (attention != null) {
      for (AttentionRows.Stats s : attention.stats()) {
        if (s.classId() >= 0) {
          attentionByClass
              .computeIfAbsent(s.classId(), k -> new LinkedHashMap<>())
              .computeIfAbsent(s.tap(), k -> new ArrayList<>())
              .add(s);
        }
        if (!attentionTaps.contains(s.tap())) {
          attentionTaps.add(s.tap());
        }
      }
      attentionTaps.sort(java.util.Comparator.comparingInt(t -> order(ctx.taps(), t)));
      attention.rollout().stream()
          .filter(r -> r.classId() >= 0)
          .forEach(r -> rollout.put(r.classId(), r));
      attention.classImages().forEach(i -> images.put(i.classId(), i));
    }
    List<java.util.concurrent.Callable<List<Path>>> tasks = new ArrayList<>();
    for (ClassTable.Row row : table.rows()) {
      tasks.add(
          () -> {
            PngWriter png = new PngWriter(dir);
            String stem = String.format(Locale.ROOT, "class-%05d", row.id());
            Optional<String> maps =
                png.writeIf(
                    taps.stream()
                        .anyMatch(
                            t -> t.classRows().stream().anyMatch(r -> r.classId() == row.id())),
                    stem + "-maps.png",
                    () -> ClassMapsChart.profile(taps, row.id(), row.name(), colormap).render());
            List<Integer> compared = compared(row);
            List<String> titles = new ArrayList<>();
            titles.add(row.name());
            for (int i = 1; i < compared.size(); i++) {
              titles.add(table.name(compared.get(i)));
            }
            Optional<String> confused =
                png.writeIf(
                    compared.size() > 1
                        && maps.isPresent()
                        && taps.stream().anyMatch(t -> t.height() * t.width() > 0),
                    stem + "-confused.png",
                    () -> ClassMapsChart.compared(taps, compared, titles, colormap).render());
            List<String[]> attentionFigures = new ArrayList<>();
            Map<String, List<AttentionRows.Stats>> own =
                attentionByClass.getOrDefault(row.id(), Map.of());
            for (int t = 0; t < attentionTaps.size(); t++) {
              String tap = attentionTaps.get(t);
              List<AttentionRows.Stats> rows =
                  own.getOrDefault(tap, List.of()).stream().map(s -> s.withClassId(0)).toList();
              int heads = rows.stream().mapToInt(AttentionRows.Stats::head).max().orElse(-1) + 1;
              Optional<String> f =
                  png.writeIf(
                      heads > 0,
                      stem + "-" + FileNames.tapStem(t, tap) + "-attention.png",
                      () -> new AttentionMapsChart(tap, rows, heads, List.of(row.name())).render());
              f.ifPresent(name -> attentionFigures.add(new String[] {tap, name}));
            }
            AttentionRows.Rollout r = rollout.get(row.id());
            Optional<String> rolloutFile =
                png.writeIf(
                    r != null,
                    stem + "-rollout.png",
                    () ->
                        new RolloutChart(
                                List.of(r),
                                images.containsKey(row.id())
                                    ? List.of(images.get(row.id()))
                                    : List.of())
                            .render());
            String html =
                page(
                    ctx,
                    table,
                    row,
                    findings,
                    named.getOrDefault(row.id(), List.of()),
                    maps,
                    confused,
                    compared,
                    attentionFigures,
                    own,
                    rolloutFile,
                    attentionPage);
            Path file = dir.resolve(stem + ".html");
            Files.writeString(file, html, StandardCharsets.UTF_8);
            List<Path> files = new ArrayList<>(png.written());
            files.add(file);
            return files;
          });
    }
    return runAll(tasks);
  }

  /**
   * Runs the per-class tasks on up to {@link #THREADS} threads (each class's figures and page are
   * independent) and returns their files in class order, so the output depends only on the input.
   */
  private static List<Path> runAll(List<java.util.concurrent.Callable<List<Path>>> tasks)
      throws IOException {
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(THREADS);
    try {
      List<java.util.concurrent.Future<List<Path>>> futures = pool.invokeAll(tasks);
      List<Path> all = new ArrayList<>();
      for (java.util.concurrent.Future<List<Path>> f : futures) {
        all.addAll(f.get());
      }
      return all;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while writing the class pages", e);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** The class ids a finding names: its class, or both classes of a confused pair. */
  static List<Integer> classesOf(Finding f) {
    Set<Integer> ids = new LinkedHashSet<>();
    if (f.classId() >= 0) {
      ids.add(f.classId());
    }
    com.fasterxml.jackson.databind.JsonNode e = EvidenceLinks.parse(f);
    for (String key : List.of("class_a", "class_b")) {
      if (e.has(key) && e.get(key).asInt(-1) >= 0) {
        ids.add(e.get(key).asInt());
      }
    }
    return List.copyOf(ids);
  }

  /** A link to class {@code id}'s page from a page {@code depth} folders below the report's. */
  static String link(ClassTable table, int id, boolean fromClassPage) {
    ClassTable.Row row = table.row(id);
    if (row == null) {
      return esc("#" + id);
    }
    return "<a href=\""
        + esc(fromClassPage ? ClassTable.page(id).substring(DIR.length() + 1) : ClassTable.page(id))
        + "\">"
        + esc(row.name())
        + "</a>";
  }

  private static List<Integer> compared(ClassTable.Row row) {
    Set<Integer> ids = new LinkedHashSet<>();
    ids.add(row.id());
    int i = 0;
    while (ids.size() <= COMPARED && (i < row.takenFor().size() || i < row.takenForIt().size())) {
      if (i < row.takenFor().size()) {
        ids.add(row.takenFor().get(i).classId());
      }
      if (ids.size() <= COMPARED && i < row.takenForIt().size()) {
        ids.add(row.takenForIt().get(i).classId());
      }
      i++;
    }
    return List.copyOf(ids);
  }

  private static String page(
      ReportContext ctx,
      ClassTable table,
      ClassTable.Row row,
      List<Finding> findings,
      List<Integer> findingIndices,
      Optional<String> maps,
      Optional<String> confused,
      List<Integer> compared,
      List<String[]> attentionFigures,
      Map<String, List<AttentionRows.Stats>> attention,
      Optional<String> rollout,
      boolean attentionPage) {
    StringBuilder html = new StringBuilder(8192);
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
        .append(esc(row.name()))
        .append(": ")
        .append(esc(ctx.title()))
        .append("</title>\n<style>\n")
        .append(HtmlReport.css())
        .append("</style>\n</head>\n<body>\n<header>\n<p><a href=\"../index.html\">Report</a>")
        .append(" &middot; <a href=\"../index.html#classes\">all classes</a>")
        .append(
            table.hasConfusion()
                ? " &middot; <a href=\"../" + ConfusionPage.FILE_NAME + "\">confusion</a>"
                : "")
        .append(
            attentionPage
                ? " &middot; <a href=\"../" + AttentionReport.PAGE + "\">attention</a>"
                : "");
    if (row.id() > 0) {
      html.append(" &middot; previous: ").append(link(table, row.id() - 1, true));
    }
    if (row.id() + 1 < table.size()) {
      html.append(" &middot; next: ").append(link(table, row.id() + 1, true));
    }
    html.append("</p>\n<h1>Class <code>")
        .append(esc(row.name()))
        .append("</code></h1>\n</header>\n<section id=\"numbers\">\n<table class=\"meta\">\n");
    meta(html, "Class id", String.valueOf(row.id()));
    meta(html, "Images", String.valueOf(row.images()));
    meta(
        html,
        "Top-1 accuracy",
        Double.isNaN(row.accuracy())
            ? "n/a"
            : format("%.1f%% (%d of %d)", 100 * row.accuracy(), row.correct(), row.classified()));
    if (row.atypical() != null) {
      meta(
          html,
          "Atypicality",
          format(
              "robust z %s at tap <code>%s</code> (%s), distance %.3f, median over classes %.3f",
              z(row.atypical().z()),
              esc(row.atypical().tap()),
              row.atypical().measure().equals("map") ? "mean map" : "channel profile",
              row.atypical().distance(),
              row.atypical().median()));
    }
    if (!Double.isNaN(row.border())) {
      meta(html, "Border share", format("%.3f (head mean, averaged over blocks)", row.border()));
    }
    if (!Double.isNaN(row.entropy())) {
      meta(
          html,
          "Attention entropy",
          format("%.3f (head mean, averaged over blocks)", row.entropy()));
    }
    html.append("</table>\n</section>\n");
    if (!findingIndices.isEmpty()) {
      html.append("<section id=\"findings\">\n<h2>Findings that name this class</h2>\n<ul>\n");
      for (int i : findingIndices) {
        Finding f = findings.get(i);
        html.append("<li><a href=\"../index.html#finding-")
            .append(i + 1)
            .append("\"><code>")
            .append(esc(f.kind()))
            .append("</code></a>: ")
            .append(esc(f.summary()))
            .append("</li>\n");
      }
      html.append("</ul>\n</section>\n");
    }
    html.append("<section id=\"maps\">\n<h2>Mean maps and channel profile per tap</h2>\n");
    if (maps.isPresent()) {
      HtmlReport.figure(
          html,
          "maps-figure",
          maps.get(),
          "Mean maps of " + esc(row.name()),
          esc(Captions.CLASS_MAPS));
    } else {
      html.append("<p class=\"note\">No activation statistics for this class.</p>\n");
    }
    html.append("</section>\n<section id=\"confusions\">\n<h2>Confusions</h2>\n");
    if (!table.hasConfusion()) {
      html.append("<p class=\"note\">No confusion table.</p>\n");
    } else {
      counts(html, table, "Its images are taken for", row.takenFor(), "of its images");
      counts(html, table, "Taken for it", row.takenForIt(), "of theirs");
      if (confused.isPresent()) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i < compared.size(); i++) {
          names.add(link(table, compared.get(i), true));
        }
        HtmlReport.figure(
            html,
            "confused-figure",
            confused.get(),
            "Mean maps of " + esc(row.name()) + " and the classes it is confused with",
            esc(Captions.CLASS_COMPARED) + " Shown beside it: " + String.join(", ", names) + ".");
      }
    }
    html.append("</section>\n");
    if (!attentionFigures.isEmpty() || rollout.isPresent()) {
      html.append("<section id=\"attention\">\n<h2>Attention</h2>\n");
      html.append("<table>\n<tr><th>Block</th><th>Border share</th><th>Entropy</th></tr>\n");
      attention.forEach(
          (tap, rows) ->
              rows.stream()
                  .filter(s -> s.head() == AttentionAggregation.HEAD_MEAN)
                  .forEach(
                      s ->
                          html.append("<tr><td><code>")
                              .append(esc(tap))
                              .append("</code></td><td class=\"num\">")
                              .append(format("%.3f", s.borderFraction()))
                              .append("</td><td class=\"num\">")
                              .append(format("%.3f", s.entropyMean()))
                              .append("</td></tr>\n")));
      html.append("</table>\n");
      for (String[] f : attentionFigures) {
        HtmlReport.figure(
            html,
            "attention-" + FileNames.safe(f[0]),
            f[1],
            "Class-token attention of " + esc(row.name()) + " at " + esc(f[0]),
            esc(Captions.ATTENTION_MAPS));
      }
      rollout.ifPresent(
          f ->
              HtmlReport.figure(
                  html,
                  "rollout",
                  f,
                  "Attention rollout of " + esc(row.name()),
                  esc(Captions.ROLLOUT)));
      html.append("</section>\n");
    }
    html.append("</body>\n</html>\n");
    return html.toString();
  }

  private static void counts(
      StringBuilder html,
      ClassTable table,
      String heading,
      List<ClassTable.Count> counts,
      String of) {
    html.append("<h3>").append(heading).append("</h3>\n");
    if (counts.isEmpty()) {
      html.append("<p class=\"note\">No class.</p>\n");
      return;
    }
    html.append("<table>\n<tr><th>Class</th><th>Images</th><th>Share ")
        .append(of)
        .append("</th></tr>\n");
    for (ClassTable.Count c : counts) {
      html.append("<tr><td>")
          .append(link(table, c.classId(), true))
          .append("</td><td class=\"num\">")
          .append(c.images())
          .append("</td><td class=\"num\">")
          .append(Double.isNaN(c.share()) ? "n/a" : format("%.1f%%", 100 * c.share()))
          .append("</td></tr>\n");
    }
    html.append("</table>\n");
  }

  private static void meta(StringBuilder html, String header, String valueHtml) {
    html.append("<tr><th>")
        .append(header)
        .append("</th><td>")
        .append(valueHtml)
        .append("</td></tr>\n");
  }

  static String z(double z) {
    if (Double.isNaN(z)) {
      return "n/a";
    }
    if (Double.isInfinite(z)) {
      return z > 0 ? "inf" : "-inf";
    }
    // no "-0.0" for a z that rounds to zero
    return format("%.1f", Math.abs(z) < 0.05 ? 0.0 : z);
  }

  private static int order(List<String> taps, String tap) {
    int i = taps.indexOf(tap);
    return i < 0 ? Integer.MAX_VALUE : i;
  }

  private static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
