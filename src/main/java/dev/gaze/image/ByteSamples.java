package dev.gaze.image;

/**
 * The 8-bit samples of a decoded grey or RGB image as the decoder left them (for a JPEG, {@code
 * TYPE_3BYTE_BGR}'s interleaved bytes), so that preprocessing can read them without a planar float
 * copy of the whole image first.
 *
 * <p>Sample {@code (c, y, x)} is {@code data[offset(c) + y * rowStride + x * pixelStride] & 0xFF},
 * and its value is that divided by 255 ({@link #UNIT}). The array is the decoder's own, which
 * nothing else holds or writes, so the samples never change.
 */
final class ByteSamples {

  /**
   * {@code UNIT[b] == b / 255f}: the value of sample {@code b}, exactly as the float path has it.
   */
  static final float[] UNIT = unit();

  private final int width;
  private final int height;
  private final byte[] data;
  private final int[] offsets;
  private final int pixelStride;
  private final int rowStride;

  /**
   * Takes the decoder's array as is.
   *
   * @param offsets index of each channel's sample at (0, 0); 1 (grey) or 3 (R, G, B) of them
   */
  ByteSamples(int width, int height, byte[] data, int[] offsets, int pixelStride, int rowStride) {
    if (offsets.length != 1 && offsets.length != 3) {
      throw new IllegalArgumentException("1 or 3 channels, got " + offsets.length);
    }
    long last = (long) (height - 1) * rowStride + (long) (width - 1) * pixelStride;
    for (int offset : offsets) {
      if (offset < 0 || offset + last >= data.length) {
        throw new IllegalArgumentException(
            "samples of a " + width + "x" + height + " image do not fit into " + data.length);
      }
    }
    this.width = width;
    this.height = height;
    this.data = data;
    this.offsets = offsets.clone();
    this.pixelStride = pixelStride;
    this.rowStride = rowStride;
  }

  int width() {
    return width;
  }

  int height() {
    return height;
  }

  int channels() {
    return offsets.length;
  }

  /** The samples, not copied: read only. */
  byte[] data() {
    return data;
  }

  int offset(int channel) {
    return offsets[channel];
  }

  int pixelStride() {
    return pixelStride;
  }

  int rowStride() {
    return rowStride;
  }

  /** All values as planar floats (see {@link DecodedImage}). */
  float[] toPlanar() {
    float[] out = new float[offsets.length * height * width];
    for (int c = 0; c < offsets.length; c++) {
      for (int y = 0; y < height; y++) {
        int in = offsets[c] + y * rowStride;
        int o = (c * height + y) * width;
        for (int x = 0; x < width; x++) {
          out[o + x] = UNIT[data[in + x * pixelStride] & 0xFF];
        }
      }
    }
    return out;
  }

  /**
   * ITU-R 601 luma of an RGB image, {@code 0.299f * r + 0.587f * g + 0.114f * b} in float, as
   * {@link Preprocessor#luma} computes it from the planar floats.
   */
  float[] luma() {
    float[] out = new float[height * width];
    for (int y = 0; y < height; y++) {
      int r = offsets[0] + y * rowStride;
      int g = offsets[1] + y * rowStride;
      int b = offsets[2] + y * rowStride;
      int o = y * width;
      for (int x = 0; x < width; x++) {
        int i = x * pixelStride;
        out[o + x] =
            0.299f * UNIT[data[r + i] & 0xFF]
                + 0.587f * UNIT[data[g + i] & 0xFF]
                + 0.114f * UNIT[data[b + i] & 0xFF];
      }
    }
    return out;
  }

  private static float[] unit() {
    float[] unit = new float[256];
    for (int i = 0; i < 256; i++) {
      unit[i] = i / 255f;
    }
    return unit;
  }
}
