package dev.gaze.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes JPEG and PNG bytes into a {@link DecodedImage}, refusing oversized, truncated, corrupt
 * and foreign data with an {@link ImageProblem}.
 *
 * <ul>
 *   <li>The format is recognised by magic bytes. 8-bit grey and colour JPEGs (baseline and
 *       progressive) and 8-bit grey, grey+alpha, RGB and RGBA PNGs are decoded natively ({@link
 *       NativeCodecs}: SIMD libjpeg-turbo and libpng, as Pillow decodes them, giving the same
 *       pixels), the rest by ImageIO: JPEG (also CMYK and YCCK) by the TwelveMonkeys reader, PNG
 *       (also palette; 1 to 16 bits) by the JDK's ({@link ImageHeader} says which). A file the
 *       native decoders refuse or warn about, and every file when their natives do not load or the
 *       system property {@value NativeCodecs#DECODER_PROPERTY} is {@code imageio}, goes to ImageIO,
 *       which also names what is wrong with a broken one. {@link DecodedImage#decodedBy()} says
 *       which decoder made an image.
 *   <li>The pixel guard reads only the header and refuses an image with more than {@code maxPixels}
 *       pixels before any pixel is decoded.
 *   <li>Alpha is dropped (as Pillow's {@code convert("RGB")}, no compositing); 16-bit samples are
 *       divided by 65535. No colour management is applied, as in Pillow/torchvision: a grey or RGB
 *       JPEG's embedded ICC profile is dropped before decoding ({@link JpegIcc}); only CMYK/YCCK
 *       JPEGs are turned into RGB by the TwelveMonkeys reader (with the embedded ICC profile, or a
 *       generic CMYK one). EXIF orientation is ignored, as in Pillow/torchvision.
 *   <li>A decoder warning counts as a failure (libjpeg reports a truncated file only as the warning
 *       "Premature end of JPEG file" and fills the rest with grey), except libjpeg's "extraneous
 *       bytes before marker", after which the pixels are intact and which is common in camera
 *       files.
 * </ul>
 *
 * <p>Thread safe: every call makes its own buffers, reader and stream and disposes of them.
 */
public final class ImageDecoder {

  /** Pillow's default {@code Image.MAX_IMAGE_PIXELS}: 1024 * 1024 * 1024 / 4 / 3. */
  public static final long DEFAULT_MAX_PIXELS = 89_478_485L;

  /** The largest planar float array (3 channels) a decoded image may need. */
  private static final long MAX_VALUES = Integer.MAX_VALUE - 16L;

  private ImageDecoder() {}

  /**
   * Decodes one image.
   *
   * @param bytes the whole file
   * @param maxPixels the largest {@code width * height} to decode, positive (see {@link
   *     #DEFAULT_MAX_PIXELS})
   * @return the pixels, 1 (grey) or 3 (RGB) channels
   * @throws ImageProblem if the bytes are empty, not JPEG/PNG, over the pixel limit, truncated or
   *     corrupt
   * @throws IllegalArgumentException if {@code maxPixels} is not positive
   */
  public static DecodedImage decode(byte[] bytes, long maxPixels) throws ImageProblem {
    return decode(bytes, maxPixels, true);
  }

  /**
   * Decodes one image, with the native decoders only where {@code natively} allows it (for
   * comparisons and benchmarks of the two paths).
   *
   * @param natively false to decode with ImageIO whatever the image
   * @throws IllegalArgumentException also if the system property {@value
   *     NativeCodecs#DECODER_PROPERTY} names no decoder
   * @see #decode(byte[], long)
   */
  public static DecodedImage decode(byte[] bytes, long maxPixels, boolean natively)
      throws ImageProblem {
    if (maxPixels <= 0) {
      throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
    }
    ImageFormat format = ImageFormat.sniff(bytes);
    if (natively) {
      ImageHeader header = ImageHeader.read(format, bytes);
      if (header.forNative() && NativeCodecs.available()) {
        checkSize(header.width(), header.height(), maxPixels);
        ByteSamples samples = NativeCodecs.decode(format, bytes, header.channels());
        if (samples != null
            && samples.width() == header.width()
            && samples.height() == header.height()) {
          return DecodedImage.wrap(samples, DecodePath.NATIVE);
        }
      }
    }
    return imageIo(format, bytes, maxPixels).decodedBy(DecodePath.IMAGEIO);
  }

  private static DecodedImage imageIo(ImageFormat format, byte[] bytes, long maxPixels)
      throws ImageProblem {
    if (format == ImageFormat.JPEG) {
      bytes = JpegIcc.strip(bytes);
    }
    ImageReader reader;
    try {
      reader = ImageReaders.newReader(format);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a " + format.label() + " reader", e);
    }
    Warnings warnings = new Warnings();
    reader.addIIOReadWarningListener(warnings);
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      reader.setInput(in, true, true);
      int width = reader.getWidth(0);
      int height = reader.getHeight(0);
      checkSize(width, height, maxPixels);
      BufferedImage image = reader.read(0, reader.getDefaultReadParam());
      if (warnings.first != null) {
        throw new ImageProblem(describeWarning(format, warnings.first));
      }
      if (image.getWidth() != width || image.getHeight() != height) {
        throw new ImageProblem(
            "corrupt "
                + format.label()
                + ": header says "
                + width
                + "x"
                + height
                + " but "
                + image.getWidth()
                + "x"
                + image.getHeight()
                + " was decoded");
      }
      return RasterConversion.toDecoded(image);
    } catch (IOException | RuntimeException e) {
      throw new ImageProblem(describe(format, e, warnings.first), e);
    } finally {
      reader.dispose();
    }
  }

  private static void checkSize(int width, int height, long maxPixels) throws ImageProblem {
    long pixels = (long) width * height;
    if (width <= 0 || height <= 0) {
      throw new ImageProblem("image has no pixels (" + width + "x" + height + ")");
    }
    if (pixels > maxPixels) {
      throw new ImageProblem(
          "image is "
              + width
              + "x"
              + height
              + " = "
              + pixels
              + " pixels, over the limit of "
              + maxPixels
              + " (--max-pixels)");
    }
    if (pixels * 3 > MAX_VALUES) {
      throw new ImageProblem(
          "image is "
              + width
              + "x"
              + height
              + " = "
              + pixels
              + " pixels, too large for one array (at most "
              + MAX_VALUES / 3
              + " pixels)");
    }
  }

  private static String describeWarning(ImageFormat format, String warning) {
    return (isTruncation(warning) ? "truncated " : "corrupt ") + format.label() + ": " + warning;
  }

  private static boolean isTruncation(String warning) {
    return warning.contains("Premature end of JPEG file")
        || warning.contains("Truncated File - Missing EOI marker");
  }

  /**
   * Whether a reader warning means the pixels are damaged: libjpeg's warnings about missing or
   * corrupt entropy-coded data. Warnings about metadata (ICC profiles, thumbnails, JFIF versions,
   * Adobe markers) and libjpeg's "extraneous bytes before marker" leave the pixels intact.
   */
  static boolean damaging(String warning) {
    if (isTruncation(warning)) {
      return true;
    }
    if (warning.contains("Corrupt JPEG data")) {
      return !warning.contains("extraneous bytes before marker");
    }
    return warning.contains("Inconsistent progression sequence")
        || warning.contains("Invalid SOS parameters");
  }

  /** One line for an exception from the reader, naming truncation where that is the cause. */
  private static String describe(ImageFormat format, Exception e, String warning) {
    boolean truncated = warning != null && isTruncation(warning);
    StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      truncated |= t instanceof EOFException;
      String message = t.getMessage();
      if (message != null && !message.isBlank() && text.indexOf(message) < 0) {
        text.append(text.length() == 0 ? "" : ": ").append(message);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    if (text.length() == 0) {
      text.append(e.getClass().getSimpleName());
    }
    String line = text.toString().replaceAll("\\s+", " ").trim();
    return (truncated ? "truncated " : "corrupt ") + format.label() + ": " + line;
  }

  /** Keeps the first warning that says the pixels are damaged. */
  private static final class Warnings implements IIOReadWarningListener {
    private String first;

    @Override
    public void warningOccurred(ImageReader source, String warning) {
      if (first == null && warning != null && damaging(warning)) {
        first = warning;
      }
    }
  }
}
