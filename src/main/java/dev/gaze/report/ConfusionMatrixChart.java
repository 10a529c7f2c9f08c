package dev.gaze.report;

import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntUnaryOperator;

/**
 * The confusion matrix as a heatmap: rows are true classes, columns predicted classes, each cell
 * the share of the true class's images (fixed scale 0 to 1), numbers written in when there are few
 * classes, top-1 accuracy in the title.
 */
final class ConfusionMatrixChart {

  /** The largest side (in classes) for which the cells carry numbers. */
  static final int MAX_NUMBERED = 20;

  private static final int MAX_LABEL = 150;

  private final ConfusionMatrix matrix;
  private final List<String> classNames;
  private final int cell;
  private final Rectangle plot;
  private final Colorbar colorbar;
  private final Dimension size;

  /** The chart of {@code matrix}, naming class ids by {@code classNames} where they reach. */
  ConfusionMatrixChart(ConfusionMatrix matrix, List<String> classNames, Colormap colormap) {
    this.matrix = matrix;
    this.classNames = classNames;
    int side = Math.max(1, Math.max(matrix.rows(), matrix.columns()));
    this.cell = Math.max(3, Math.min(56, 640 / side));
    int rowLabelWidth = Math.min(MAX_LABEL, Text.maxWidth(rowLabels(), Text.SMALL));
    int columnLabelHeight = Math.min(MAX_LABEL, Text.maxWidth(columnLabels(), Text.SMALL));
    this.plot =
        new Rectangle(
            Figure.plotLeft(rowLabelWidth, Figure.LABEL_GAP),
            Figure.headingBottom() + 12,
            cell * matrix.columns(),
            cell * matrix.rows());
    this.colorbar = new Colorbar(colormap, new ValueRange(0, 1), "share of the true class");
    int right = plot.x + plot.width + colorbar.widthBeside();
    int below = 6 + columnLabelHeight + 8 + Text.height(Text.LABEL);
    int bottom = plot.y + Colorbar.heightBeside(plot.height) + below;
    this.size = Figure.size(title(), subtitle(), right, bottom);
  }

  /** The figure. */
  BufferedImage render() {
    try (Canvas canvas = new Canvas(size.width, size.height)) {
      Figure.drawHeading(canvas, title(), subtitle());
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
      canvas.frame(plot);
      Figure.rowLabels(canvas, rowLabels(), plot.x, plot.y, cell, MAX_LABEL);
      int labelsTop = plot.y + plot.height + 6;
      int widestColumnLabel = 0;
      List<String> columnLabels = columnLabels();
      for (int c = 0; c < columnLabels.size(); c += Figure.labelEvery(cell)) {
        String name = Text.ellipsize(columnLabels.get(c), Text.SMALL, MAX_LABEL);
        widestColumnLabel = Math.max(widestColumnLabel, Text.width(name, Text.SMALL));
        int x = plot.x + c * cell + cell / 2 + Canvas.middleBaseline(Text.SMALL, 0);
        canvas.upwards(name, Text.SMALL, Text.INK, x, labelsTop, true);
      }
      int cx = plot.x + plot.width / 2;
      Figure.xTitle(canvas, "predicted class", cx, labelsTop + widestColumnLabel + 8);
      Figure.yTitle(canvas, "true class", plot.y + plot.height / 2);
      colorbar.drawBeside(canvas, plot);
      return canvas.image();
    }
  }

  /** Where the cell of row {@code r} and column {@code c} lies. */
  Rectangle cell(int r, int c) {
    return new Rectangle(plot.x + c * cell, plot.y + r * cell, cell, cell);
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

  private List<String> rowLabels() {
    return labels(matrix.rows(), matrix::rowId);
  }

  private List<String> columnLabels() {
    return labels(matrix.columns(), matrix::columnId);
  }

  private List<String> labels(int count, IntUnaryOperator id) {
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      labels.add(label(id.applyAsInt(i)));
    }
    return labels;
  }

  private String title() {
    if (matrix.subset()) {
      return String.format(
          Locale.ROOT, "Confusion among the %d classes of the most confused pairs", matrix.rows());
    }
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
    if (matrix.subset()) {
      return "rows: true class, columns: predicted class; each cell the share of all the true"
          + " class's images (the rest went to classes not shown)";
    }
    return "rows: true class, columns: predicted class; each row normalised to sum to 1";
  }

  /** Dark text on bright cells, white text on dark ones. */
  private static Color inkOn(int rgb) {
    double luminance =
        0.2126 * ((rgb >> 16) & 0xFF) + 0.7152 * ((rgb >> 8) & 0xFF) + 0.0722 * (rgb & 0xFF);
    return luminance > 140 ? Text.INK : Color.WHITE;
  }
}
