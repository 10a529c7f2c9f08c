package dev.gaze.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Preprocessor}, which resamples only what the crop keeps, against the straightforward path:
 * convert the colour, resize the whole image with {@link Resampler}, cut the centre out
 * (zero-padded where the crop is larger), normalise.
 */
class PreprocessorPathTest {

  /** {image height, image width}: landscape, portrait, square, smaller than the crop, tiny. */
  private static final int[][] IMAGES = {
    {301, 403}, {480, 333}, {64, 64}, {50, 70}, {3, 2}, {48, 7}
  };

  /** {channels, height, width, resizeTo}: ImageNet-like, non-square, crop larger than resize. */
  private static final int[][] SPECS = {{3, 56, 56, 64}, {1, 28, 36, 32}, {3, 40, 24, 20}};

  private static DecodedImage image(int channels, int h, int w, boolean bytes, Random rng) {
    if (bytes) {
      byte[] data = new byte[h * w * channels];
      rng.nextBytes(data);
      int[] offsets = channels == 3 ? new int[] {2, 1, 0} : new int[] {0};
      return DecodedImage.wrap(new ByteSamples(w, h, data, offsets, channels, w * channels));
    }
    float[] v = new float[channels * h * w];
    for (int i = 0; i < v.length; i++) {
      v[i] = rng.nextFloat();
    }
    return new DecodedImage(w, h, channels, v);
  }

  /** The straightforward path, written out. */
  private static float[] reference(InputSpec spec, DecodedImage image) {
    int h = image.height();
    int w = image.width();
    float[] src = image.pixels();
    int channels = image.channels();
    if (spec.channels() == 1 && channels == 3) {
      float[] grey = new float[h * w];
      for (int i = 0; i < h * w; i++) {
        grey[i] = 0.299f * src[i] + 0.587f * src[h * w + i] + 0.114f * src[2 * h * w + i];
      }
      src = grey;
      channels = 1;
    }
    int[] size =
        spec.policy() == ResizePolicy.STRETCH
            ? new int[] {spec.height(), spec.width()}
            : Preprocessor.shorterSideSize(h, w, spec.resizeTo());
    int rh = size[0];
    int rw = size[1];
    float[] resized =
        rh == h && rw == w
            ? src
            : Resampler.resize(src, channels, h, w, rh, rw, spec.interpolation());
    int top = Preprocessor.cropOffset(rh, spec.height());
    int left = Preprocessor.cropOffset(rw, spec.width());
    float[] out = new float[spec.size()];
    for (int c = 0; c < spec.channels(); c++) {
      int plane = (channels == 1 ? 0 : c) * rh * rw;
      for (int y = 0; y < spec.height(); y++) {
        for (int x = 0; x < spec.width(); x++) {
          int sy = y + top;
          int sx = x + left;
          float v = sy >= 0 && sy < rh && sx >= 0 && sx < rw ? resized[plane + sy * rw + sx] : 0f;
          out[(c * spec.height() + y) * spec.width() + x] = (v - spec.mean()[c]) / spec.std()[c];
        }
      }
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(Interpolation.class)
  void matchesResizeWholeThenCrop(Interpolation filter) {
    Random rng = new Random(21);
    for (ResizePolicy policy : ResizePolicy.values()) {
      for (int[] s : SPECS) {
        float[] mean = s[0] == 3 ? new float[] {0.485f, 0.456f, 0.406f} : new float[] {0.5f};
        float[] std = s[0] == 3 ? new float[] {0.229f, 0.224f, 0.225f} : new float[] {0.25f};
        InputSpec spec = new InputSpec(s[0], s[1], s[2], s[3], policy, mean, std, filter);
        Preprocessor p = new Preprocessor(spec);
        for (int[] size : IMAGES) {
          for (int channels : new int[] {1, 3}) {
            for (boolean bytes : new boolean[] {false, true}) {
              DecodedImage img = image(channels, size[0], size[1], bytes, rng);
              float[] want = reference(spec, img);
              float[] got = p.apply(img);
              // Into the middle of a batch: the same values, nothing written outside the slot.
              float[] batch = new float[3 * spec.size()];
              java.util.Arrays.fill(batch, -9f);
              p.apply(img, batch, spec.size());
              assertThat(java.util.Arrays.copyOfRange(batch, spec.size(), 2 * spec.size()))
                  .containsExactly(got);
              assertThat(java.util.Arrays.copyOfRange(batch, 0, spec.size())).containsOnly(-9f);
              assertThat(java.util.Arrays.copyOfRange(batch, 2 * spec.size(), batch.length))
                  .containsOnly(-9f);
              assertThat(got)
                  .as(
                      "%s, %s image %dx%dx%d (bytes %s)",
                      spec, filter, channels, size[0], size[1], bytes)
                  .containsExactly(want, within(1e-5f));
            }
          }
        }
      }
    }
  }
}
