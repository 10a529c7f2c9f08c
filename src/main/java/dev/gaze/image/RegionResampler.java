package dev.gaze.image;

import java.util.Arrays;

/**
 * One rectangle of {@link Resampler#resize}'s result, computed without the rest: the horizontal
 * pass runs only for the rectangle's columns and for the input rows its output rows read, the
 * vertical pass only for its rows. The values equal those of resizing the whole image and then
 * cropping, bit for bit: every kept output sample is the same sums of the same products in the same
 * order (double sums, stored as float after each pass, each pass clamped to [0, 1] for a filter
 * that overshoots).
 *
 * <p>A centre crop of 224 from a 256-pixel shorter side keeps about 60 % of the resized pixels of a
 * 4:3 image, so this is the preprocessing path; {@link Resampler} stays the plain definition. 8-bit
 * images ({@link ByteSamples}) are read straight from the decoder's bytes in the horizontal pass,
 * without a planar float copy of the whole image.
 */
final class RegionResampler {

  private RegionResampler() {}

  /**
   * Resizes {@code image} to {@code dstHeight x dstWidth} and returns the rectangle of {@code
   * height x width} output pixels at ({@code top}, {@code left}), planar.
   *
   * @throws IllegalArgumentException if a size is not positive or the rectangle does not lie inside
   *     the resized image
   */
  static float[] resize(
      DecodedImage image,
      int dstHeight,
      int dstWidth,
      Interpolation filter,
      int top,
      int left,
      int height,
      int width) {
    float[] out = new float[image.channels() * height * width];
    resize(image, dstHeight, dstWidth, filter, top, left, height, width, out, 0);
    return out;
  }

  /**
   * As {@link #resize(DecodedImage, int, int, Interpolation, int, int, int, int)}, writing the
   * rectangle into {@code out} from {@code offset} on, e.g. into a batch slot.
   */
  static void resize(
      DecodedImage image,
      int dstHeight,
      int dstWidth,
      Interpolation filter,
      int top,
      int left,
      int height,
      int width,
      float[] out,
      int offset) {
    if (dstHeight <= 0
        || dstWidth <= 0
        || height <= 0
        || width <= 0
        || top < 0
        || left < 0
        || top > dstHeight - height
        || left > dstWidth - width) {
      throw new IllegalArgumentException(
          "region "
              + height
              + "x"
              + width
              + " at ("
              + top
              + ", "
              + left
              + ") is not inside "
              + dstHeight
              + "x"
              + dstWidth);
    }
    int h = image.height();
    int w = image.width();
    int channels = image.channels();
    ResampleWeights wy = dstHeight != h ? ResampleWeights.of(h, dstHeight, filter) : null;
    int rowLo = top;
    int rowHi = top + height;
    if (wy != null) {
      rowLo = Integer.MAX_VALUE;
      rowHi = 0;
      for (int y = top; y < top + height; y++) {
        rowLo = Math.min(rowLo, wy.start[y]);
        rowHi = Math.max(rowHi, wy.start[y] + wy.count[y]);
      }
      rowHi = Math.max(rowHi, rowLo);
    }
    int rows = rowHi - rowLo;
    int midSize = channels * rows * width;
    // Without a vertical pass the horizontal one writes the result; else the thread's buffer takes
    // it, where it is small.
    float[] mid = wy == null ? out : midSize > MAX_SCRATCH ? new float[midSize] : scratch(midSize);
    int mo = wy == null ? offset : 0;
    ResampleWeights wx = dstWidth != w ? ResampleWeights.of(w, dstWidth, filter) : null;
    boolean clamp = filter.overshoots();
    ByteSamples bytes = image.bytes();
    if (bytes != null) {
      horizontal(bytes, rowLo, rows, left, width, wx, clamp, mid, mo);
    } else {
      horizontal(image.data(), channels, h, w, rowLo, rows, left, width, wx, clamp, mid, mo);
    }
    if (wy != null) {
      vertical(mid, channels, rows, rowLo, width, wy, top, height, clamp, out, offset);
    }
  }

  /** The horizontal pass over planar floats, into {@code mid} ({@code channels x rows x width}). */
  private static void horizontal(
      float[] src,
      int channels,
      int h,
      int w,
      int rowLo,
      int rows,
      int left,
      int width,
      ResampleWeights wx,
      boolean clamp,
      float[] mid,
      int mo) {
    for (int c = 0; c < channels; c++) {
      for (int r = 0; r < rows; r++) {
        int in = (c * h + rowLo + r) * w;
        int o = mo + (c * rows + r) * width;
        if (wx == null) {
          System.arraycopy(src, in + left, mid, o, width);
          continue;
        }
        for (int x = 0; x < width; x++) {
          int ox = left + x;
          int first = in + wx.start[ox];
          int k0 = ox * wx.stride;
          int n = wx.count[ox];
          double sum = 0;
          for (int k = 0; k < n; k++) {
            sum += wx.weights[k0 + k] * src[first + k];
          }
          mid[o + x] = (float) (clamp ? clamp01(sum) : sum);
        }
      }
    }
  }

  /**
   * The horizontal pass over 8-bit samples, all channels of a pixel together; each channel's sum
   * has the same terms in the same order as over the planar floats {@link ByteSamples#toPlanar}
   * gives.
   */
  private static void horizontal(
      ByteSamples s,
      int rowLo,
      int rows,
      int left,
      int width,
      ResampleWeights wx,
      boolean clamp,
      float[] mid,
      int mo) {
    byte[] data = s.data();
    int ps = s.pixelStride();
    int plane = rows * width;
    float[] unit = ByteSamples.UNIT;
    if (s.channels() == 1 || wx == null) {
      for (int c = 0; c < s.channels(); c++) {
        for (int r = 0; r < rows; r++) {
          int in = s.offset(c) + (rowLo + r) * s.rowStride();
          int o = mo + c * plane + r * width;
          if (wx == null) {
            for (int x = 0; x < width; x++) {
              mid[o + x] = unit[data[in + (left + x) * ps] & 0xFF];
            }
            continue;
          }
          for (int x = 0; x < width; x++) {
            int ox = left + x;
            int first = in + wx.start[ox] * ps;
            int k0 = ox * wx.stride;
            int n = wx.count[ox];
            double sum = 0;
            for (int k = 0; k < n; k++) {
              sum += wx.weights[k0 + k] * unit[data[first + k * ps] & 0xFF];
            }
            mid[o + x] = (float) (clamp ? clamp01(sum) : sum);
          }
        }
      }
      return;
    }
    // RGB: the three channels of a pixel are read together, three independent sums.
    int r0 = s.offset(0);
    int g0 = s.offset(1) - r0;
    int b0 = s.offset(2) - r0;
    for (int r = 0; r < rows; r++) {
      int in = r0 + (rowLo + r) * s.rowStride();
      int o = mo + r * width;
      for (int x = 0; x < width; x++) {
        int ox = left + x;
        int p = in + wx.start[ox] * ps;
        int k0 = ox * wx.stride;
        int n = wx.count[ox];
        double red = 0;
        double green = 0;
        double blue = 0;
        for (int k = 0; k < n; k++, p += ps) {
          double wk = wx.weights[k0 + k];
          red += wk * unit[data[p] & 0xFF];
          green += wk * unit[data[p + g0] & 0xFF];
          blue += wk * unit[data[p + b0] & 0xFF];
        }
        if (clamp) {
          red = clamp01(red);
          green = clamp01(green);
          blue = clamp01(blue);
        }
        mid[o + x] = (float) red;
        mid[plane + o + x] = (float) green;
        mid[2 * plane + o + x] = (float) blue;
      }
    }
  }

  private static void vertical(
      float[] mid,
      int channels,
      int rows,
      int rowLo,
      int width,
      ResampleWeights wy,
      int top,
      int height,
      boolean clamp,
      float[] out,
      int offset) {
    double[] acc = new double[width];
    for (int c = 0; c < channels; c++) {
      int inPlane = c * rows * width;
      int outPlane = offset + c * height * width;
      for (int y = 0; y < height; y++) {
        int oy = top + y;
        int k0 = oy * wy.stride;
        int n = wy.count[oy];
        int row = inPlane + (wy.start[oy] - rowLo) * width;
        int o = outPlane + y * width;
        if (n == 2 || n == 3) {
          // One pass, the terms in the order of the general loop below: ((0 + a) + b) + c.
          double w0 = wy.weights[k0];
          double w1 = wy.weights[k0 + 1];
          double w2 = n == 3 ? wy.weights[k0 + 2] : 0;
          int r1 = row + width;
          int r2 = n == 3 ? row + 2 * width : row;
          if (n == 2) {
            for (int x = 0; x < width; x++) {
              double v = 0.0 + w0 * mid[row + x] + w1 * mid[r1 + x];
              out[o + x] = (float) (clamp ? clamp01(v) : v);
            }
          } else {
            for (int x = 0; x < width; x++) {
              double v = 0.0 + w0 * mid[row + x] + w1 * mid[r1 + x] + w2 * mid[r2 + x];
              out[o + x] = (float) (clamp ? clamp01(v) : v);
            }
          }
          continue;
        }
        Arrays.fill(acc, 0);
        for (int k = 0; k < n; k++) {
          double wk = wy.weights[k0 + k];
          int r = row + k * width;
          for (int x = 0; x < width; x++) {
            acc[x] += wk * mid[r + x];
          }
        }
        for (int x = 0; x < width; x++) {
          out[o + x] = (float) (clamp ? clamp01(acc[x]) : acc[x]);
        }
      }
    }
  }

  /**
   * Each thread's buffer for the horizontal pass's output (about 0.7 MB for a 224 crop of a 4:3
   * image, at most {@link #MAX_SCRATCH} floats), which never leaves {@link #resize}: allocating and
   * zeroing it per image costs a few percent of the resampling.
   */
  private static final int MAX_SCRATCH = 1 << 21;

  private static final ThreadLocal<float[][]> MID = ThreadLocal.withInitial(() -> new float[1][0]);

  private static float[] scratch(int n) {
    float[][] holder = MID.get();
    if (holder[0].length < n) {
      holder[0] = new float[n];
    }
    return holder[0];
  }

  private static double clamp01(double v) {
    return v < 0 ? 0 : v > 1 ? 1 : v;
  }
}
