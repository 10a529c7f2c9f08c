package dev.gaze.report;

import dev.gaze.aggregate.AttentionAggregation;
import dev.gaze.aggregate.AttentionRows;
import java.awt.Dimension;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * One block's class-token attention maps: a grid of heads (rows, the head mean last) by classes
 * (columns), on one blue colour scale shared by the whole block, with a colour bar.
 */
final class AttentionMapsChart {

  private static final int GAP = 10;
  private static final int CELL = 10;

  private final String tap;
  private final AttentionRows.Stats[][] cells;
  private final List<String> columns;
  private final int gridH;
  private final int gridW;
  private final int labelWidth;
  private final Colorbar colorbar;
  private final int top;
  private final Dimension size;

  /**
   * @param rows the tap's class rows (class id >= 0), every head and the head mean
   * @param heads the tap's number of heads
   */
  AttentionMapsChart(String tap, List<AttentionRows.Stats> rows, int heads, List<String> classes) {
    this.tap = tap;
    this.columns = classes;
    this.cells = new AttentionRows.Stats[heads + 1][classes.size()];
    for (AttentionRows.Stats s : rows) {
      int r = s.head() == AttentionAggregation.HEAD_MEAN ? heads : s.head();
      if (s.classId() >= 0 && s.classId() < classes.size() && r <= heads) {
        cells[r][s.classId()] = s;
      }
    }
    AttentionRows.Stats any = rows.get(0);
    this.gridH = any.gridH();
    this.gridW = any.gridW();
    this.colorbar =
        new Colorbar(
            Colormap.blues(),
            ValueRange.of(
                rows.stream().map(AttentionRows.Stats::clsAttention).toArray(double[][]::new)),
            "class-token attention");
    this.labelWidth = Text.width("head mean", Text.SMALL) + 8;
    this.top = Figure.headingBottom() + 10 + Text.height(Text.SMALL) + 4;
    int right = Figure.MARGIN + labelWidth + classes.size() * cellWidth() + GAP + colorbar.width();
    int bottom = top + (heads + 1) * cellHeight();
    this.size = Figure.size(title(), subtitle(), right, bottom);
  }

  private int panelWidth() {
    return gridW * CELL;
  }

  private int cellWidth() {
    return Math.max(panelWidth(), 60) + GAP;
  }

  private int cellHeight() {
    return gridH * CELL + GAP;
  }

  BufferedImage render() {
    try (Canvas canvas = new Canvas(size.width, size.height)) {
      Figure.drawHeading(canvas, title(), subtitle());
      int left = Figure.MARGIN + labelWidth;
      for (int c = 0; c < columns.size(); c++) {
        String name = Text.ellipsize(columns.get(c), Text.SMALL, cellWidth() - 4);
        canvas.left(name, Text.SMALL, Text.INK, left + c * cellWidth(), top - 5);
      }
      for (int r = 0; r < cells.length; r++) {
        int y = top + r * cellHeight();
        String label = r == cells.length - 1 ? "head mean" : "head " + r;
        canvas.leftMiddle(label, Text.SMALL, Text.INK, Figure.MARGIN, y + gridH * CELL / 2);
        for (int c = 0; c < columns.size(); c++) {
          AttentionRows.Stats s = cells[r][c];
          int x = left + c * cellWidth();
          if (s == null) {
            continue;
          }
          double[] map = s.clsAttention();
          for (int gy = 0; gy < gridH; gy++) {
            for (int gx = 0; gx < gridW; gx++) {
              canvas.fill(
                  x + gx * CELL, y + gy * CELL, CELL, CELL, colorbar.rgb(map[gy * gridW + gx]));
            }
          }
          canvas.frame(new java.awt.Rectangle(x, y, panelWidth(), gridH * CELL));
        }
      }
      int barLeft = left + columns.size() * cellWidth() + GAP;
      colorbar.draw(canvas, barLeft, top, Math.max(120, cells.length * cellHeight() - GAP));
      return canvas.image();
    }
  }

  private String title() {
    return "Where the class token of '" + tap + "' looks, per head and class";
  }

  private String subtitle() {
    return String.format(
        java.util.Locale.ROOT,
        "%dx%d patch grid; per class the mean over its images of each head's class-token attention"
            + " (self-weight dropped, renormalised); one scale for the block",
        gridH,
        gridW);
  }
}
