package dev.gaze.stats;

import java.util.List;

/**
 * The attention statistics of one image, in double precision. An attention tensor is {@code [heads,
 * T, T]} row-major: {@code a[h][q][k]} is head {@code h}'s probability that query token {@code q}
 * attends to key token {@code k}; token 0 is the class token, tokens {@code 1..T-1} the patches of
 * a {@link PatchGrid}, row-major.
 */
public final class AttentionMath {

  private AttentionMath() {}

  /**
   * The class token's attention over the patches: row 0 of head {@code head} without its weight on
   * the class token itself, divided by the sum of the rest so that it sums to 1.
   *
   * @return {@code patches} values, row-major over the grid
   */
  public static double[] classMap(double[] attention, int head, int tokens) {
    int base = head * tokens * tokens;
    double[] out = new double[tokens - 1];
    double sum = 0;
    for (int k = 1; k < tokens; k++) {
      sum += attention[base + k];
    }
    for (int k = 1; k < tokens; k++) {
      out[k - 1] = attention[base + k] / sum;
    }
    return out;
  }

  /** The head average {@code [1, T, T]} of an attention tensor {@code [heads, T, T]}. */
  public static double[] headMean(double[] attention, int heads, int tokens) {
    int size = tokens * tokens;
    double[] out = new double[size];
    for (int h = 0; h < heads; h++) {
      for (int i = 0; i < size; i++) {
        out[i] += attention[h * size + i];
      }
    }
    for (int i = 0; i < size; i++) {
      out[i] /= heads;
    }
    return out;
  }

  /** The entropy {@code -sum p ln p} (natural log; {@code 0 ln 0 = 0}) of a distribution. */
  public static double entropy(double[] p) {
    double h = 0;
    for (double v : p) {
      if (v > 0) {
        h -= v * Math.log(v);
      }
    }
    return h;
  }

  /**
   * The mean attention distance of head {@code head}: for each query patch, its attention over the
   * patches (the class-token column dropped, the row renormalised to sum to 1) weights the
   * distances from the query patch to every patch; the result is the mean of these weighted
   * distances over the query patches, in patch units. The class token's own row is not a query.
   */
  public static double meanDistance(double[] attention, int head, PatchGrid grid) {
    int t = grid.tokens();
    int p = grid.patches();
    int base = head * t * t;
    double total = 0;
    for (int q = 0; q < p; q++) {
      int row = base + (q + 1) * t;
      double mass = 0;
      double weighted = 0;
      for (int k = 0; k < p; k++) {
        double w = attention[row + k + 1];
        mass += w;
        weighted += w * grid.distance(q, k);
      }
      total += weighted / mass;
    }
    return total / p;
  }

  /** The share of a map over the patches that lies on the grid's outer ring. */
  public static double borderFraction(double[] map, PatchGrid grid) {
    double border = 0;
    for (int i = 0; i < map.length; i++) {
      if (grid.onBorder(i)) {
        border += map[i];
      }
    }
    return border;
  }

  /** The cosine of the angle between two vectors of the same length. */
  public static double cosine(double[] a, double[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }

  /**
   * Attention rollout (Abnar and Zuidema 2020): for each block the head-averaged attention {@code
   * A}, then {@code 0.5 A + 0.5 I} with its rows renormalised to sum to 1, multiplied from the
   * first block to the last ({@code R = Â_L ... Â_2 Â_1}); the class token's row of {@code R} over
   * the patches, renormalised to sum to 1.
   *
   * @param headMeans per block, first to last, the head-averaged attention {@code [T, T]}
   * @return {@code T - 1} values over the patches, row-major
   */
  public static double[] rollout(List<double[]> headMeans, int tokens) {
    double[] r = identity(tokens);
    for (double[] a : headMeans) {
      double[] step = new double[tokens * tokens];
      for (int i = 0; i < tokens; i++) {
        double sum = 0;
        for (int j = 0; j < tokens; j++) {
          double v = 0.5 * a[i * tokens + j] + (i == j ? 0.5 : 0);
          step[i * tokens + j] = v;
          sum += v;
        }
        for (int j = 0; j < tokens; j++) {
          step[i * tokens + j] /= sum;
        }
      }
      r = multiply(step, r, tokens);
    }
    double[] out = new double[tokens - 1];
    double sum = 0;
    for (int k = 1; k < tokens; k++) {
      sum += r[k];
    }
    for (int k = 1; k < tokens; k++) {
      out[k - 1] = r[k] / sum;
    }
    return out;
  }

  private static double[] identity(int n) {
    double[] out = new double[n * n];
    for (int i = 0; i < n; i++) {
      out[i * n + i] = 1;
    }
    return out;
  }

  /** {@code a b} for square {@code n x n} matrices. */
  private static double[] multiply(double[] a, double[] b, int n) {
    double[] out = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < n; k++) {
        double aik = a[i * n + k];
        for (int j = 0; j < n; j++) {
          out[i * n + j] += aik * b[k * n + j];
        }
      }
    }
    return out;
  }
}
