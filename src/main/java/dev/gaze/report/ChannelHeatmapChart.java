package dev.gaze.report;

import dev.gaze.aggregate.ActivationStats;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * One tap's class x channel heatmap of {@code channelMean}: a row per class (id order), a column
 * per channel, one colour scale over the whole matrix.
 */
final class ChannelHeatmapChart {

  private static final int MARGIN = 16;
  private static final int MAX_LABEL = 160;

  private final TapRows tap;
  private final List<ActivationStats> rows;
  private final int cellWidth;
  private final int cellHeight;
  private final int labelEvery;
  private final int left;
  private final int top;
  private final Colorbar colorbar;
  private final int width;
  private final int height;

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
    this.labelEvery = (int) Math.ceil((double) (Text.height(Text.SMALL) + 1) / cellHeight);
    int labelWidth =
        Math.min(
            MAX_LABEL,
            Text.maxWidth(rows.stream().map(ActivationStats::className).toList(), Text.SMALL));
    this.left = MARGIN + Text.height(Text.LABEL) + 6 + labelWidth + 6;
    this.top = MARGIN + Text.height(Text.TITLE) + Text.height(Text.LABEL) + 12;
    double[][] means = rows.stream().map(ActivationStats::channelMean).toArray(double[][]::new);
    this.colorbar = new Colorbar(colormap, ValueRange.of(means), "mean activation");
    int plotWidth = cellWidth * tap.channels();
    int plotHeight = cellHeight * rows.size();
    int minWidth =
        MARGIN
            + Math.max(Text.width(title(), Text.TITLE), Text.width(subtitle(), Text.LABEL))
            + MARGIN;
    this.width = Math.max(minWidth, left + plotWidth + 24 + colorbar.width() + MARGIN);
    int below = 6 + Text.height(Text.SMALL) + 4 + Text.height(Text.LABEL);
    this.height = top + Math.max(plotHeight, barHeight()) + below + MARGIN;
  }

  /** The figure. */
  BufferedImage render() {
    try (Canvas canvas = new Canvas(width, height)) {
      canvas.left(
          title(), Text.TITLE, Text.INK, MARGIN, MARGIN + Text.metrics(Text.TITLE).getAscent());
      canvas.left(
          subtitle(),
          Text.LABEL,
          Text.MUTED,
          MARGIN,
          MARGIN + Text.height(Text.TITLE) + Text.metrics(Text.LABEL).getAscent());
      for (int r = 0; r < rows.size(); r++) {
        double[] means = rows.get(r).channelMean();
        for (int c = 0; c < tap.channels(); c++) {
          Rectangle cell = cell(r, c);
          canvas.fill(cell.x, cell.y, cell.width, cell.height, colorbar.rgb(means[c]));
        }
        if (r % labelEvery == 0) {
          String name = Text.ellipsize(rows.get(r).className(), Text.SMALL, MAX_LABEL);
          canvas.rightMiddle(
              name, Text.SMALL, Text.INK, left - 6, top + r * cellHeight + cellHeight / 2);
        }
      }
      int plotWidth = cellWidth * tap.channels();
      int plotHeight = cellHeight * rows.size();
      canvas.graphics().setColor(Colorbar.frame());
      canvas.graphics().drawRect(left - 1, top - 1, plotWidth + 1, plotHeight + 1);
      int axisTop = top + plotHeight + 1;
      for (int c : Ticks.indices(tap.channels(), Math.max(2, plotWidth / 80))) {
        int x = left + c * cellWidth + cellWidth / 2;
        canvas.graphics().setColor(Text.INK);
        canvas.graphics().drawLine(x, axisTop, x, axisTop + 4);
        canvas.centred(
            String.valueOf(c),
            Text.SMALL,
            Text.INK,
            x,
            axisTop + 6 + Text.metrics(Text.SMALL).getAscent());
      }
      int labelBaseline =
          axisTop + 6 + Text.height(Text.SMALL) + 4 + Text.metrics(Text.LABEL).getAscent();
      canvas.centred("channel", Text.LABEL, Text.INK, left + plotWidth / 2, labelBaseline);
      canvas.upwards(
          "class",
          Text.LABEL,
          Text.INK,
          MARGIN + Text.metrics(Text.LABEL).getAscent(),
          top + plotHeight / 2,
          false);
      colorbar.draw(canvas, left + plotWidth + 24, top, barHeight());
      return canvas.image();
    }
  }

  /** Where the cell of class row {@code r} (id order) and channel {@code c} lies. */
  Rectangle cell(int r, int c) {
    return new Rectangle(left + c * cellWidth, top + r * cellHeight, cellWidth, cellHeight);
  }

  /** The colour the figure gives {@code value}. */
  int rgb(double value) {
    return colorbar.rgb(value);
  }

  private int barHeight() {
    return Math.max(cellHeight * rows.size(), 120);
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
