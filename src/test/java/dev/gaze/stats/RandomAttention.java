package dev.gaze.stats;

import java.util.Random;

/** Random attention tensors {@code [heads, T, T]}: each row the softmax of Gaussian logits. */
public final class RandomAttention {

  private RandomAttention() {}

  /** One tensor, rows summing to 1 in double. */
  public static double[] of(Random random, int heads, int tokens, double scale) {
    double[] a = new double[heads * tokens * tokens];
    for (int row = 0; row < heads * tokens; row++) {
      double sum = 0;
      for (int k = 0; k < tokens; k++) {
        double v = Math.exp(scale * random.nextGaussian());
        a[row * tokens + k] = v;
        sum += v;
      }
      for (int k = 0; k < tokens; k++) {
        a[row * tokens + k] /= sum;
      }
    }
    return a;
  }
}
