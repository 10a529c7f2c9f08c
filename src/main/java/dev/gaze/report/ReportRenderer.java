package dev.gaze.report;

import dev.gaze.aggregate.ActivationStats;
import dev.gaze.aggregate.AttentionRows;
import dev.gaze.aggregate.ConfusionCell;
import dev.gaze.findings.ConfusedClassesDetector;
import dev.gaze.findings.Finding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The report's entry point: draws the heatmaps of every tap and the confusion matrix as PNGs and
 * writes the {@code index.html} that shows them. Runs on the driver, headless; the output depends
 * only on the arguments.
 */
public final class ReportRenderer {

  /** The confusion matrix's file name inside the report folder. */
  public static final String CONFUSION_FILE = "confusion.png";

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private ReportRenderer() {}

  /**
   * Renders the report into {@code reportDir} (created if missing; files of the same names are
   * replaced). Per tap, in {@code ctx.taps()} order then by name: {@code tap-NN-<name>-spatial.png}
   * (per-class mean maps), {@code -channels.png} (class x channel means) and {@code -dead.png}
   * (dead channels), each left out where the tap's rows do not allow it; then {@value
   * #CONFUSION_FILE} when {@code confusion} is not empty; then {@code index.html}.
   *
   * @param reportDir the folder to write into
   * @param ctx what the report says about the run
   * @param stats the rows of the {@code activation_stats} table
   * @param confusion the rows of the {@code confusion} table, possibly empty
   * @return the files written, in the order above, {@code index.html} last
   * @throws IllegalArgumentException if the rows are inconsistent (array lengths that do not match
   *     the shape, one tap with two shapes, a class twice in one tap, negative ids in {@code
   *     confusion})
   * @throws IOException if a file cannot be written
   */
  public static List<Path> render(
      Path reportDir, ReportContext ctx, List<ActivationStats> stats, List<ConfusionCell> confusion)
      throws IOException {
    return render(reportDir, ctx, stats, confusion, List.of(), false);
  }

  /**
   * Renders the report as {@link #render(Path, ReportContext, List, List)} does, with the page
   * opening on {@code findings} (in their order) and, for each {@code confused_classes} finding,
   * the two classes' maps side by side per tap ({@code pair-NN-tap-NN-<name>.png}, written after
   * the confusion matrix); then, when {@code pdf}, {@value PdfReport#FILE_NAME} with the same
   * content, after {@code index.html}.
   *
   * @param findings the findings to show, most severe first
   * @param pdf whether to write the PDF too
   * @return the files written, {@code index.html} and then the PDF last
   */
  public static List<Path> render(
      Path reportDir,
      ReportContext ctx,
      List<ActivationStats> stats,
      List<ConfusionCell> confusion,
      List<Finding> findings,
      boolean pdf)
      throws IOException {
    return render(reportDir, ctx, stats, confusion, findings, pdf, null);
  }

  /**
   * Renders the report as {@link #render(Path, ReportContext, List, List, List, boolean)} does and,
   * when {@code attention} is given, the attention figures (after the pairs) and {@value
   * AttentionReport#PAGE} (after {@code index.html}, which links it and where the attention
   * findings link into it); the PDF then ends with the attention pages.
   *
   * @param attention the attention tables' rows, or null for a model without attention taps
   */
  public static List<Path> render(
      Path reportDir,
      ReportContext ctx,
      List<ActivationStats> stats,
      List<ConfusionCell> confusion,
      List<Finding> findings,
      boolean pdf,
      AttentionInputs attention)
      throws IOException {
    List<TapRows> taps = TapRows.group(stats, ctx.taps());
    ClassTable table = ClassTable.of(ctx, taps, confusion, attention);
    List<Integer> shown = table.figureClasses(findings);
    Optional<ConfusionMatrix> matrix =
        confusion.isEmpty()
            ? Optional.empty()
            : Optional.of(
                table.large()
                    ? ConfusionMatrix.over(confusion, ConfusionPage.figureClasses(table))
                    : ConfusionMatrix.of(confusion, ctx.classNames().size()));
    Files.createDirectories(reportDir);
    Colormap colormap = Colormap.viridis();
    PngWriter png = new PngWriter(reportDir);
    List<TapFigures> figures = new ArrayList<>();
    List<Path> pages = new ArrayList<>();
    for (int i = 0; i < taps.size(); i++) {
      TapRows tap = taps.get(i);
      TapRows drawn = table.large() ? tap.only(shown) : tap;
      String stem = FileNames.tapStem(i, tap.tap());
      Optional<String> spatial =
          png.writeIf(
              tap.height() * tap.width() > 0,
              stem + "-spatial.png",
              () -> new SpatialGridChart(drawn, colormap).render());
      Optional<String> channels =
          png.writeIf(
              !drawn.classRows().isEmpty() && tap.channels() > 0,
              stem + "-channels.png",
              () -> new ChannelHeatmapChart(drawn, colormap).render());
      Optional<String> dead =
          png.writeIf(
              tap.datasetWide().isPresent() && tap.channels() > 0,
              stem + "-dead.png",
              () -> new DeadChannelChart(tap).render());
      Optional<String> fullSet = Optional.empty();
      if (table.large() && !tap.classRows().isEmpty()) {
        pages.addAll(GridPages.write(reportDir, ctx, table, i, tap));
        fullSet = Optional.of(GridPages.first(i, tap));
      }
      figures.add(new TapFigures(tap, spatial, channels, dead, fullSet));
    }
    Optional<String> confusionFile =
        png.writeIf(
            matrix.isPresent() && matrix.get().rows() > 0,
            CONFUSION_FILE,
            () -> new ConfusionMatrixChart(matrix.get(), ctx.classNames(), colormap).render());
    List<PairFigures> pairs = pairFigures(ctx, findings, taps, attention, colormap, png);
    Optional<AttentionFigures> attentionFigures =
        attention == null
            ? Optional.empty()
            : Optional.of(
                AttentionReport.figures(
                    ctx, attention, table.large() ? only(attention, shown) : attention, png));
    List<Path> written = new ArrayList<>(png.written());
    written.addAll(pages);
    written.addAll(
        ClassPages.write(
            reportDir, ctx, table, taps, findings, attention, attentionFigures.isPresent()));
    if (matrix.isPresent()) {
      written.add(ConfusionPage.write(reportDir, ctx, table, confusionFile));
    }
    Shown view = new Shown(table, shown);
    written.add(
        HtmlReport.write(
            reportDir,
            ctx,
            figures,
            matrix,
            confusionFile,
            findings,
            pairs,
            attentionFigures,
            view));
    if (attentionFigures.isPresent()) {
      written.add(AttentionReport.page(reportDir, ctx, attentionFigures.get(), view));
    }
    if (pdf) {
      written.add(
          PdfReport.write(
              reportDir,
              ctx,
              findings,
              figures,
              matrix,
              confusionFile,
              pairs,
              attentionFigures,
              view));
    }
    return List.copyOf(written);
  }

  /** The attention rows of the classes {@code ids} (and the dataset-wide ones). */
  private static AttentionInputs only(AttentionInputs in, List<Integer> ids) {
    java.util.Set<Integer> keep = new java.util.HashSet<>(ids);
    return new AttentionInputs(
        in.stats().stream().filter(s -> s.classId() < 0 || keep.contains(s.classId())).toList(),
        in.rollout().stream().filter(r -> r.classId() < 0 || keep.contains(r.classId())).toList(),
        in.headPairs(),
        in.classImages().stream().filter(c -> keep.contains(c.classId())).toList());
  }

  private static List<PairFigures> pairFigures(
      ReportContext ctx,
      List<Finding> findings,
      List<TapRows> taps,
      AttentionInputs attention,
      Colormap colormap,
      PngWriter png)
      throws IOException {
    List<PairFigures> pairs = new ArrayList<>();
    for (Finding f : findings) {
      if (!f.kind().equals(ConfusedClassesDetector.KIND)) {
        continue;
      }
      com.fasterxml.jackson.databind.JsonNode evidence = EvidenceLinks.parse(f);
      int a = evidence.path("class_a").asInt(-1);
      int b = evidence.path("class_b").asInt(-1);
      int index = pairs.size();
      List<PairFigures.Panel> panels = new ArrayList<>();
      for (int t = 0; t < taps.size(); t++) {
        TapRows tap = taps.get(t);
        Optional<ActivationStats> rowA = classRow(tap, a);
        Optional<ActivationStats> rowB = classRow(tap, b);
        if (tap.height() * tap.width() == 0 || rowA.isEmpty() || rowB.isEmpty()) {
          continue;
        }
        TapRows two =
            new TapRows(
                tap.tap(),
                tap.channels(),
                tap.height(),
                tap.width(),
                List.of(rowA.get(), rowB.get()),
                Optional.empty());
        String file =
            String.format(
                java.util.Locale.ROOT,
                "pair-%02d-%s.png",
                index + 1,
                FileNames.tapStem(t, tap.tap()));
        png.writeIf(true, file, () -> new SpatialGridChart(two, colormap).render());
        panels.add(new PairFigures.Panel(tap.tap(), file, false));
      }
      if (attention != null) {
        panels.addAll(attentionPanels(ctx, attention, index, a, b, png));
      }
      pairs.add(new PairFigures(index, f, a, b, List.copyOf(panels)));
    }
    return pairs;
  }

  /**
   * Per attention tap, the two classes' class-token maps (every head and the head mean) side by
   * side on the block's colour scale for the pair: {@code pair-NN-attn-NN-<tap>.png}.
   */
  private static List<PairFigures.Panel> attentionPanels(
      ReportContext ctx, AttentionInputs attention, int index, int a, int b, PngWriter png)
      throws IOException {
    Map<String, List<AttentionRows.Stats>> byTap = new LinkedHashMap<>();
    for (String tap : ctx.taps()) {
      for (AttentionRows.Stats s : attention.stats()) {
        if (s.tap().equals(tap) && (s.classId() == a || s.classId() == b)) {
          // Columns 0 and 1 of the chart: the pair's lower class, then the higher.
          byTap
              .computeIfAbsent(tap, k -> new ArrayList<>())
              .add(s.withClassId(s.classId() == a ? 0 : 1));
        }
      }
    }
    List<String> names = List.of(nameOf(ctx, a), nameOf(ctx, b));
    List<PairFigures.Panel> panels = new ArrayList<>();
    int t = 0;
    for (Map.Entry<String, List<AttentionRows.Stats>> e : byTap.entrySet()) {
      List<AttentionRows.Stats> rows = e.getValue();
      int heads = rows.stream().mapToInt(AttentionRows.Stats::head).max().orElse(-1) + 1;
      boolean both =
          rows.stream().anyMatch(r -> r.classId() == 0)
              && rows.stream().anyMatch(r -> r.classId() == 1);
      String file =
          String.format(
              java.util.Locale.ROOT,
              "pair-%02d-attn-%s.png",
              index + 1,
              FileNames.tapStem(t++, e.getKey()));
      Optional<String> written =
          png.writeIf(
              both && heads > 0,
              file,
              () -> new AttentionMapsChart(e.getKey(), rows, heads, names).render());
      written.ifPresent(f -> panels.add(new PairFigures.Panel(e.getKey(), f, true)));
    }
    return panels;
  }

  private static String nameOf(ReportContext ctx, int classId) {
    return classId >= 0 && classId < ctx.classNames().size()
        ? ctx.classNames().get(classId)
        : "class " + classId;
  }

  private static Optional<ActivationStats> classRow(TapRows tap, int classId) {
    return tap.classRows().stream().filter(r -> r.classId() == classId).findFirst();
  }
}
