package dev.gaze.report;

import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;

/**
 * A vertical colour bar: low values at the bottom, with round tick values labelled at its right.
 */
final class Colorbar {

  private static final int BAR_WIDTH = 16;
  private static final int TICK = 4;
  private static final int GAP = 4;
  private static final int BESIDE_GAP = 24;
  private static final int MIN_BESIDE_HEIGHT = 120;

  private final Colormap colormap;
  private final ValueRange range;
  private final String label;

  /** A bar for {@code range} drawn with {@code colormap}; {@code label} runs along its right. */
  Colorbar(Colormap colormap, ValueRange range, String label) {
    this.colormap = colormap;
    this.range = range;
    this.label = label;
  }

  /** The width the bar with its ticks, labels and title takes, in pixels. */
  int width() {
    List<String> labels = new ArrayList<>();
    for (double t : Ticks.between(range.lo(), range.hi(), 5)) {
      labels.add(Ticks.label(t));
    }
    return BAR_WIDTH + TICK + GAP + Text.maxWidth(labels, Text.SMALL) + 8 + Text.height(Text.SMALL);
  }

  /** Draws the bar with its top-left corner at ({@code x}, {@code top}), {@code height} tall. */
  void draw(Canvas canvas, int x, int top, int height) {
    for (int row = 0; row < height; row++) {
      double t = height == 1 ? 0.5 : 1.0 - (row + 0.5) / height;
      canvas.fill(x, top + row, BAR_WIDTH, 1, colormap.at(t));
    }
    canvas.graphics().setColor(Text.INK);
    canvas.graphics().drawRect(x, top, BAR_WIDTH, height);
    int labelRight = x + BAR_WIDTH + TICK + GAP;
    int widest = 0;
    for (double t : Ticks.between(range.lo(), range.hi(), 5)) {
      int y = top + (int) Math.round((1.0 - range.fraction(t)) * height);
      canvas.graphics().setColor(Text.INK);
      canvas.graphics().drawLine(x + BAR_WIDTH, y, x + BAR_WIDTH + TICK, y);
      String text = Ticks.label(t);
      widest = Math.max(widest, Text.width(text, Text.SMALL));
      canvas.leftMiddle(text, Text.SMALL, Text.INK, labelRight, y);
    }
    if (!label.isEmpty()) {
      int column = labelRight + widest + 8 + Text.metrics(Text.SMALL).getAscent();
      String fitted = Text.ellipsize(label, Text.SMALL, Math.max(height, 40));
      canvas.upwards(fitted, Text.SMALL, Text.MUTED, column, top + height / 2, false);
    }
  }

  /** The width the bar takes when drawn {@link #drawBeside beside} a plot, the gap included. */
  int widthBeside() {
    return BESIDE_GAP + width();
  }

  /** The height of a bar drawn beside a plot {@code plotHeight} tall: as tall, but at least 120. */
  static int heightBeside(int plotHeight) {
    return Math.max(plotHeight, MIN_BESIDE_HEIGHT);
  }

  /** Draws the bar at the right of {@code plot}, top-aligned with it. */
  void drawBeside(Canvas canvas, Rectangle plot) {
    draw(canvas, plot.x + plot.width + BESIDE_GAP, plot.y, heightBeside(plot.height));
  }

  /** The colour drawn for {@code value}. */
  int rgb(double value) {
    return colormap.rgb(value, range.lo(), range.hi());
  }

  /** The colour mapping's range. */
  ValueRange range() {
    return range;
  }
}
