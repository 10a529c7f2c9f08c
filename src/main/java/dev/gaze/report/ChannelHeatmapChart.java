package dev.gaze.report;

import dev.gaze.aggregate.ActivationStats;
import java.awt.Dimension;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * One tap's class x channel heatmap of {@code channelMean}: a row per class (id order), a column
 * per channel, one colour scale over the whole matrix.
 */
final class ChannelHeatmapChart {

  private static final int MAX_LABEL = 160;

  private final TapRows tap;
  private final List<ActivationStats> rows;
  private final int cellWidth;
  private final int cellHeight;
  private final Rectangle plot;
  private final Colorbar colorbar;
  private final Dimension size;

  /**
   * The heatmap of {@code tap}'s class rows.
   *
   * @throws IllegalArgumentException if the tap has no class rows or no channels
   */
  ChannelHeatmapChart(TapRows tap, Colormap colormap) {
    this.tap = tap;
    this.rows = tap.classRows();
    if (rows.isEmpty() || tap.channels() == 0) {
      throw new IllegalArgumentException(
          "tap '" + tap.tap() + "' has no per-class channel means to draw");
    }
    this.cellWidth = clamp(960 / tap.channels(), 1, 24);
    this.cellHeight = clamp(480 / rows.size(), 1, 32);
    int labelWidth = Math.min(MAX_LABEL, Text.maxWidth(classNames(), Text.SMALL));
    this.plot =
        new Rectangle(
            Figure.plotLeft(labelWidth, Figure.LABEL_GAP),
            Figure.headingBottom() + 12,
            cellWidth * tap.channels(),
            cellHeight * rows.size());
    double[][] means = rows.stream().map(ActivationStats::channelMean).toArray(double[][]::new);
    this.colorbar = new Colorbar(colormap, ValueRange.of(means), "mean activation");
    int right = plot.x + plot.width + colorbar.widthBeside();
    int bottom = plot.y + Colorbar.heightBeside(plot.height) + Figure.indexAxisHeight();
    this.size = Figure.size(title(), subtitle(), right, bottom);
  }

  /** The figure. */
  BufferedImage render() {
    try (Canvas canvas = new Canvas(size.width, size.height)) {
      Figure.drawHeading(canvas, title(), subtitle());
      for (int r = 0; r < rows.size(); r++) {
        double[] means = rows.get(r).channelMean();
        for (int c = 0; c < tap.channels(); c++) {
          Rectangle cell = cell(r, c);
          canvas.fill(cell.x, cell.y, cell.width, cell.height, colorbar.rgb(means[c]));
        }
      }
      Figure.rowLabels(canvas, classNames(), plot.x, plot.y, cellHeight, MAX_LABEL);
      canvas.frame(plot);
      Figure.indexAxis(
          canvas, plot.x, plot.y + plot.height + 1, cellWidth, tap.channels(), "channel");
      Figure.yTitle(canvas, "class", plot.y + plot.height / 2);
      colorbar.drawBeside(canvas, plot);
      return canvas.image();
    }
  }

  /** Where the cell of class row {@code r} (id order) and channel {@code c} lies. */
  Rectangle cell(int r, int c) {
    return new Rectangle(plot.x + c * cellWidth, plot.y + r * cellHeight, cellWidth, cellHeight);
  }

  /** The colour the figure gives {@code value}. */
  int rgb(double value) {
    return colorbar.rgb(value);
  }

  private List<String> classNames() {
    return rows.stream().map(ActivationStats::className).toList();
  }

  private String title() {
    return "Channel means of tap '" + tap.tap() + "', per class";
  }

  private String subtitle() {
    return String.format(
        "%d classes x %d channels; each cell: mean over the class's images of the channel's"
            + " spatial mean",
        rows.size(), tap.channels());
  }

  private static int clamp(int v, int lo, int hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
