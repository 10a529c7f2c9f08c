package dev.gaze.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.gaze.model.HookedModel;

/** Top-1 accuracy of a {@link HookedModel} on labelled images, by plain forward passes. */
public final class TopOneAccuracy {

  private TopOneAccuracy() {}

  /**
   * The fraction of images whose arg-max logit is their label (ties go to the lowest class).
   *
   * @param batchSize images per forward pass
   */
  public static double of(HookedModel model, LabelledImages data, int batchSize) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
    }
    int[] order = InputBatches.identity(data.count());
    long correct = 0;
    for (int from = 0; from < data.count(); from += batchSize) {
      int to = Math.min(data.count(), from + batchSize);
      try (NDManager manager = NDManager.newBaseManager(model.device())) {
        NDArray x = InputBatches.images(manager, data, order, from, to, model.info().input(), null);
        float[] logits = model.forwardPlain(manager, x).toFloatArray();
        int classes = model.info().numClasses();
        for (int b = 0; b < to - from; b++) {
          int best = 0;
          for (int c = 1; c < classes; c++) {
            if (logits[b * classes + c] > logits[b * classes + best]) {
              best = c;
            }
          }
          if (best == data.label(from + b)) {
            correct++;
          }
        }
      }
    }
    return (double) correct / data.count();
  }
}
