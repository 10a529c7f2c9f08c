package dev.gaze.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.gaze.image.InputSpec;
import java.nio.FloatBuffer;
import java.util.Random;

/**
 * Turns selected {@link LabelledImages} into model input exactly as an {@link InputSpec} says:
 * {@code (v / 255 - mean) / std}, so that training and analysis see the same numbers.
 */
final class InputBatches {

  private InputBatches() {}

  /**
   * Images {@code order[from..to)} as {@code [n, 1, H, W]} float32.
   *
   * @param flip if not null, each image is mirrored left-right with probability 1/2 (augmentation)
   */
  static NDArray images(
      NDManager manager,
      LabelledImages data,
      int[] order,
      int from,
      int to,
      InputSpec spec,
      Random flip) {
    int h = data.height();
    int w = data.width();
    if (spec.channels() != 1 || spec.height() != h || spec.width() != w) {
      throw new IllegalArgumentException(
          "images are 1x" + h + "x" + w + " but the model wants " + spec);
    }
    float mean = spec.mean()[0];
    float std = spec.std()[0];
    int n = to - from;
    float[] buf = new float[n * h * w];
    int k = 0;
    for (int b = from; b < to; b++) {
      int i = order[b];
      boolean mirror = flip != null && flip.nextBoolean();
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          float v = data.pixel(i, y, mirror ? w - 1 - x : x) / 255f;
          buf[k++] = (v - mean) / std;
        }
      }
    }
    return manager.create(FloatBuffer.wrap(buf), new Shape(n, 1, h, w));
  }

  /** Labels {@code order[from..to)} as a float32 vector (what DJL's sparse softmax loss takes). */
  static NDArray labels(NDManager manager, LabelledImages data, int[] order, int from, int to) {
    float[] out = new float[to - from];
    for (int b = from; b < to; b++) {
      out[b - from] = data.label(order[b]);
    }
    return manager.create(out);
  }

  /** {@code 0, 1, ..., n-1}. */
  static int[] identity(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    return order;
  }
}
