package dev.gaze.train;

import dev.gaze.source.IdxImages;
import java.util.Arrays;

/**
 * Grey images of one size with a class label each, held as unsigned bytes (row-major, one image
 * after the other). Read-only after construction; the arrays are not copied, for size.
 */
public final class LabelledImages {

  private final byte[] pixels;
  private final byte[] labels;
  private final int height;
  private final int width;

  LabelledImages(byte[] pixels, byte[] labels, int height, int width) {
    if ((long) labels.length * height * width != pixels.length) {
      throw new IllegalArgumentException(
          labels.length
              + " labels do not match "
              + pixels.length
              + " pixels of "
              + height
              + "x"
              + width);
    }
    this.pixels = pixels;
    this.labels = labels;
    this.height = height;
    this.width = width;
  }

  /**
   * The images of an IDX image file with the labels of its label file.
   *
   * @throws IllegalArgumentException when the counts disagree or a label is not in 0..255
   */
  public static LabelledImages of(IdxImages images, int[] labels) {
    if (images.count() != labels.length) {
      throw new IllegalArgumentException(
          images.count() + " IDX images but " + labels.length + " labels");
    }
    int size = images.rows() * images.cols();
    byte[] pixels = new byte[Math.multiplyExact(images.count(), size)];
    byte[] classes = new byte[labels.length];
    for (int i = 0; i < labels.length; i++) {
      System.arraycopy(images.image(i), 0, pixels, i * size, size);
      if (labels[i] < 0 || labels[i] > 255) {
        throw new IllegalArgumentException(
            "label " + labels[i] + " of image " + i + " is not 0..255");
      }
      classes[i] = (byte) labels[i];
    }
    return new LabelledImages(pixels, classes, images.rows(), images.cols());
  }

  /**
   * Images from their pixels (row-major, one image after the other, each value 0..255 as an
   * unsigned byte) and labels; both are copied.
   *
   * @throws IllegalArgumentException when the sizes disagree or a label is not in 0..255
   */
  public static LabelledImages of(byte[] pixels, int[] labels, int height, int width) {
    byte[] classes = new byte[labels.length];
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] > 255) {
        throw new IllegalArgumentException(
            "label " + labels[i] + " of image " + i + " is not 0..255");
      }
      classes[i] = (byte) labels[i];
    }
    return new LabelledImages(pixels.clone(), classes, height, width);
  }

  /** Number of images. */
  public int count() {
    return labels.length;
  }

  /** Image height in pixels. */
  public int height() {
    return height;
  }

  /** Image width in pixels. */
  public int width() {
    return width;
  }

  /** The class label of image {@code i}. */
  public int label(int i) {
    return labels[i] & 0xff;
  }

  /** Pixel {@code (y, x)} of image {@code i}, in 0..255. */
  public int pixel(int i, int y, int x) {
    return pixels[(i * height + y) * width + x] & 0xff;
  }

  /** The first {@code n} images. */
  public LabelledImages head(int n) {
    if (n < 0 || n > count()) {
      throw new IllegalArgumentException("head(" + n + ") of " + count() + " images");
    }
    byte[] p = Arrays.copyOf(pixels, n * height * width);
    return new LabelledImages(p, Arrays.copyOf(labels, n), height, width);
  }
}
