package dev.gaze.report;

import dev.gaze.aggregate.ActivationStats;
import java.awt.Dimension;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A grid of one tap's per-class mean spatial maps (channel-averaged), one panel per class in class
 * id order, enlarged with nearest-neighbour, all on one colour scale with a colour bar beside.
 */
final class SpatialGridChart {

  private static final int GAP = 14;
  private static final int MAX_COLUMNS = 10;

  private final TapRows tap;
  private final List<ActivationStats> panels;
  private final int scale;
  private final int columns;
  private final int panelTitleHeight = Text.height(Text.SMALL) + 4;
  private final int gridTop;
  private final Colorbar colorbar;
  private final Dimension size;

  /**
   * The grid for {@code tap}'s class rows (its dataset-wide row alone when it has no class rows).
   *
   * @throws IllegalArgumentException if the tap has no spatial extent or no rows
   */
  SpatialGridChart(TapRows tap, Colormap colormap) {
    this.tap = tap;
    if (tap.height() * tap.width() == 0) {
      throw new IllegalArgumentException("tap '" + tap.tap() + "' has no spatial map to draw");
    }
    List<ActivationStats> rows = new ArrayList<>(tap.classRows());
    if (rows.isEmpty()) {
      tap.datasetWide().ifPresent(rows::add);
    }
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("tap '" + tap.tap() + "' has no rows to draw");
    }
    this.panels = List.copyOf(rows);
    int target = panels.size() > 100 ? 64 : panels.size() > 16 ? 96 : 128;
    this.scale =
        Math.max(1, (int) Math.ceil((double) target / Math.max(tap.height(), tap.width())));
    this.columns =
        Math.min(panels.size(), Math.min(MAX_COLUMNS, (int) Math.ceil(Math.sqrt(panels.size()))));
    double[][] maps = panels.stream().map(ActivationStats::spatialMean).toArray(double[][]::new);
    this.colorbar = new Colorbar(colormap, ValueRange.of(maps), "mean activation");
    this.gridTop = Figure.headingBottom() + 10;
    int rowsOfPanels = (panels.size() + columns - 1) / columns;
    int right = Figure.MARGIN + gridWidth() + 2 * GAP + colorbar.width();
    int bottom = gridTop + rowsOfPanels * cellHeight() - GAP;
    this.size = Figure.size(title(), subtitle(), right, bottom);
  }

  /** The figure. */
  BufferedImage render() {
    try (Canvas canvas = new Canvas(size.width, size.height)) {
      Figure.drawHeading(canvas, title(), subtitle());
      for (int i = 0; i < panels.size(); i++) {
        drawPanel(canvas, i);
      }
      int barTop = gridTop + panelTitleHeight;
      int gridBottom = size.height - Figure.MARGIN;
      int barHeight = Math.max(panelHeight(), Math.min(gridBottom - barTop, 360));
      colorbar.draw(canvas, Figure.MARGIN + gridWidth() + 2 * GAP, barTop, barHeight);
      return canvas.image();
    }
  }

  /** Where panel {@code i} (the i-th class in id order) lies in the figure. */
  Rectangle panel(int i) {
    int x = Figure.MARGIN + (i % columns) * cellWidth();
    int y = gridTop + (i / columns) * cellHeight() + panelTitleHeight;
    return new Rectangle(x, y, panelWidth(), panelHeight());
  }

  /** The colour the figure gives {@code value}. */
  int rgb(double value) {
    return colorbar.rgb(value);
  }

  /** The pixels per map cell. */
  int scale() {
    return scale;
  }

  private void drawPanel(Canvas canvas, int i) {
    ActivationStats row = panels.get(i);
    Rectangle r = panel(i);
    double[] map = row.spatialMean();
    for (int y = 0; y < tap.height(); y++) {
      for (int x = 0; x < tap.width(); x++) {
        canvas.fill(r.x + x * scale, r.y + y * scale, scale, scale, rgb(map[y * tap.width() + x]));
      }
    }
    canvas.frame(r);
    String name = Text.ellipsize(row.className(), Text.SMALL, Math.max(r.width, 24));
    canvas.left(name, Text.SMALL, Text.INK, r.x, r.y - 5);
  }

  private String title() {
    return "Where tap '" + tap.tap() + "' responds, per class";
  }

  private String subtitle() {
    return String.format(
        "shape %s (C x H x W); per class, the channel-averaged map averaged over its images;"
            + " one colour scale for all %d %s",
        tap.shape(), panels.size(), panels.size() == 1 ? "panel" : "panels");
  }

  private int panelWidth() {
    return tap.width() * scale;
  }

  private int panelHeight() {
    return tap.height() * scale;
  }

  private int gridWidth() {
    return columns * cellWidth() - GAP;
  }

  private int cellWidth() {
    return Math.max(panelWidth(), 48) + GAP;
  }

  private int cellHeight() {
    return panelTitleHeight + panelHeight() + GAP;
  }
}
