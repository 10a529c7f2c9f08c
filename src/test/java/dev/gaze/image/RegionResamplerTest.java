package dev.gaze.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link RegionResampler} against the plain path: {@link Resampler#resize} of the whole image, then
 * the rectangle cut out of it.
 */
class RegionResamplerTest {

  /** {in height, in width, out height, out width}: down, up, mixed, one axis, the identity. */
  private static final int[][] SIZES = {
    {301, 403, 256, 342},
    {37, 23, 16, 11},
    {23, 37, 40, 9},
    {9, 13, 30, 29},
    {17, 17, 17, 12},
    {17, 17, 5, 17},
    {12, 7, 12, 7},
    {1, 9, 3, 4},
    {40, 3, 13, 1}
  };

  /** Random float planes in [0, 1]. */
  private static DecodedImage floats(int channels, int h, int w, Random rng) {
    float[] v = new float[channels * h * w];
    for (int i = 0; i < v.length; i++) {
      v[i] = rng.nextFloat();
    }
    return new DecodedImage(w, h, channels, v);
  }

  /**
   * Random 8-bit samples in a decoder-like layout: RGB interleaved as {@code TYPE_3BYTE_BGR} (band
   * offsets 2, 1, 0), or grey, with a few bytes before the first sample and after each row.
   */
  private static DecodedImage bytes(int channels, int h, int w, Random rng) {
    int ps = channels;
    int pad = 5;
    int rowStride = w * ps + 3;
    byte[] data = new byte[pad + h * rowStride];
    rng.nextBytes(data);
    int[] offsets = channels == 3 ? new int[] {pad + 2, pad + 1, pad} : new int[] {pad};
    return DecodedImage.wrap(new ByteSamples(w, h, data, offsets, ps, rowStride));
  }

  /** The plain path: the whole image resized. */
  private static float[] whole(DecodedImage img, int[] s, Interpolation filter) {
    return Resampler.resize(
        img.pixels(), img.channels(), img.height(), img.width(), s[2], s[3], filter);
  }

  /** The rectangle cut out of the whole resized image {@code all}. */
  private static float[] crop(float[] all, int channels, int[] s, int top, int left, int h, int w) {
    float[] out = new float[channels * h * w];
    for (int c = 0; c < channels; c++) {
      for (int y = 0; y < h; y++) {
        System.arraycopy(all, (c * s[2] + top + y) * s[3] + left, out, (c * h + y) * w, w);
      }
    }
    return out;
  }

  private static void check(DecodedImage img, int[] s, Interpolation filter, Random rng) {
    float[] all = whole(img, s, filter);
    int[][] regions = {
      {0, 0, s[2], s[3]},
      {0, 0, 1, 1},
      {s[2] - 1, s[3] - 1, 1, 1},
      {s[2] / 3, s[3] / 4, (s[2] + 1) / 2, (s[3] + 1) / 2},
      {0, s[3] - 1, s[2], 1},
      {s[2] - 1, 0, 1, s[3]}
    };
    for (int[] r : regions) {
      assertRegion(img, all, s, filter, r[0], r[1], r[2], r[3]);
    }
    for (int i = 0; i < 5; i++) {
      int h = 1 + rng.nextInt(s[2]);
      int w = 1 + rng.nextInt(s[3]);
      assertRegion(img, all, s, filter, rng.nextInt(s[2] - h + 1), rng.nextInt(s[3] - w + 1), h, w);
    }
  }

  private static void assertRegion(
      DecodedImage img,
      float[] all,
      int[] s,
      Interpolation filter,
      int top,
      int left,
      int h,
      int w) {
    float[] got = RegionResampler.resize(img, s[2], s[3], filter, top, left, h, w);
    float[] want = crop(all, img.channels(), s, top, left, h, w);
    assertThat(got).hasSameSizeAs(want);
    int worst = 0;
    for (int i = 0; i < got.length; i++) {
      if (Math.abs(got[i] - want[i]) > Math.abs(got[worst] - want[worst])) {
        worst = i;
      }
    }
    assertThat(got[worst])
        .as(
            "%s %dx%dx%d -> %dx%d, %dx%d at (%d, %d), value %d",
            filter, img.channels(), s[0], s[1], s[2], s[3], h, w, top, left, worst)
        .isCloseTo(want[worst], within(1e-5f));
  }

  @ParameterizedTest
  @EnumSource(Interpolation.class)
  void floatImagesMatchWholeResizeThenCrop(Interpolation filter) {
    Random rng = new Random(11);
    for (int channels : new int[] {1, 3}) {
      for (int[] s : SIZES) {
        check(floats(channels, s[0], s[1], rng), s, filter, rng);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Interpolation.class)
  void byteImagesMatchWholeResizeOfTheirFloats(Interpolation filter) {
    Random rng = new Random(12);
    for (int channels : new int[] {1, 3}) {
      for (int[] s : SIZES) {
        DecodedImage img = bytes(channels, s[0], s[1], rng);
        check(img, s, filter, rng);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Interpolation.class)
  void resultsAreBitExact(Interpolation filter) {
    // The same sums in the same order: not just close, equal.
    Random rng = new Random(13);
    int[] s = {301, 403, 256, 342};
    for (DecodedImage img :
        new DecodedImage[] {floats(3, s[0], s[1], rng), bytes(3, s[0], s[1], rng)}) {
      float[] want = crop(whole(img, s, filter), 3, s, 16, 59, 224, 224);
      float[] got = RegionResampler.resize(img, 256, 342, filter, 16, 59, 224, 224);
      assertThat(java.util.Arrays.equals(got, want)).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(Interpolation.class)
  void regionsOutsideTheResizedImageAreRefused(Interpolation filter) {
    DecodedImage img = floats(1, 4, 4, new Random(1));
    assertThatThrownBy(() -> RegionResampler.resize(img, 8, 8, filter, 1, 0, 8, 8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not inside 8x8");
    assertThatThrownBy(() -> RegionResampler.resize(img, 8, 8, filter, 0, -1, 2, 2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RegionResampler.resize(img, 8, 8, filter, 0, 0, 0, 2))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
