package dev.gaze.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.gaze.image.InputSpec;
import dev.gaze.model.DemoCnn;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InputBatchesTest {

  private static LabelledImages twoImages() {
    byte[] pixels = new byte[2 * 28 * 28];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) ((i * 37) % 256);
    }
    return new LabelledImages(pixels, new byte[] {3, 7}, 28, 28);
  }

  @Test
  void normalisesAsTheInputSpecSays() {
    LabelledImages data = twoImages();
    InputSpec spec = DemoCnn.info().input();
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NDArray x = InputBatches.images(manager, data, new int[] {1, 0}, 0, 2, spec, null);
      assertThat(x.getShape()).isEqualTo(new Shape(2, 1, 28, 28));
      float[] v = x.toFloatArray();
      // First row of the batch is image 1 (the order says so).
      for (int y = 0; y < 28; y++) {
        for (int c = 0; c < 28; c++) {
          double expected = (data.pixel(1, y, c) / 255.0 - 0.2860) / 0.3530;
          assertThat((double) v[y * 28 + c]).isCloseTo(expected, within(1e-5));
        }
      }
      float[] labels = InputBatches.labels(manager, data, new int[] {1, 0}, 0, 2).toFloatArray();
      assertThat(labels).containsExactly(7f, 3f);
    }
  }

  @Test
  void flipMirrorsLeftRight() {
    LabelledImages data = twoImages();
    InputSpec spec = DemoCnn.info().input();
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      int[] order = new int[64];
      float[] plain = InputBatches.images(manager, data, order, 0, 64, spec, null).toFloatArray();
      float[] maybe =
          InputBatches.images(manager, data, order, 0, 64, spec, new Random(1)).toFloatArray();
      int flipped = 0;
      for (int n = 0; n < 64; n++) {
        boolean same = true;
        boolean mirrored = true;
        for (int p = 0; p < 784; p++) {
          int y = p / 28;
          int c = p % 28;
          same &= maybe[n * 784 + p] == plain[n * 784 + p];
          mirrored &= maybe[n * 784 + p] == plain[n * 784 + y * 28 + (27 - c)];
        }
        assertThat(same || mirrored).isTrue();
        flipped += mirrored ? 1 : 0;
      }
      assertThat(flipped).isBetween(16, 48);
    }
  }
}
