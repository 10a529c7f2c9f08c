package dev.gaze.report;

import dev.gaze.aggregate.AttentionAggregation;
import dev.gaze.aggregate.AttentionRows;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Entropy and mean attention distance of every head of every block over the whole dataset: two dot
 * plots side by side, blocks along x, one colour per head, the head mean as a black line.
 */
final class HeadProfileChart {

  private static final int PLOT_W = 360;
  private static final int PLOT_H = 240;
  private static final int GAP = 70;
  private static final Color[] HEAD_COLOURS = {
    new Color(0x1F77B4), new Color(0xFF7F0E), new Color(0x2CA02C), new Color(0xD62728),
    new Color(0x9467BD), new Color(0x8C564B), new Color(0xE377C2), new Color(0x7F7F7F)
  };

  private final List<String> taps;
  private final List<AttentionRows.Stats> rows;
  private final int heads;
  private final double maxEntropy;
  private final int left;
  private final int top;
  private final Dimension size;

  /**
   * @param taps the attention taps, first block first
   * @param datasetWide the rows with class id -1
   * @param heads heads per block
   * @param patches patches per grid (the entropy's upper bound is its log)
   */
  HeadProfileChart(
      List<String> taps, List<AttentionRows.Stats> datasetWide, int heads, int patches) {
    this.taps = taps;
    this.rows = datasetWide;
    this.heads = heads;
    this.maxEntropy = Math.log(patches);
    this.left = Figure.MARGIN + 50;
    this.top = Figure.headingBottom() + 30;
    int right = left + 2 * PLOT_W + GAP + 90;
    this.size = Figure.size(title(), subtitle(), right, top + PLOT_H + 50);
  }

  BufferedImage render() {
    try (Canvas canvas = new Canvas(size.width, size.height)) {
      Figure.drawHeading(canvas, title(), subtitle());
      double maxDistance = 0;
      for (AttentionRows.Stats s : rows) {
        maxDistance = Math.max(maxDistance, s.distanceMean());
      }
      plot(
          canvas,
          left,
          "entropy (nats; ln patches = " + fmt(maxEntropy) + ")",
          maxEntropy,
          AttentionRows.Stats::entropyMean);
      plot(
          canvas,
          left + PLOT_W + GAP,
          "mean attention distance (patches)",
          Math.max(1, Math.ceil(maxDistance)),
          AttentionRows.Stats::distanceMean);
      int lx = left + 2 * PLOT_W + GAP + 16;
      for (int h = 0; h <= heads; h++) {
        Color c = h == heads ? Text.INK : HEAD_COLOURS[h % HEAD_COLOURS.length];
        int y = top + 10 + h * 20;
        canvas.fill(lx, y - 5, 10, 10, c.getRGB() & 0xFFFFFF);
        canvas.leftMiddle(h == heads ? "mean" : "head " + h, Text.SMALL, Text.INK, lx + 16, y);
      }
      return canvas.image();
    }
  }

  private void plot(
      Canvas canvas, int x0, String label, double hi, ToDoubleFunction<AttentionRows.Stats> value) {
    canvas.frame(new java.awt.Rectangle(x0, top, PLOT_W, PLOT_H));
    canvas.centred(label, Text.SMALL, Text.INK, x0 + PLOT_W / 2, top - 8);
    for (double t : Ticks.between(0, hi, 5)) {
      int y = yOf(t, hi);
      canvas.rightMiddle(Ticks.label(t), Text.SMALL, Text.MUTED, x0 - 6, y);
    }
    int n = taps.size();
    int[] meanX = new int[n];
    int[] meanY = new int[n];
    for (int b = 0; b < n; b++) {
      int cx = x0 + (int) ((b + 0.5) * PLOT_W / n);
      canvas.centred(taps.get(b), Text.SMALL, Text.INK, cx, top + PLOT_H + 18);
      for (AttentionRows.Stats s : rows) {
        if (!s.tap().equals(taps.get(b))) {
          continue;
        }
        int y = yOf(value.applyAsDouble(s), hi);
        if (s.head() == AttentionAggregation.HEAD_MEAN) {
          meanX[b] = cx;
          meanY[b] = y;
        } else {
          int dx = (s.head() - (heads - 1) / 2) * 6;
          Color c = HEAD_COLOURS[s.head() % HEAD_COLOURS.length];
          canvas.graphics().setColor(c);
          canvas.graphics().fillOval(cx + dx - 5, y - 5, 10, 10);
        }
      }
    }
    var g = canvas.graphics();
    g.setColor(Text.INK);
    g.setStroke(new BasicStroke(2f));
    g.drawPolyline(meanX, meanY, n);
    g.setStroke(new BasicStroke(1f));
  }

  private int yOf(double v, double hi) {
    return top + PLOT_H - (int) Math.round(PLOT_H * Math.max(0, Math.min(1, v / hi)));
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  private String title() {
    return "How focused and how far each head looks, per block";
  }

  private String subtitle() {
    return "over the whole dataset: entropy of the class-token map, and attention-weighted distance"
        + " from each patch to the patches it attends to";
  }
}
