package dev.gaze.report;

import dev.gaze.aggregate.AttentionRows;
import java.awt.Dimension;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Per class, the attention rollout drawn over the class's mean input image: the image in grey (its
 * own contrast stretch), the rollout map nearest-neighbour enlarged onto it in blue, blended at 60
 * %, on one rollout scale for all classes, with a colour bar.
 */
final class RolloutChart {

  private static final int GAP = 14;
  private static final int PANEL = 112;
  private static final double ALPHA = 0.6;

  private final List<AttentionRows.Rollout> rows;
  private final Map<Integer, AttentionRows.ClassImage> images;
  private final Colorbar colorbar;
  private final int columns;
  private final int top;
  private final Dimension size;

  /** The chart of the class rows (class id >= 0) of {@code rollout}. */
  RolloutChart(List<AttentionRows.Rollout> rollout, List<AttentionRows.ClassImage> classImages) {
    this.rows = rollout.stream().filter(r -> r.classId() >= 0).toList();
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("no per-class rollout to draw");
    }
    this.images =
        classImages.stream()
            .collect(Collectors.toMap(AttentionRows.ClassImage::classId, Function.identity()));
    this.colorbar =
        new Colorbar(
            Colormap.blues(),
            ValueRange.of(
                rows.stream().map(AttentionRows.Rollout::rollout).toArray(double[][]::new)),
            "rollout");
    this.columns = Math.min(rows.size(), 5);
    this.top = Figure.headingBottom() + 10;
    int rowsOfPanels = (rows.size() + columns - 1) / columns;
    int right = Figure.MARGIN + columns * (PANEL + GAP) + GAP + colorbar.width();
    int bottom = top + rowsOfPanels * cellHeight();
    this.size = Figure.size(title(), subtitle(), right, bottom);
  }

  private int cellHeight() {
    return Text.height(Text.SMALL) + 4 + PANEL + GAP;
  }

  BufferedImage render() {
    try (Canvas canvas = new Canvas(size.width, size.height)) {
      Figure.drawHeading(canvas, title(), subtitle());
      for (int i = 0; i < rows.size(); i++) {
        AttentionRows.Rollout r = rows.get(i);
        int x = Figure.MARGIN + (i % columns) * (PANEL + GAP);
        int y = top + (i / columns) * cellHeight() + Text.height(Text.SMALL) + 4;
        canvas.left(
            Text.ellipsize(r.className(), Text.SMALL, PANEL), Text.SMALL, Text.INK, x, y - 5);
        drawPanel(canvas, r, images.get(r.classId()), x, y);
        canvas.frame(new java.awt.Rectangle(x, y, PANEL, PANEL));
      }
      colorbar.draw(
          canvas,
          Figure.MARGIN + columns * (PANEL + GAP) + GAP,
          top + Text.height(Text.SMALL) + 4,
          Math.max(PANEL, size.height - top - Figure.MARGIN - 40));
      return canvas.image();
    }
  }

  private void drawPanel(
      Canvas canvas, AttentionRows.Rollout r, AttentionRows.ClassImage image, int x, int y) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    if (image != null) {
      for (double v : image.mean()) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    BufferedImage out = new BufferedImage(PANEL, PANEL, BufferedImage.TYPE_INT_RGB);
    for (int py = 0; py < PANEL; py++) {
      for (int px = 0; px < PANEL; px++) {
        int grey = 255;
        if (image != null) {
          int iy = py * image.height() / PANEL;
          int ix = px * image.width() / PANEL;
          double v = image.mean()[iy * image.width() + ix];
          grey = (int) Math.round(255 * (hi > lo ? (v - lo) / (hi - lo) : 0.5));
        }
        int gy = py * r.gridH() / PANEL;
        int gx = px * r.gridW() / PANEL;
        int blue = colorbar.rgb(r.rollout()[gy * r.gridW() + gx]);
        int rgb = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
          int c = (blue >> shift) & 0xFF;
          rgb |= ((int) Math.round(ALPHA * c + (1 - ALPHA) * grey)) << shift;
        }
        out.setRGB(px, py, rgb);
      }
    }
    canvas.graphics().drawImage(out, x, y, null);
  }

  private String title() {
    return "Attention rollout per class, over the class's mean input image";
  }

  private String subtitle() {
    return "rollout (Abnar & Zuidema 2020) of the class token over the patches, mean over the"
        + " class's images; blended at 60 % over the mean image in grey";
  }
}
