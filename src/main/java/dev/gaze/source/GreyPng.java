package dev.gaze.source;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Encodes 8-bit grey pixels as PNG with the JDK's own ImageIO PNG writer and its default settings,
 * which writes no time stamp: the same pixels give the same bytes on the same JDK.
 */
public final class GreyPng {

  private static final String JDK_WRITER = "com.sun.imageio.plugins.png.PNGImageWriter";

  private GreyPng() {}

  /** PNG bytes of a {@code width x height} grey image given row by row. */
  public static byte[] encode(byte[] pixels, int width, int height) throws IOException {
    if (pixels.length != width * height) {
      throw new IllegalArgumentException(
          pixels.length + " pixels do not make a " + width + " x " + height + " image");
    }
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    image.getRaster().setDataElements(0, 0, width, height, pixels);
    ImageWriter writer = pngWriter();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(image, null, null), writer.getDefaultWriteParam());
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /** The JDK's PNG writer when present (so other plugins cannot change the bytes), else any. */
  private static ImageWriter pngWriter() {
    ImageWriter fallback = null;
    for (Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("png"); it.hasNext(); ) {
      ImageWriter writer = it.next();
      if (writer.getClass().getName().equals(JDK_WRITER)) {
        return writer;
      }
      if (fallback == null) {
        fallback = writer;
      }
    }
    if (fallback == null) {
      throw new IllegalStateException("no ImageIO PNG writer on this JVM");
    }
    return fallback;
  }
}
