package dev.gaze.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The confusion matrix as a heatmap: rows are true classes, columns predicted classes, each cell
 * the share of the true class's images (fixed scale 0 to 1), numbers written in when there are few
 * classes, top-1 accuracy in the title.
 */
final class ConfusionMatrixChart {

  /** The largest side (in classes) for which the cells carry numbers. */
  static final int MAX_NUMBERED = 20;

  private static final int MARGIN = 16;
  private static final int MAX_LABEL = 150;

  private final ConfusionMatrix matrix;
  private final List<String> classNames;
  private final int cell;
  private final int rowLabelEvery;
  private final int columnLabelEvery;
  private final int left;
  private final int top;
  private final Colorbar colorbar;
  private final int width;
  private final int height;

  /** The chart of {@code matrix}, naming class ids by {@code classNames} where they reach. */
  ConfusionMatrixChart(ConfusionMatrix matrix, List<String> classNames, Colormap colormap) {
    this.matrix = matrix;
    this.classNames = classNames;
    int side = Math.max(1, Math.max(matrix.rows(), matrix.columns()));
    this.cell = Math.max(3, Math.min(56, 640 / side));
    int lineHeight = Text.height(Text.SMALL) + 1;
    this.rowLabelEvery = (int) Math.ceil((double) lineHeight / cell);
    this.columnLabelEvery = rowLabelEvery;
    List<String> rowLabels = new ArrayList<>();
    for (int r = 0; r < matrix.rows(); r++) {
      rowLabels.add(label(matrix.rowId(r)));
    }
    List<String> columnLabels = new ArrayList<>();
    for (int c = 0; c < matrix.columns(); c++) {
      columnLabels.add(label(matrix.columnId(c)));
    }
    int rowLabelWidth = Math.min(MAX_LABEL, Text.maxWidth(rowLabels, Text.SMALL));
    int columnLabelHeight = Math.min(MAX_LABEL, Text.maxWidth(columnLabels, Text.SMALL));
    this.left = MARGIN + Text.height(Text.LABEL) + 6 + rowLabelWidth + 6;
    this.top = MARGIN + Text.height(Text.TITLE) + Text.height(Text.LABEL) + 12;
    this.colorbar = new Colorbar(colormap, new ValueRange(0, 1), "share of the true class");
    int plotWidth = cell * matrix.columns();
    int plotHeight = cell * matrix.rows();
    int minWidth =
        MARGIN
            + Math.max(Text.width(title(), Text.TITLE), Text.width(subtitle(), Text.LABEL))
            + MARGIN;
    this.width = Math.max(minWidth, left + plotWidth + 24 + colorbar.width() + MARGIN);
    int below = 6 + columnLabelHeight + 8 + Text.height(Text.LABEL);
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
      boolean numbered = Math.max(matrix.rows(), matrix.columns()) <= MAX_NUMBERED;
      Font numberFont = new Font("SansSerif", Font.PLAIN, cell >= 40 ? 12 : 10);
      for (int r = 0; r < matrix.rows(); r++) {
        for (int c = 0; c < matrix.columns(); c++) {
          Rectangle box = cell(r, c);
          int rgb = colorbar.rgb(matrix.fraction(r, c));
          canvas.fill(box.x, box.y, box.width, box.height, rgb);
          if (numbered && Text.width("0.00", numberFont) + 4 <= cell) {
            canvas.centredMiddle(
                number(r, c), numberFont, inkOn(rgb), box.x + cell / 2, box.y + cell / 2);
          }
        }
      }
      int plotWidth = cell * matrix.columns();
      int plotHeight = cell * matrix.rows();
      canvas.graphics().setColor(Colorbar.frame());
      canvas.graphics().drawRect(left - 1, top - 1, plotWidth + 1, plotHeight + 1);
      for (int r = 0; r < matrix.rows(); r += rowLabelEvery) {
        String name = Text.ellipsize(label(matrix.rowId(r)), Text.SMALL, MAX_LABEL);
        canvas.rightMiddle(name, Text.SMALL, Text.INK, left - 6, top + r * cell + cell / 2);
      }
      int widestColumnLabel = 0;
      for (int c = 0; c < matrix.columns(); c += columnLabelEvery) {
        String name = Text.ellipsize(label(matrix.columnId(c)), Text.SMALL, MAX_LABEL);
        widestColumnLabel = Math.max(widestColumnLabel, Text.width(name, Text.SMALL));
        int x = left + c * cell + cell / 2 + Canvas.middleBaseline(Text.SMALL, 0);
        canvas.upwards(name, Text.SMALL, Text.INK, x, top + plotHeight + 6, true);
      }
      int labelBaseline =
          top + plotHeight + 6 + widestColumnLabel + 8 + Text.metrics(Text.LABEL).getAscent();
      canvas.centred("predicted class", Text.LABEL, Text.INK, left + plotWidth / 2, labelBaseline);
      canvas.upwards(
          "true class",
          Text.LABEL,
          Text.INK,
          MARGIN + Text.metrics(Text.LABEL).getAscent(),
          top + plotHeight / 2,
          false);
      colorbar.draw(canvas, left + plotWidth + 24, top, barHeight());
      return canvas.image();
    }
  }

  /** Where the cell of row {@code r} and column {@code c} lies. */
  Rectangle cell(int r, int c) {
    return new Rectangle(left + c * cell, top + r * cell, cell, cell);
  }

  private String number(int r, int c) {
    if (matrix.count(r, c) == 0) {
      return "0";
    }
    return String.format(Locale.ROOT, "%.2f", matrix.fraction(r, c));
  }

  private String label(int id) {
    return id < classNames.size() ? classNames.get(id) : "#" + id;
  }

  private int barHeight() {
    return Math.max(cell * matrix.rows(), 120);
  }

  private String title() {
    double accuracy = matrix.accuracy();
    String acc =
        Double.isNaN(accuracy)
            ? "no images"
            : String.format(
                Locale.ROOT,
                "top-1 accuracy %.1f%% (%d of %d images)",
                100 * accuracy,
                matrix.correct(),
                matrix.total());
    return "Confusion matrix: " + acc;
  }

  private String subtitle() {
    return "rows: true class, columns: predicted class; each row normalised to sum to 1";
  }

  /** Dark text on bright cells, white text on dark ones. */
  private static Color inkOn(int rgb) {
    double luminance =
        0.2126 * ((rgb >> 16) & 0xFF) + 0.7152 * ((rgb >> 8) & 0xFF) + 0.0722 * (rgb & 0xFF);
    return luminance > 140 ? Text.INK : Color.WHITE;
  }
}
