package dev.gaze.source;

/** The images of an IDX image file: {@code count} grey images of {@code rows x cols} bytes. */
public final class IdxImages {

  private final int count;
  private final int rows;
  private final int cols;
  private final byte[] pixels;

  IdxImages(int count, int rows, int cols, byte[] pixels) {
    if ((long) count * rows * cols != pixels.length) {
      throw new IllegalArgumentException(
          "IDX pixel count " + pixels.length + " is not " + count + " x " + rows + " x " + cols);
    }
    this.count = count;
    this.rows = rows;
    this.cols = cols;
    this.pixels = pixels;
  }

  /** How many images. */
  public int count() {
    return count;
  }

  /** Image height. */
  public int rows() {
    return rows;
  }

  /** Image width. */
  public int cols() {
    return cols;
  }

  /** A copy of image {@code i}'s pixels, row by row, 0 black to 255 white. */
  public byte[] image(int i) {
    if (i < 0 || i >= count) {
      throw new IndexOutOfBoundsException("image " + i + " of " + count);
    }
    int size = rows * cols;
    byte[] out = new byte[size];
    System.arraycopy(pixels, i * size, out, 0, size);
    return out;
  }
}
