package dev.gaze.report;

import dev.gaze.aggregate.ActivationStats;
import dev.gaze.aggregate.ConfusionCell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    List<TapRows> taps = TapRows.group(stats, ctx.taps());
    Optional<ConfusionMatrix> matrix =
        confusion.isEmpty()
            ? Optional.empty()
            : Optional.of(ConfusionMatrix.of(confusion, ctx.classNames().size()));
    Files.createDirectories(reportDir);
    Colormap colormap = Colormap.viridis();
    PngWriter png = new PngWriter(reportDir);
    List<TapFigures> figures = new ArrayList<>();
    for (int i = 0; i < taps.size(); i++) {
      TapRows tap = taps.get(i);
      String stem = FileNames.tapStem(i, tap.tap());
      Optional<String> spatial =
          png.writeIf(
              tap.height() * tap.width() > 0,
              stem + "-spatial.png",
              () -> new SpatialGridChart(tap, colormap).render());
      Optional<String> channels =
          png.writeIf(
              !tap.classRows().isEmpty() && tap.channels() > 0,
              stem + "-channels.png",
              () -> new ChannelHeatmapChart(tap, colormap).render());
      Optional<String> dead =
          png.writeIf(
              tap.datasetWide().isPresent() && tap.channels() > 0,
              stem + "-dead.png",
              () -> new DeadChannelChart(tap).render());
      figures.add(new TapFigures(tap, spatial, channels, dead));
    }
    Optional<String> confusionFile =
        png.writeIf(
            matrix.isPresent(),
            CONFUSION_FILE,
            () -> new ConfusionMatrixChart(matrix.get(), ctx.classNames(), colormap).render());
    List<Path> written = new ArrayList<>(png.written());
    written.add(HtmlReport.write(reportDir, ctx, figures, matrix, confusionFile));
    return List.copyOf(written);
  }
}
