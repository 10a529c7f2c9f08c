package dev.gaze.report;

import dev.gaze.aggregate.ActivationStats;
import java.awt.Dimension;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;

/**
 * One tap's dataset-wide zero fraction per channel as bars, the dead channels (never above zero on
 * any image) in a highlight colour, their count in the title.
 */
final class DeadChannelChart {

  /** The colour of a dead channel's bar. */
  static final int DEAD_RGB = 0xD62728;

  /** The colour of a live channel's bar. */
  static final int ALIVE_RGB = 0x4C78A8;

  private static final int PLOT_HEIGHT = 180;

  private final TapRows tap;
  private final ActivationStats all;
  private final int barWidth;
  private final int left;
  private final int top;
  private final Dimension size;

  /**
   * The chart of {@code tap}'s dataset-wide row.
   *
   * @throws IllegalArgumentException if the tap has no dataset-wide row or no channels
   */
  DeadChannelChart(TapRows tap) {
    this.tap = tap;
    this.all =
        tap.datasetWide()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "tap '" + tap.tap() + "' has no dataset-wide row (classId -1)"));
    if (tap.channels() == 0) {
      throw new IllegalArgumentException("tap '" + tap.tap() + "' has no channels to draw");
    }
    this.barWidth = Math.max(1, Math.min(16, 960 / tap.channels()));
    this.left = Figure.plotLeft(Text.width("0.75", Text.SMALL), 8);
    this.top = Figure.headingBottom() + 14 + Text.height(Text.SMALL);
    int right = left + barWidth * tap.channels();
    int bottom = top + PLOT_HEIGHT + Figure.indexAxisHeight();
    this.size = Figure.size(title(), subtitle(), right, bottom);
  }

  /** The figure. */
  BufferedImage render() {
    try (Canvas canvas = new Canvas(size.width, size.height)) {
      int subtitleBaseline = Figure.drawHeading(canvas, title(), subtitle());
      drawLegend(canvas, subtitleBaseline + 8);
      int plotWidth = barWidth * tap.channels();
      for (double t : Ticks.between(0, 1, 4)) {
        int y = top + (int) Math.round((1 - t) * PLOT_HEIGHT);
        canvas.fill(left, y, plotWidth, 1, 0xE6E6E6);
        canvas.rightMiddle(Ticks.label(t), Text.SMALL, Text.INK, left - Figure.LABEL_GAP, y);
      }
      for (int c = 0; c < tap.channels(); c++) {
        Rectangle bar = bar(c);
        canvas.fill(bar.x, bar.y, bar.width, bar.height, tap.isDead(c) ? DEAD_RGB : ALIVE_RGB);
      }
      canvas.graphics().setColor(Text.INK);
      canvas.graphics().drawLine(left, top + PLOT_HEIGHT, left + plotWidth, top + PLOT_HEIGHT);
      canvas.graphics().drawLine(left - 1, top, left - 1, top + PLOT_HEIGHT);
      Figure.indexAxis(canvas, left, top + PLOT_HEIGHT + 1, barWidth, tap.channels(), "channel");
      Figure.yTitle(canvas, "zero fraction", top + PLOT_HEIGHT / 2);
      return canvas.image();
    }
  }

  /**
   * Where channel {@code c}'s bar lies: full slot width minus a one-pixel gap when bars are wide
   * enough, height proportional to the zero fraction (nothing for NaN).
   */
  Rectangle bar(int c) {
    double z = all.channelZeroFraction()[c];
    int h = Double.isFinite(z) ? (int) Math.round(Math.max(0, Math.min(1, z)) * PLOT_HEIGHT) : 0;
    int w = barWidth >= 4 ? barWidth - 1 : barWidth;
    return new Rectangle(left + c * barWidth, top + PLOT_HEIGHT - h, w, h);
  }

  private void drawLegend(Canvas canvas, int y) {
    int x = Figure.MARGIN;
    int box = Text.metrics(Text.SMALL).getAscent();
    String[] labels = {"dead: never above 0 on any image", "live"};
    int[] colours = {DEAD_RGB, ALIVE_RGB};
    for (int i = 0; i < labels.length; i++) {
      canvas.fill(x, y, box, box, colours[i]);
      canvas.leftMiddle(labels[i], Text.SMALL, Text.INK, x + box + 4, y + box / 2);
      x += box + 4 + Text.width(labels[i], Text.SMALL) + 16;
    }
  }

  private String title() {
    int dead = tap.deadChannels().orElse(0);
    return String.format("Dead channels of tap '%s': %d of %d", tap.tap(), dead, tap.channels());
  }

  private String subtitle() {
    return String.format(
        "per channel, fraction of positions <= 0, averaged over all %d images", all.images());
  }
}
