package dev.gaze.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ResamplerTest {

  private static float[] random(int n, long seed) {
    Random rng = new Random(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = rng.nextFloat();
    }
    return v;
  }

  @Test
  void sameSizeIsTheIdentityAndACopy() {
    float[] src = random(3 * 5 * 7, 1);
    float[] out = Resampler.resize(src, 3, 5, 7, 5, 7);
    assertThat(out).containsExactly(src).isNotSameAs(src);
  }

  @Test
  void constantStaysConstant() {
    float[] src = new float[2 * 7 * 5];
    java.util.Arrays.fill(src, 0.3f);
    for (int[] size : new int[][] {{3, 11}, {20, 2}, {1, 1}, {7, 4}}) {
      float[] out = Resampler.resize(src, 2, 7, 5, size[0], size[1]);
      assertThat(out).hasSize(2 * size[0] * size[1]);
      for (float v : out) {
        assertThat(v).isCloseTo(0.3f, within(1e-6f));
      }
    }
  }

  @Test
  void halvingUsesPillowsWeights() {
    // Scale 2: support 2, output i centred at 2i + 1. Interior taps at distances 1.5, 0.5, 0.5, 1.5
    // from the centre get triangle((d) / 2) = 1/4, 3/4, 3/4, 1/4, normalised to 1/8, 3/8, 3/8, 1/8.
    // At the left edge the window is clipped to x = 0, 1, 2: 3/4, 3/4, 1/4, normalised by 7/4.
    float[] v = {3, 1, 4, 1, 5, 9, 2, 6};
    float[] want = {
      (3 * 3 + 3 * 1 + 1 * 4) / 7f,
      (1 * 1 + 3 * 4 + 3 * 1 + 1 * 5) / 8f,
      (1 * 1 + 3 * 5 + 3 * 9 + 1 * 2) / 8f,
      (1 * 9 + 3 * 2 + 3 * 6) / 7f
    };
    assertThat(Resampler.resize(v, 1, 1, 8, 1, 4)).containsExactly(want, within(1e-6f));
    assertThat(Resampler.resize(v, 1, 8, 1, 4, 1)).containsExactly(want, within(1e-6f));
  }

  @Test
  void halvingARampGivesTheInteriorCentres() {
    float[] ramp = new float[16];
    for (int x = 0; x < 16; x++) {
      ramp[x] = x;
    }
    float[] out = Resampler.resize(ramp, 1, 1, 16, 1, 8);
    for (int i = 1; i < 7; i++) {
      // (1 (2i - 1) + 3 (2i) + 3 (2i + 1) + 1 (2i + 2)) / 8 = 2i + 0.5
      assertThat(out[i]).isCloseTo(2 * i + 0.5f, within(1e-5f));
    }
  }

  @Test
  void upscaleMatchesDirectTwoDimensionalReference() {
    float[] src = {0.1f, 0.9f, 0.4f, 0.7f};
    assertThat(Resampler.resize(src, 1, 2, 2, 5, 7))
        .containsExactly(reference(src, 1, 2, 2, 5, 7), within(1e-6f));
  }

  @Test
  void downscaleAndMixedScalesMatchReference() {
    float[] src = random(3 * 9 * 13, 7);
    int[][] sizes = {{4, 5}, {3, 20}, {9, 6}, {1, 1}, {17, 13}};
    for (int[] s : sizes) {
      assertThat(Resampler.resize(src, 3, 9, 13, s[0], s[1]))
          .as("9x13 -> %dx%d", s[0], s[1])
          .containsExactly(reference(src, 3, 9, 13, s[0], s[1]), within(1e-5f));
    }
  }

  @Test
  void decodedImageResizeKeepsChannels() {
    DecodedImage img = new DecodedImage(4, 2, 3, random(24, 3));
    DecodedImage out = Resampler.resize(img, 3, 5);
    assertThat(out.width()).isEqualTo(5);
    assertThat(out.height()).isEqualTo(3);
    assertThat(out.channels()).isEqualTo(3);
    assertThat(out.pixels()).containsExactly(reference(img.pixels(), 3, 2, 4, 3, 5), within(1e-6f));
  }

  @Test
  void badSizesAreRefused() {
    assertThatThrownBy(() -> Resampler.resize(new float[4], 1, 2, 2, 0, 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Resampler.resize(new float[5], 1, 2, 2, 3, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected 4");
  }

  /**
   * The definition evaluated directly: every output pixel is a weighted mean over all input pixels,
   * the weight being the product of the triangle filter (stretched by the scale when downscaling)
   * at the distance between pixel centres in each axis, normalised over the 2-D sum.
   */
  private static float[] reference(
      float[] src, int channels, int inH, int inW, int outH, int outW) {
    double sy = (double) inH / outH;
    double sx = (double) inW / outW;
    double fy = Math.max(sy, 1);
    double fx = Math.max(sx, 1);
    float[] out = new float[channels * outH * outW];
    for (int c = 0; c < channels; c++) {
      for (int oy = 0; oy < outH; oy++) {
        for (int ox = 0; ox < outW; ox++) {
          double cy = (oy + 0.5) * sy;
          double cx = (ox + 0.5) * sx;
          double sum = 0;
          double total = 0;
          for (int y = 0; y < inH; y++) {
            for (int x = 0; x < inW; x++) {
              double w = tri((y + 0.5 - cy) / fy) * tri((x + 0.5 - cx) / fx);
              sum += w * src[(c * inH + y) * inW + x];
              total += w;
            }
          }
          out[(c * outH + oy) * outW + ox] = (float) (sum / total);
        }
      }
    }
    return out;
  }

  private static double tri(double d) {
    return Math.max(0, 1 - Math.abs(d));
  }
}
