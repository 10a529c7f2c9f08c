package dev.gaze.report;

import dev.gaze.aggregate.ActivationStats;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A class page's figures, one row per tap. {@link #profile}: the class's mean map beside the
 * dataset-wide mean map (one colour scale), their difference (a diverging scale centred on 0) and
 * the class's channel profile drawn over the dataset's. {@link #compared}: the class's mean map
 * beside the maps of the classes it is confused with, on one colour scale per tap.
 */
final class ClassMapsChart {

  private static final int GAP = 12;
  private static final int ROW_GAP = 18;
  private static final int TARGET = 96;
  private static final int PROFILE_WIDTH = 360;
  private static final Color CLASS_LINE = new Color(0xD62728);
  private static final Color DATASET_LINE = new Color(0x555555);

  /** One panel: a title over a map. */
  private record Panel(String title, double[] map, Colorbar colorbar) {}

  /** One tap's row: its panels, the colour bars after given panels, and an optional profile. */
  private record Line(
      TapRows tap,
      int scale,
      List<Panel> panels,
      List<Integer> barsAfter,
      Optional<double[][]> profile) {}

  private final String title;
  private final String subtitle;
  private final List<Line> lines;
  private final int top;
  private final int labelHeight = Text.height(Text.SMALL) + 4;
  private final Dimension size;

  private ClassMapsChart(String title, String subtitle, List<Line> lines) {
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("no tap has rows to draw for this class");
    }
    this.title = title;
    this.subtitle = subtitle;
    this.lines = lines;
    this.top = Figure.headingBottom() + 8;
    int right = 0;
    int bottom = top;
    for (Line line : lines) {
      right = Math.max(right, lineWidth(line));
      bottom += lineHeight(line);
    }
    this.size = Figure.size(title, subtitle, Figure.MARGIN + right, bottom - ROW_GAP);
  }

  /**
   * Per tap of {@code taps} with a class row for {@code classId}: the class's map, the dataset's,
   * their difference and the channel profiles.
   *
   * @throws IllegalArgumentException if no tap has a row for the class
   */
  static ClassMapsChart profile(List<TapRows> taps, int classId, String className, Colormap map) {
    List<Line> lines = new ArrayList<>();
    for (TapRows tap : taps) {
      Optional<ActivationStats> row = row(tap, classId);
      if (row.isEmpty()) {
        continue;
      }
      ActivationStats r = row.get();
      double[] wideMap = tap.datasetWide().map(ActivationStats::spatialMean).orElse(null);
      double[] wideProfile = tap.datasetWide().map(ActivationStats::channelMean).orElse(null);
      if (wideMap == null) {
        wideMap = meanOver(tap.classRows(), ActivationStats::spatialMean);
        wideProfile = meanOver(tap.classRows(), ActivationStats::channelMean);
      }
      List<Panel> panels = new ArrayList<>();
      List<Integer> bars = new ArrayList<>();
      if (tap.height() * tap.width() > 0) {
        Colorbar shared =
            new Colorbar(map, ValueRange.of(r.spatialMean(), wideMap), "mean activation");
        double[] diff = new double[wideMap.length];
        double extent = 0;
        for (int i = 0; i < diff.length; i++) {
          diff[i] = r.spatialMean()[i] - wideMap[i];
          if (Double.isFinite(diff[i])) {
            extent = Math.max(extent, Math.abs(diff[i]));
          }
        }
        extent = extent > 0 ? extent : 1;
        Colorbar diverging =
            new Colorbar(Colormap.diverging(), new ValueRange(-extent, extent), "class - dataset");
        panels.add(new Panel(Text.ellipsize(className, Text.SMALL, 140), r.spatialMean(), shared));
        panels.add(new Panel("dataset", wideMap, shared));
        bars.add(1);
        panels.add(new Panel("difference", diff, diverging));
        bars.add(2);
      }
      Optional<double[][]> profile =
          tap.channels() > 1
              ? Optional.of(new double[][] {r.channelMean(), wideProfile})
              : Optional.empty();
      if (!panels.isEmpty() || profile.isPresent()) {
        lines.add(new Line(tap, scale(tap), panels, bars, profile));
      }
    }
    return new ClassMapsChart(
        "Class '" + className + "' per tap",
        "mean map of the class, of the dataset and their difference; channel means of the class"
            + " (red) over the dataset's (grey)",
        lines);
  }

  /**
   * Per tap with maps: the maps of {@code classIds} (the page's class first) side by side on one
   * colour scale, titled by {@code titles}.
   *
   * @throws IllegalArgumentException if no tap has maps for the first class
   */
  static ClassMapsChart compared(
      List<TapRows> taps, List<Integer> classIds, List<String> titles, Colormap map) {
    List<Line> lines = new ArrayList<>();
    for (TapRows tap : taps) {
      if (tap.height() * tap.width() == 0 || row(tap, classIds.get(0)).isEmpty()) {
        continue;
      }
      List<double[]> maps = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (int i = 0; i < classIds.size(); i++) {
        Optional<ActivationStats> r = row(tap, classIds.get(i));
        if (r.isPresent()) {
          maps.add(r.get().spatialMean());
          names.add(titles.get(i));
        }
      }
      Colorbar shared =
          new Colorbar(map, ValueRange.of(maps.toArray(double[][]::new)), "mean activation");
      List<Panel> panels = new ArrayList<>();
      for (int i = 0; i < maps.size(); i++) {
        panels.add(new Panel(Text.ellipsize(names.get(i), Text.SMALL, 150), maps.get(i), shared));
      }
      lines.add(new Line(tap, scale(tap), panels, List.of(panels.size() - 1), Optional.empty()));
    }
    return new ClassMapsChart(
        "Class '" + titles.get(0) + "' beside the classes it is confused with",
        "per tap, the classes' mean maps on one colour scale",
        lines);
  }

  /** The figure. */
  BufferedImage render() {
    try (Canvas canvas = new Canvas(size.width, size.height)) {
      Figure.drawHeading(canvas, title, subtitle);
      int y = top;
      for (Line line : lines) {
        drawLine(canvas, line, y);
        y += lineHeight(line);
      }
      return canvas.image();
    }
  }

  /** The figure's size in pixels. */
  Dimension size() {
    return size;
  }

  private void drawLine(Canvas canvas, Line line, int y) {
    TapRows tap = line.tap();
    canvas.left(
        "tap " + tap.tap() + " (" + tap.shape() + ")",
        Text.LABEL,
        Text.INK,
        Figure.MARGIN,
        y + Text.metrics(Text.LABEL).getAscent());
    int panelTop = y + Text.height(Text.LABEL) + 4 + labelHeight;
    int x = Figure.MARGIN;
    int side = panelSide(line);
    for (int i = 0; i < line.panels().size(); i++) {
      Panel p = line.panels().get(i);
      int w = tap.width() * line.scale();
      int h = tap.height() * line.scale();
      for (int yy = 0; yy < tap.height(); yy++) {
        for (int xx = 0; xx < tap.width(); xx++) {
          int rgb = p.colorbar().rgb(p.map()[yy * tap.width() + xx]);
          canvas.fill(
              x + xx * line.scale(), panelTop + yy * line.scale(), line.scale(), line.scale(), rgb);
        }
      }
      canvas.frame(new Rectangle(x, panelTop, w, h));
      canvas.left(p.title(), Text.SMALL, Text.INK, x, panelTop - 5);
      x += Math.max(w, 48) + GAP;
      if (line.barsAfter().contains(i)) {
        p.colorbar().draw(canvas, x, panelTop, Math.max(side, 80));
        x += p.colorbar().width() + GAP;
      }
    }
    if (line.profile().isPresent()) {
      drawProfile(canvas, line.profile().get(), x + GAP, panelTop, Math.max(side, 80));
    }
  }

  private static void drawProfile(Canvas canvas, double[][] series, int x, int y, int height) {
    Rectangle plot = new Rectangle(x, y, PROFILE_WIDTH, height);
    ValueRange range = ValueRange.of(series);
    canvas.graphics().setColor(new Color(0xF7F7F7));
    canvas.graphics().fillRect(plot.x, plot.y, plot.width, plot.height);
    canvas.frame(plot);
    canvas
        .graphics()
        .setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    Color[] colours = {CLASS_LINE, DATASET_LINE};
    for (int s = series.length - 1; s >= 0; s--) {
      double[] v = series[s];
      Path2D.Double path = new Path2D.Double();
      boolean started = false;
      for (int c = 0; c < v.length; c++) {
        if (!Double.isFinite(v[c])) {
          started = false;
          continue;
        }
        double px = plot.x + (v.length == 1 ? 0.5 : c / (double) (v.length - 1)) * plot.width;
        double py = plot.y + (1 - range.fraction(v[c])) * plot.height;
        if (started) {
          path.lineTo(px, py);
        } else {
          path.moveTo(px, py);
          started = true;
        }
      }
      canvas.graphics().setColor(colours[s]);
      canvas.graphics().setStroke(new BasicStroke(s == 0 ? 1.2f : 1.0f));
      canvas.graphics().draw(path);
    }
    canvas.graphics().setStroke(new BasicStroke(1f));
    canvas
        .graphics()
        .setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
    int labelX = plot.x + plot.width + 4;
    canvas.left(
        Ticks.label(range.hi()),
        Text.SMALL,
        Text.MUTED,
        labelX,
        plot.y + Text.metrics(Text.SMALL).getAscent());
    canvas.left(Ticks.label(range.lo()), Text.SMALL, Text.MUTED, labelX, plot.y + plot.height);
    canvas.left(
        series[0].length + " channels",
        Text.SMALL,
        Text.MUTED,
        plot.x,
        plot.y + plot.height + Text.metrics(Text.SMALL).getAscent() + 2);
  }

  private int lineWidth(Line line) {
    int w = 0;
    TapRows tap = line.tap();
    for (int i = 0; i < line.panels().size(); i++) {
      w += Math.max(tap.width() * line.scale(), 48) + GAP;
      if (line.barsAfter().contains(i)) {
        w += line.panels().get(i).colorbar().width() + GAP;
      }
    }
    if (line.profile().isPresent()) {
      w += GAP + PROFILE_WIDTH + 4 + Text.width("-0.000e-00", Text.SMALL);
    }
    return w;
  }

  private int lineHeight(Line line) {
    return Text.height(Text.LABEL)
        + 4
        + labelHeight
        + Math.max(panelSide(line), 80)
        + Text.height(Text.SMALL)
        + 4
        + ROW_GAP;
  }

  private static int panelSide(Line line) {
    return line.panels().isEmpty() ? 0 : line.tap().height() * line.scale();
  }

  private static int scale(TapRows tap) {
    int side = Math.max(1, Math.max(tap.height(), tap.width()));
    return Math.max(1, (int) Math.ceil((double) TARGET / side));
  }

  private static Optional<ActivationStats> row(TapRows tap, int classId) {
    // classRows is sorted by id: binary search keeps 1,000 class pages linear overall.
    List<ActivationStats> rows = tap.classRows();
    int lo = 0;
    int hi = rows.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int id = rows.get(mid).classId();
      if (id == classId) {
        return Optional.of(rows.get(mid));
      }
      if (id < classId) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return Optional.empty();
  }

  private static double[] meanOver(
      List<ActivationStats> rows, java.util.function.Function<ActivationStats, double[]> field) {
    double[] mean = new double[field.apply(rows.get(0)).length];
    for (ActivationStats r : rows) {
      double[] v = field.apply(r);
      for (int i = 0; i < mean.length; i++) {
        mean[i] += v[i] / rows.size();
      }
    }
    return mean;
  }
}
