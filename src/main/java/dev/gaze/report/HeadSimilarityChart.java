package dev.gaze.report;

import dev.gaze.aggregate.AttentionRows;
import java.awt.Dimension;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * One block's head-similarity matrix: the mean cosine similarity of each pair of heads' class-token
 * maps, symmetric with 1 on the diagonal, each cell labelled with its value.
 */
final class HeadSimilarityChart {

  private static final int CELL = 56;

  private final String tap;
  private final double[][] cosine;
  private final Colorbar colorbar;
  private final int left;
  private final int top;
  private final Dimension size;

  HeadSimilarityChart(String tap, List<AttentionRows.HeadPair> pairs, int heads) {
    this.tap = tap;
    this.cosine = new double[heads][heads];
    for (int i = 0; i < heads; i++) {
      java.util.Arrays.fill(cosine[i], Double.NaN);
      cosine[i][i] = 1;
    }
    for (AttentionRows.HeadPair p : pairs) {
      cosine[p.headA()][p.headB()] = p.cosine();
      cosine[p.headB()][p.headA()] = p.cosine();
    }
    this.colorbar = new Colorbar(Colormap.blues(), new ValueRange(0, 1), "cosine");
    this.left = Figure.MARGIN + Text.width("head 00", Text.SMALL) + 8;
    this.top = Figure.headingBottom() + 10 + Text.height(Text.SMALL) + 4;
    int right = left + heads * CELL + 24 + colorbar.width();
    int bottom = top + Math.max(heads * CELL, 120);
    this.size = Figure.size(title(), subtitle(), right, bottom);
  }

  BufferedImage render() {
    try (Canvas canvas = new Canvas(size.width, size.height)) {
      Figure.drawHeading(canvas, title(), subtitle());
      int n = cosine.length;
      for (int i = 0; i < n; i++) {
        canvas.centred("head " + i, Text.SMALL, Text.INK, left + i * CELL + CELL / 2, top - 5);
        canvas.leftMiddle(
            "head " + i, Text.SMALL, Text.INK, Figure.MARGIN, top + i * CELL + CELL / 2);
        for (int j = 0; j < n; j++) {
          double v = cosine[i][j];
          int x = left + j * CELL;
          int y = top + i * CELL;
          canvas.fill(x, y, CELL, CELL, colorbar.rgb(v));
          String label = Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.2f", v);
          java.awt.Color ink = v > 0.6 ? java.awt.Color.WHITE : Text.INK;
          canvas.centredMiddle(label, Text.SMALL, ink, x + CELL / 2, y + CELL / 2);
        }
      }
      canvas.frame(new java.awt.Rectangle(left, top, n * CELL, n * CELL));
      colorbar.draw(canvas, left + n * CELL + 24, top, Math.max(120, n * CELL));
      return canvas.image();
    }
  }

  private String title() {
    return "How alike the heads of '" + tap + "' look";
  }

  private String subtitle() {
    return "cosine similarity of two heads' class-token maps, mean over all images";
  }
}
