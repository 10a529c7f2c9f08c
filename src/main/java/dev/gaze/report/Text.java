package dev.gaze.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** Fonts, colours and text measurement shared by every chart. */
final class Text {

  /** A figure's title. */
  static final Font TITLE = new Font("SansSerif", Font.BOLD, 17);

  /** A figure's subtitle and axis labels. */
  static final Font LABEL = new Font("SansSerif", Font.PLAIN, 14);

  /** Panel titles, tick labels, legends. */
  static final Font SMALL = new Font("SansSerif", Font.PLAIN, 12);

  /** The colour of text, axes and ticks. */
  static final Color INK = new Color(0x222222);

  /** The colour of secondary text (subtitles). */
  static final Color MUTED = new Color(0x555555);

  /** The colour of frames around cells and panels. */
  static final Color FRAME = new Color(0x888888);

  private static final String ELLIPSIS = "\u2026";
  private static final Graphics2D SCRATCH = scratch();

  private Text() {}

  /** Sets the rendering hints every chart uses: antialiased shapes and text, exact strokes. */
  static void hints(Graphics2D g) {
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_OFF);
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
  }

  /** The metrics of {@code font} as the charts draw it. */
  static synchronized FontMetrics metrics(Font font) {
    return SCRATCH.getFontMetrics(font);
  }

  /** The advance width of {@code s} in {@code font}, in pixels. */
  static int width(String s, Font font) {
    return metrics(font).stringWidth(s);
  }

  /** The line height of {@code font}, in pixels. */
  static int height(Font font) {
    return metrics(font).getHeight();
  }

  /**
   * {@code s} if it fits in {@code maxWidth} pixels, else its longest prefix that fits with an
   * ellipsis appended (just the ellipsis if nothing else fits).
   */
  static String ellipsize(String s, Font font, int maxWidth) {
    FontMetrics fm = metrics(font);
    if (fm.stringWidth(s) <= maxWidth) {
      return s;
    }
    int budget = maxWidth - fm.stringWidth(ELLIPSIS);
    int end = s.length();
    while (end > 0 && fm.stringWidth(s.substring(0, end)) > budget) {
      end = s.offsetByCodePoints(end, -1);
    }
    return s.substring(0, end).stripTrailing() + ELLIPSIS;
  }

  /** The widest of {@code strings} in {@code font}, 0 for none. */
  static int maxWidth(Iterable<String> strings, Font font) {
    int max = 0;
    for (String s : strings) {
      max = Math.max(max, width(s, font));
    }
    return max;
  }

  private static Graphics2D scratch() {
    Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
    hints(g);
    return g;
  }
}
