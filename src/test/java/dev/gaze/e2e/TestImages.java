package dev.gaze.e2e;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Writes labelled test images of many sizes and colour types: a bright blob on a dark background,
 * in the left or the right half of the region the model's centre crop keeps.
 */
final class TestImages {

  private TestImages() {}

  /** Where the blob is. */
  enum Side {
    LEFT,
    RIGHT
  }

  /**
   * A blob image of {@code width x height} of the given {@link BufferedImage} type; the blob sits
   * in the given half of the central square (what a shorter-side resize and centre crop keep).
   */
  static BufferedImage blob(int width, int height, int type, Side side, long seed) {
    BufferedImage image = new BufferedImage(width, height, type);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(12, 10, 14));
    g.fillRect(0, 0, width, height);
    int square = Math.min(width, height);
    int x0 = (width - square) / 2;
    int y0 = (height - square) / 2;
    int jitter = (int) (seed % 3) * square / 40;
    int bx = x0 + (side == Side.LEFT ? square / 10 : square / 2 + square / 10) + jitter;
    int by = y0 + square / 4 + jitter;
    g.setColor(new Color(235, 220, 200));
    g.fillOval(bx, by, square * 3 / 10, square / 2);
    g.dispose();
    return image;
  }

  /** A 16-bit grey PNG's image of the same picture (values spread over the 16-bit range). */
  static BufferedImage blob16(int width, int height, Side side, long seed) {
    BufferedImage eight = blob(width, height, BufferedImage.TYPE_BYTE_GRAY, side, seed);
    BufferedImage sixteen = new BufferedImage(width, height, BufferedImage.TYPE_USHORT_GRAY);
    WritableRaster out = sixteen.getRaster();
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        out.setSample(x, y, 0, eight.getRaster().getSample(x, y, 0) * 257);
      }
    }
    return sixteen;
  }

  static byte[] encode(BufferedImage image, String format) {
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void write(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
