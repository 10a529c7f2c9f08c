package dev.gaze.image;

/**
 * Separable antialiased resizing of planar float images, with the semantics of Pillow's {@code
 * Image.resize(size, BILINEAR)} (or {@code BICUBIC}; no {@code reducing_gap}, no box) on a float
 * ("F") image.
 *
 * <p>Each axis is resampled with a triangle filter whose support is widened by the scale factor
 * when downscaling (see {@link ResampleWeights}), horizontally first and then vertically, like
 * Pillow; an axis whose size does not change is not touched. Sums are taken in double precision and
 * stored as float. Pillow's 8-bit modes round to integers after each pass; this class does not, so
 * it can differ from Pillow on 8-bit images by about one grey level.
 */
public final class Resampler {

  private Resampler() {}

  /**
   * Resizes a planar image (see {@link DecodedImage} for the layout).
   *
   * @param src {@code channels * srcHeight * srcWidth} values, planar
   * @param channels number of planes, positive
   * @param srcHeight source height, positive
   * @param srcWidth source width, positive
   * @param dstHeight output height, positive
   * @param dstWidth output width, positive
   * @return a new array of {@code channels * dstHeight * dstWidth} values, planar
   * @throws IllegalArgumentException if a size is not positive or {@code src} has the wrong length
   */
  public static float[] resize(
      float[] src, int channels, int srcHeight, int srcWidth, int dstHeight, int dstWidth) {
    return resize(src, channels, srcHeight, srcWidth, dstHeight, dstWidth, Interpolation.BILINEAR);
  }

  /**
   * Resizes a planar image with the given filter; a filter that overshoots (bicubic) has each
   * pass's results clamped to [0, 1], as Pillow's 8-bit images are.
   *
   * @see #resize(float[], int, int, int, int, int)
   */
  public static float[] resize(
      float[] src,
      int channels,
      int srcHeight,
      int srcWidth,
      int dstHeight,
      int dstWidth,
      Interpolation filter) {
    if (channels <= 0 || srcHeight <= 0 || srcWidth <= 0 || dstHeight <= 0 || dstWidth <= 0) {
      throw new IllegalArgumentException(
          "sizes must be positive, got "
              + channels
              + " channel(s) "
              + srcHeight
              + "x"
              + srcWidth
              + " -> "
              + dstHeight
              + "x"
              + dstWidth);
    }
    if ((long) channels * srcHeight * srcWidth != src.length) {
      throw new IllegalArgumentException(
          "expected "
              + (long) channels * srcHeight * srcWidth
              + " values for "
              + channels
              + "x"
              + srcHeight
              + "x"
              + srcWidth
              + ", got "
              + src.length);
    }
    float[] rows = src;
    if (dstWidth != srcWidth) {
      rows = horizontal(src, channels * srcHeight, srcWidth, dstWidth, filter);
    }
    float[] out = rows;
    if (dstHeight != srcHeight) {
      out = vertical(rows, channels, srcHeight, dstHeight, dstWidth, filter);
    }
    return out == src ? src.clone() : out;
  }

  /**
   * Resizes a decoded image, keeping its channels.
   *
   * @param image the image
   * @param height output height, positive
   * @param width output width, positive
   * @return the resized image (values stay in [0, 1]: the weights are non-negative and sum to 1)
   */
  public static DecodedImage resize(DecodedImage image, int height, int width) {
    float[] out =
        resize(image.data(), image.channels(), image.height(), image.width(), height, width);
    return DecodedImage.wrap(width, height, image.channels(), out);
  }

  private static float[] horizontal(
      float[] src, int rowCount, int inWidth, int outWidth, Interpolation filter) {
    ResampleWeights wx = ResampleWeights.of(inWidth, outWidth, filter);
    boolean clamp = filter.overshoots();
    float[] out = new float[rowCount * outWidth];
    for (int r = 0; r < rowCount; r++) {
      int in = r * inWidth;
      int o = r * outWidth;
      for (int x = 0; x < outWidth; x++) {
        int first = in + wx.start[x];
        int k0 = x * wx.stride;
        double sum = 0;
        for (int k = 0; k < wx.count[x]; k++) {
          sum += wx.weights[k0 + k] * src[first + k];
        }
        out[o + x] = (float) (clamp ? clamp01(sum) : sum);
      }
    }
    return out;
  }

  private static float[] vertical(
      float[] src, int channels, int inHeight, int outHeight, int width, Interpolation filter) {
    ResampleWeights wy = ResampleWeights.of(inHeight, outHeight, filter);
    boolean clamp = filter.overshoots();
    float[] out = new float[channels * outHeight * width];
    double[] acc = new double[width];
    for (int c = 0; c < channels; c++) {
      int inPlane = c * inHeight * width;
      int outPlane = c * outHeight * width;
      for (int y = 0; y < outHeight; y++) {
        java.util.Arrays.fill(acc, 0);
        int k0 = y * wy.stride;
        for (int k = 0; k < wy.count[y]; k++) {
          double w = wy.weights[k0 + k];
          int row = inPlane + (wy.start[y] + k) * width;
          for (int x = 0; x < width; x++) {
            acc[x] += w * src[row + x];
          }
        }
        int o = outPlane + y * width;
        for (int x = 0; x < width; x++) {
          out[o + x] = (float) (clamp ? clamp01(acc[x]) : acc[x]);
        }
      }
    }
    return out;
  }

  private static double clamp01(double v) {
    return v < 0 ? 0 : v > 1 ? 1 : v;
  }
}
