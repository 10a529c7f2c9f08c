package dev.gaze.report;

import java.awt.Dimension;
import java.util.List;

/**
 * The layout every chart shares around its plot: a margin, a heading (title over a muted subtitle)
 * at the top left, axis titles, row labels at the plot's left and an index axis below it.
 */
final class Figure {

  /** The empty border around every figure, in pixels. */
  static final int MARGIN = 16;

  /** The space between row or tick labels and the plot they label. */
  static final int LABEL_GAP = 6;

  private Figure() {}

  /** The y just below the heading; a chart's plot starts a little further down. */
  static int headingBottom() {
    return MARGIN + Text.height(Text.TITLE) + Text.height(Text.LABEL);
  }

  /**
   * The size of a figure whose content ends at {@code right} and {@code bottom}: wide enough for
   * the heading too, with the margin at the right and the bottom.
   */
  static Dimension size(String title, String subtitle, int right, int bottom) {
    int headingWidth = Math.max(Text.width(title, Text.TITLE), Text.width(subtitle, Text.LABEL));
    return new Dimension(Math.max(MARGIN + headingWidth + MARGIN, right + MARGIN), bottom + MARGIN);
  }

  /** Draws the heading and returns the subtitle's baseline. */
  static int drawHeading(Canvas canvas, String title, String subtitle) {
    canvas.left(title, Text.TITLE, Text.INK, MARGIN, MARGIN + Text.metrics(Text.TITLE).getAscent());
    int subtitleBaseline = MARGIN + Text.height(Text.TITLE) + Text.metrics(Text.LABEL).getAscent();
    canvas.left(subtitle, Text.LABEL, Text.MUTED, MARGIN, subtitleBaseline);
    return subtitleBaseline;
  }

  /**
   * The left edge of a plot whose row or tick labels are up to {@code labelWidth} wide, leaving
   * {@code gap} between them and the plot, and the y-axis title at the margin.
   */
  static int plotLeft(int labelWidth, int gap) {
    return MARGIN + Text.height(Text.LABEL) + LABEL_GAP + labelWidth + gap;
  }

  /** Draws the y-axis title reading upwards at the left margin, centred on {@code cy}. */
  static void yTitle(Canvas canvas, String title, int cy) {
    canvas.upwards(
        title, Text.LABEL, Text.INK, MARGIN + Text.metrics(Text.LABEL).getAscent(), cy, false);
  }

  /** Draws the x-axis title centred on {@code cx}, its line starting at {@code top}. */
  static void xTitle(Canvas canvas, String title, int cx, int top) {
    canvas.centred(title, Text.LABEL, Text.INK, cx, top + Text.metrics(Text.LABEL).getAscent());
  }

  /** How many rows {@code rowHeight} tall one small-font label needs: label every n-th row. */
  static int labelEvery(int rowHeight) {
    return (int) Math.ceil((double) (Text.height(Text.SMALL) + 1) / rowHeight);
  }

  /**
   * Labels rows {@code rowHeight} tall from {@code top} (every {@link #labelEvery}-th, shortened to
   * {@code maxWidth}), right-aligned {@link #LABEL_GAP} left of {@code plotLeft}.
   */
  static void rowLabels(
      Canvas canvas, List<String> labels, int plotLeft, int top, int rowHeight, int maxWidth) {
    for (int r = 0; r < labels.size(); r += labelEvery(rowHeight)) {
      String name = Text.ellipsize(labels.get(r), Text.SMALL, maxWidth);
      canvas.rightMiddle(
          name, Text.SMALL, Text.INK, plotLeft - LABEL_GAP, top + r * rowHeight + rowHeight / 2);
    }
  }

  /** The height an {@link #indexAxis} takes below the plot. */
  static int indexAxisHeight() {
    return 6 + Text.height(Text.SMALL) + 4 + Text.height(Text.LABEL);
  }

  /**
   * Draws an axis of {@code count} slots {@code slotWidth} wide from {@code left}, just below a
   * plot whose last row of pixels is {@code axisTop - 1}: ticks with index labels at round indices,
   * then {@code title} centred below.
   */
  static void indexAxis(
      Canvas canvas, int left, int axisTop, int slotWidth, int count, String title) {
    int plotWidth = slotWidth * count;
    for (int c : Ticks.indices(count, Math.max(2, plotWidth / 80))) {
      int x = left + c * slotWidth + slotWidth / 2;
      canvas.graphics().setColor(Text.INK);
      canvas.graphics().drawLine(x, axisTop, x, axisTop + 4);
      int baseline = axisTop + 6 + Text.metrics(Text.SMALL).getAscent();
      canvas.centred(String.valueOf(c), Text.SMALL, Text.INK, x, baseline);
    }
    xTitle(canvas, title, left + plotWidth / 2, axisTop + 6 + Text.height(Text.SMALL) + 4);
  }
}
