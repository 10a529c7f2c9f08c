package dev.gaze.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;

/** A white RGB image with a configured {@link Graphics2D} and text-placement helpers. */
final class Canvas implements AutoCloseable {

  private final BufferedImage image;
  private final Graphics2D g;

  /** A white canvas of {@code width x height} pixels. */
  Canvas(int width, int height) {
    image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    g = image.createGraphics();
    Text.hints(g);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
  }

  /** The image drawn so far. */
  BufferedImage image() {
    return image;
  }

  /** The graphics to draw with. */
  Graphics2D graphics() {
    return g;
  }

  /** Fills a rectangle with {@code 0xRRGGBB}, unantialiased so that cells meet exactly. */
  void fill(int x, int y, int w, int h, int rgb) {
    g.setColor(new Color(rgb));
    g.fillRect(x, y, w, h);
  }

  /** Draws a one-pixel {@link Text#FRAME} line just outside {@code area}. */
  void frame(Rectangle area) {
    g.setColor(Text.FRAME);
    g.drawRect(area.x - 1, area.y - 1, area.width + 1, area.height + 1);
  }

  /** Draws {@code s} with its left end at {@code x} and its baseline at {@code baseline}. */
  void left(String s, Font font, Color color, int x, int baseline) {
    g.setFont(font);
    g.setColor(color);
    g.drawString(s, x, baseline);
  }

  /** Draws {@code s} horizontally centred on {@code cx}, baseline at {@code baseline}. */
  void centred(String s, Font font, Color color, int cx, int baseline) {
    left(s, font, color, cx - Text.width(s, font) / 2, baseline);
  }

  /** Draws {@code s} ending at {@code right}, vertically centred on {@code cy}. */
  void rightMiddle(String s, Font font, Color color, int right, int cy) {
    left(s, font, color, right - Text.width(s, font), middleBaseline(font, cy));
  }

  /** Draws {@code s} starting at {@code x}, vertically centred on {@code cy}. */
  void leftMiddle(String s, Font font, Color color, int x, int cy) {
    left(s, font, color, x, middleBaseline(font, cy));
  }

  /** Draws {@code s} centred on ({@code cx}, {@code cy}) in both directions. */
  void centredMiddle(String s, Font font, Color color, int cx, int cy) {
    centred(s, font, color, cx, middleBaseline(font, cy));
  }

  /**
   * Draws {@code s} turned 90 degrees counter-clockwise (reading upwards): when {@code alignTop}
   * its end is at {@code cy} and it runs down from there, else it is centred on {@code cy}; {@code
   * x} is the baseline's column (the glyphs lie to its left).
   */
  void upwards(String s, Font font, Color color, int x, int cy, boolean alignTop) {
    AffineTransform saved = g.getTransform();
    g.translate(x, cy);
    g.rotate(-Math.PI / 2);
    int w = Text.width(s, font);
    left(s, font, color, alignTop ? -w : -w / 2, 0);
    g.setTransform(saved);
  }

  /** The baseline that centres {@code font}'s ascent on {@code cy}. */
  static int middleBaseline(Font font, int cy) {
    FontMetrics fm = Text.metrics(font);
    return cy + (fm.getAscent() - fm.getDescent()) / 2;
  }

  @Override
  public void close() {
    g.dispose();
  }
}
