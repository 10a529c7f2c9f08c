package dev.gaze.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PreprocessorTest {

  private static final ResizePolicy CROP = ResizePolicy.SHORTER_SIDE_THEN_CENTER_CROP;

  private static InputSpec grey(int h, int w, int resizeTo, ResizePolicy policy) {
    return new InputSpec(1, h, w, resizeTo, policy, new float[] {0}, new float[] {1});
  }

  /** A grey image whose value is {@code f(x, y)}. */
  private static DecodedImage greyImage(int w, int h, java.util.function.IntBinaryOperator f) {
    float[] v = new float[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        v[y * w + x] = f.applyAsInt(x, y) / 255f;
      }
    }
    return new DecodedImage(w, h, 1, v);
  }

  @Test
  void rgbToGreyUsesItu601Luma() {
    DecodedImage rgb = new DecodedImage(2, 1, 3, new float[] {0.2f, 1f, 0.5f, 0f, 0.9f, 0f});
    float[] out = new Preprocessor(grey(1, 2, 1, ResizePolicy.STRETCH)).apply(rgb);
    assertThat(out)
        .containsExactly(
            new float[] {
              (float) (0.299 * 0.2 + 0.587 * 0.5 + 0.114 * 0.9), (float) (0.299 * 1 + 0 + 0)
            },
            within(1e-6f));
  }

  @Test
  void redAndBluePngToGrey() throws ImageProblem {
    DecodedImage rb = Fixtures.decode("rb.png");
    float[] out = new Preprocessor(grey(48, 64, 48, CROP)).apply(rb);
    assertThat(out[10 * 64 + 3]).isCloseTo(0.299f, within(1e-6f));
    assertThat(out[10 * 64 + 60]).isCloseTo(0.114f, within(1e-6f));
  }

  @Test
  void greyToRgbReplicatesThenNormalisesPerChannel() {
    DecodedImage g = greyImage(2, 2, (x, y) -> 10 + 50 * x + 100 * y);
    float[] mean = {0.485f, 0.456f, 0.406f};
    float[] std = {0.229f, 0.224f, 0.225f};
    InputSpec spec = new InputSpec(3, 2, 2, 2, CROP, mean, std);
    float[] out = new Preprocessor(spec).apply(g);
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < 4; i++) {
        float v = (10 + 50 * (i % 2) + 100 * (i / 2)) / 255f;
        assertThat(out[c * 4 + i]).isEqualTo((v - mean[c]) / std[c]);
      }
    }
  }

  @Test
  void rgbNormalisationWithoutResize() {
    float[] px = new float[3 * 4 * 4];
    Random rng = new Random(5);
    for (int i = 0; i < px.length; i++) {
      px[i] = rng.nextInt(256) / 255f;
    }
    float[] mean = {0.485f, 0.456f, 0.406f};
    float[] std = {0.229f, 0.224f, 0.225f};
    float[] out =
        new Preprocessor(new InputSpec(3, 4, 4, 4, ResizePolicy.STRETCH, mean, std))
            .apply(new DecodedImage(4, 4, 3, px));
    for (int i = 0; i < px.length; i++) {
      int c = i / 16;
      assertThat(out[i]).isEqualTo((px[i] - mean[c]) / std[c]);
    }
  }

  @Test
  void twentyEightSquareGreyPassesBitExactly() {
    Random rng = new Random(11);
    int[] raw = new int[28 * 28];
    float[] px = new float[raw.length];
    for (int i = 0; i < raw.length; i++) {
      raw[i] = rng.nextInt(256);
      px[i] = raw[i] / 255f;
    }
    float mean = 0.2860f;
    float std = 0.3530f;
    InputSpec spec = new InputSpec(1, 28, 28, 28, CROP, new float[] {mean}, new float[] {std});
    float[] out = new Preprocessor(spec).apply(new DecodedImage(28, 28, 1, px));
    for (int i = 0; i < raw.length; i++) {
      assertThat(out[i]).isEqualTo((raw[i] / 255f - mean) / std);
    }
  }

  @Test
  void torchvisionShorterSideSizes() {
    // int(28 * 40 / 20) = 56; int(224 * 500 / 375) = int(298.67) = 298; int(224 * 333 / 500) -> 224
    assertThat(Preprocessor.shorterSideSize(20, 40, 28)).containsExactly(28, 56);
    assertThat(Preprocessor.shorterSideSize(40, 20, 28)).containsExactly(56, 28);
    assertThat(Preprocessor.shorterSideSize(375, 500, 224)).containsExactly(224, 298);
    assertThat(Preprocessor.shorterSideSize(500, 333, 256)).containsExactly(384, 256);
    assertThat(Preprocessor.shorterSideSize(7, 7, 3)).containsExactly(3, 3);
  }

  @Test
  void cropOffsetsRoundHalfToEvenLikePython() {
    assertThat(Preprocessor.cropOffset(56, 28)).isEqualTo(14);
    assertThat(Preprocessor.cropOffset(29, 28)).isEqualTo(0); // round(0.5) == 0
    assertThat(Preprocessor.cropOffset(31, 28)).isEqualTo(2); // round(1.5) == 2
    assertThat(Preprocessor.cropOffset(33, 28)).isEqualTo(2); // round(2.5) == 2
    assertThat(Preprocessor.cropOffset(35, 28)).isEqualTo(4); // round(3.5) == 4
    assertThat(Preprocessor.cropOffset(28, 28)).isEqualTo(0);
    assertThat(Preprocessor.cropOffset(25, 28)).isEqualTo(-1); // pad (28 - 25) // 2 = 1 on the left
  }

  @Test
  void wideImageIsResizedToShorterSideAndCentreCropped() {
    // 40 wide, 20 high, value = column: resized to 56x28, columns 14..41 kept. An upscaled linear
    // ramp stays linear inside: resized column j samples source position (j + 0.5) * 40/56 - 0.5.
    DecodedImage ramp = greyImage(40, 20, (x, y) -> x * 6);
    float[] out = new Preprocessor(grey(28, 28, 28, CROP)).apply(ramp);
    for (int y = 0; y < 28; y++) {
      for (int x = 0; x < 28; x++) {
        double source = (14 + x + 0.5) * 40 / 56 - 0.5;
        assertThat(out[y * 28 + x]).isCloseTo((float) (source * 6 / 255), within(1e-5f));
      }
    }
  }

  @Test
  void tallImageIsCroppedVertically() {
    DecodedImage ramp = greyImage(20, 40, (x, y) -> y * 6);
    float[] out = new Preprocessor(grey(28, 28, 28, CROP)).apply(ramp);
    for (int y = 0; y < 28; y++) {
      double source = (14 + y + 0.5) * 40 / 56 - 0.5;
      assertThat(out[y * 28 + 9]).isCloseTo((float) (source * 6 / 255), within(1e-5f));
    }
  }

  @Test
  void oddExcessCropsWithoutResamplingAtTorchvisionOffsets() {
    // 31x28: shorter side already 28, no resampling; offset round(1.5) = 2 -> columns 2..29.
    DecodedImage marker = greyImage(31, 28, (x, y) -> x + 3 * y);
    float[] out = new Preprocessor(grey(28, 28, 28, CROP)).apply(marker);
    for (int y = 0; y < 28; y++) {
      for (int x = 0; x < 28; x++) {
        assertThat(out[y * 28 + x]).isEqualTo((x + 2 + 3 * y) / 255f);
      }
    }
    // 29x28: offset round(0.5) = 0 -> columns 0..27.
    float[] out29 =
        new Preprocessor(grey(28, 28, 28, CROP)).apply(greyImage(29, 28, (x, y) -> x + 3 * y));
    assertThat(out29[5 * 28]).isEqualTo(15 / 255f);
    assertThat(out29[5 * 28 + 27]).isEqualTo((27 + 15) / 255f);
  }

  @Test
  void cropLargerThanImageIsZeroPadded() {
    // 3 wide, 2 high, resizeTo 2: no resize; crop 4x4 pads 1 row on top, 1 below, 0 left, 1 right.
    DecodedImage img = greyImage(3, 2, (x, y) -> 100 + 10 * y + x);
    InputSpec spec = new InputSpec(1, 4, 4, 2, CROP, new float[] {0.5f}, new float[] {0.25f});
    float[] out = new Preprocessor(spec).apply(img);
    float pad = (0f - 0.5f) / 0.25f;
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        int sy = y - 1;
        float want = sy >= 0 && sy < 2 && x < 3 ? ((100 + 10 * sy + x) / 255f - 0.5f) / 0.25f : pad;
        assertThat(out[y * 4 + x]).as("(%d, %d)", x, y).isEqualTo(want);
      }
    }
  }

  @Test
  void stretchIgnoresAspectRatio() {
    // 56 wide, 14 high to 28x28: halve the width, double the height. On a linear ramp the halving
    // (weights 1/8, 3/8, 3/8, 1/8) gives source column 2x + 0.5 and the doubling interpolates row
    // (y + 0.5) / 2 - 0.5, both exactly, away from the clipped edges.
    DecodedImage ramp = greyImage(56, 14, (x, y) -> 2 * x + 8 * y);
    float[] out = new Preprocessor(grey(28, 28, 99, ResizePolicy.STRETCH)).apply(ramp);
    for (int y = 1; y < 27; y++) {
      for (int x = 1; x < 27; x++) {
        double want = 2 * (2 * x + 0.5) + 8 * ((y + 0.5) / 2 - 0.5);
        assertThat(out[y * 28 + x]).isCloseTo((float) (want / 255), within(1e-5f));
      }
    }
  }

  @Test
  void writesIntoABatchSlotOnly() {
    Preprocessor p = new Preprocessor(grey(2, 2, 2, CROP));
    DecodedImage img = greyImage(2, 2, (x, y) -> 255);
    float[] batch = new float[12];
    java.util.Arrays.fill(batch, -7f);
    p.apply(img, batch, 4);
    assertThat(batch).containsExactly(-7f, -7f, -7f, -7f, 1f, 1f, 1f, 1f, -7f, -7f, -7f, -7f);
    assertThatThrownBy(() -> p.apply(img, batch, 9))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("need 4 values at offset 9");
    assertThatThrownBy(() -> p.apply(img, batch, -1)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void survivesJavaSerialization() throws Exception {
    Preprocessor p =
        new Preprocessor(
            new InputSpec(
                3,
                4,
                4,
                5,
                CROP,
                new float[] {0.485f, 0.456f, 0.406f},
                new float[] {0.229f, 0.224f, 0.225f}));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(p);
    }
    Preprocessor copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (Preprocessor) in.readObject();
    }
    assertThat(copy.spec()).isEqualTo(p.spec());
    DecodedImage img = greyImage(7, 5, (x, y) -> 17 * x + 3 * y);
    assertThat(copy.apply(img)).containsExactly(p.apply(img));
  }
}
