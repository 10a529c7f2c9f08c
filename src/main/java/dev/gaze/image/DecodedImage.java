package dev.gaze.image;

/**
 * A decoded image: {@code channels} planes of {@code height x width} pixel values in [0, 1].
 *
 * <p>Layout is planar (channel-major, like a CHW tensor): the value of channel {@code c} at row
 * {@code y}, column {@code x} is at index {@code (c * height + y) * width + x}. {@code channels} is
 * 1 (grey) or 3 (R, G, B); alpha is never kept. Values are the stored samples divided by the
 * largest sample value of their bit depth (255 for 8-bit, 65535 for 16-bit).
 *
 * <p>Immutable: the constructor copies its array and {@link #pixels()} returns a copy. An image
 * this package decodes from 8-bit samples keeps those ({@link ByteSamples}) and makes its floats
 * only when they are first asked for.
 */
public final class DecodedImage {

  private final int width;
  private final int height;
  private final int channels;
  private final ByteSamples bytes;
  private final DecodePath decodedBy;

  /** The values; for an image made from {@link #bytes}, null until first asked for. */
  private volatile float[] pixels;

  /**
   * Creates an image from planar pixel values (copied).
   *
   * @param width width in pixels, positive
   * @param height height in pixels, positive
   * @param channels 1 (grey) or 3 (RGB)
   * @param pixels {@code channels * height * width} values, planar
   * @throws IllegalArgumentException if the sizes do not fit together
   */
  public DecodedImage(int width, int height, int channels, float[] pixels) {
    this(width, height, channels, pixels.clone(), true);
  }

  /** Takes {@code pixels} as is; {@code taken} only tells this constructor from the public one. */
  private DecodedImage(int width, int height, int channels, float[] pixels, boolean taken) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "image size must be positive, got " + width + "x" + height);
    }
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels must be 1 (grey) or 3 (RGB), got " + channels);
    }
    if ((long) width * height * channels != pixels.length) {
      throw new IllegalArgumentException(
          "expected "
              + channels
              + "x"
              + height
              + "x"
              + width
              + " = "
              + (long) width * height * channels
              + " values, got "
              + pixels.length);
    }
    this.width = width;
    this.height = height;
    this.channels = channels;
    this.pixels = pixels;
    this.bytes = null;
    this.decodedBy = null;
  }

  private DecodedImage(ByteSamples bytes, DecodePath decodedBy) {
    this.width = bytes.width();
    this.height = bytes.height();
    this.channels = bytes.channels();
    this.bytes = bytes;
    this.decodedBy = decodedBy;
  }

  private DecodedImage(DecodedImage image, DecodePath decodedBy) {
    this.width = image.width;
    this.height = image.height;
    this.channels = image.channels;
    this.bytes = image.bytes;
    this.pixels = image.pixels;
    this.decodedBy = decodedBy;
  }

  /** Wraps an array this package has just filled and will not touch again (no copy). */
  static DecodedImage wrap(int width, int height, int channels, float[] pixels) {
    return new DecodedImage(width, height, channels, pixels, true);
  }

  /** Wraps 8-bit samples this package has just decoded and will not touch again (no copy). */
  static DecodedImage wrap(ByteSamples bytes) {
    return wrap(bytes, null);
  }

  /** As {@link #wrap(ByteSamples)}, naming the decoder. */
  static DecodedImage wrap(ByteSamples bytes, DecodePath decodedBy) {
    if (bytes.width() <= 0 || bytes.height() <= 0) {
      throw new IllegalArgumentException(
          "image size must be positive, got " + bytes.width() + "x" + bytes.height());
    }
    return new DecodedImage(bytes, decodedBy);
  }

  /** This image (sharing its samples) as made by {@code decoder}. */
  DecodedImage decodedBy(DecodePath decoder) {
    return new DecodedImage(this, decoder);
  }

  /** Width in pixels. */
  public int width() {
    return width;
  }

  /** Height in pixels. */
  public int height() {
    return height;
  }

  /** Number of channels: 1 (grey) or 3 (RGB). */
  public int channels() {
    return channels;
  }

  /**
   * One pixel value.
   *
   * @param channel channel index, {@code 0 <= channel < channels()}
   * @param y row, {@code 0 <= y < height()}
   * @param x column, {@code 0 <= x < width()}
   * @return the value in [0, 1]
   */
  public float get(int channel, int y, int x) {
    if (channel < 0 || channel >= channels || y < 0 || y >= height || x < 0 || x >= width) {
      throw new IndexOutOfBoundsException(
          "("
              + channel
              + ", "
              + y
              + ", "
              + x
              + ") outside "
              + channels
              + "x"
              + height
              + "x"
              + width);
    }
    return data()[(channel * height + y) * width + x];
  }

  /** A copy of all values, planar (see the class comment). */
  public float[] pixels() {
    return data().clone();
  }

  /** The values without a copy, for this package's own read-only use. */
  float[] data() {
    float[] p = pixels;
    if (p == null) {
      p = bytes.toPlanar();
      pixels = p;
    }
    return p;
  }

  /**
   * Which decoder made this image: {@link DecodePath#NATIVE} or {@link DecodePath#IMAGEIO} for an
   * image from {@link ImageDecoder}, null for one made from floats by the public constructor.
   */
  public DecodePath decodedBy() {
    return decodedBy;
  }

  /** The 8-bit samples this image was made from, or null if it was made from floats. */
  ByteSamples bytes() {
    return bytes;
  }

  @Override
  public String toString() {
    return "DecodedImage[" + width + "x" + height + ", " + channels + " channel(s)]";
  }
}
