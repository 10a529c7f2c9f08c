package dev.gaze.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link AttentionMath} against plain double loops written from the definitions. */
class AttentionMathTest {

  private static final double REL = 1e-9;

  private static void close(double actual, double expected) {
    assertThat(Math.abs(actual - expected))
        .isLessThanOrEqualTo(REL * Math.max(1e-12, Math.abs(expected)));
  }

  private static double at(double[] a, int tokens, int h, int q, int k) {
    return a[(h * tokens + q) * tokens + k];
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3, 7})
  void classMapEntropyBorderAndDistanceMatchTheDefinitions(int side) {
    Random random = new Random(side);
    int heads = 3;
    PatchGrid grid = new PatchGrid(side);
    int t = grid.tokens();
    double[] a = RandomAttention.of(random, heads, t, 2.0);
    for (int h = 0; h < heads; h++) {
      double[] map = AttentionMath.classMap(a, h, t);
      double self = at(a, t, h, 0, 0);
      double entropy = 0;
      double border = 0;
      for (int y = 0; y < side; y++) {
        for (int x = 0; x < side; x++) {
          double p = at(a, t, h, 0, 1 + y * side + x) / (1 - self);
          close(map[y * side + x], p);
          entropy += p * Math.log(1 / p);
          if (y == 0 || x == 0 || y == side - 1 || x == side - 1) {
            border += p;
          }
        }
      }
      close(AttentionMath.entropy(map), entropy);
      close(AttentionMath.borderFraction(map, grid), border);

      double distance = 0;
      for (int qy = 0; qy < side; qy++) {
        for (int qx = 0; qx < side; qx++) {
          int q = 1 + qy * side + qx;
          double rest = 1 - at(a, t, h, q, 0);
          double d = 0;
          for (int ky = 0; ky < side; ky++) {
            for (int kx = 0; kx < side; kx++) {
              d += at(a, t, h, q, 1 + ky * side + kx) / rest * Math.hypot(qy - ky, qx - kx);
            }
          }
          distance += d / (side * side);
        }
      }
      close(AttentionMath.meanDistance(a, h, grid), distance);
    }
  }

  @Test
  void cosineOfHeadMapsMatchesTheDefinition() {
    Random random = new Random(11);
    int t = 50;
    double[] a = RandomAttention.of(random, 4, t, 1.5);
    for (int x = 0; x < 4; x++) {
      for (int y = x + 1; y < 4; y++) {
        double[] p = AttentionMath.classMap(a, x, t);
        double[] q = AttentionMath.classMap(a, y, t);
        double dot = 0;
        double pp = 0;
        double qq = 0;
        for (int i = 0; i < p.length; i++) {
          dot += p[i] * q[i];
          pp += p[i] * p[i];
          qq += q[i] * q[i];
        }
        close(AttentionMath.cosine(p, q), dot / (Math.sqrt(pp) * Math.sqrt(qq)));
        assertThat(AttentionMath.cosine(p, q)).isBetween(-1.0, 1.0);
      }
    }
    double[] p = AttentionMath.classMap(a, 0, t);
    close(AttentionMath.cosine(p, p), 1.0);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 4})
  void rolloutMatchesTheRecursiveDefinition(int depth) {
    Random random = new Random(100 + depth);
    int heads = 3;
    int t = 10;
    List<double[]> means = new ArrayList<>();
    double[][] r = null;
    for (int l = 0; l < depth; l++) {
      double[] a = RandomAttention.of(random, heads, t, 1.0);
      means.add(AttentionMath.headMean(a, heads, t));
      double[][] step = new double[t][t];
      for (int i = 0; i < t; i++) {
        double sum = 0;
        for (int j = 0; j < t; j++) {
          double mean = 0;
          for (int h = 0; h < heads; h++) {
            mean += at(a, t, h, i, j) / heads;
          }
          step[i][j] = 0.5 * mean + (i == j ? 0.5 : 0.0);
          sum += step[i][j];
        }
        for (int j = 0; j < t; j++) {
          step[i][j] /= sum;
        }
      }
      if (r == null) {
        r = step;
      } else {
        double[][] next = new double[t][t];
        for (int i = 0; i < t; i++) {
          for (int j = 0; j < t; j++) {
            for (int k = 0; k < t; k++) {
              next[i][j] += step[i][k] * r[k][j];
            }
          }
        }
        r = next;
      }
    }
    double[] rollout = AttentionMath.rollout(means, t);
    double rest = 1 - r[0][0];
    double total = 0;
    for (int j = 1; j < t; j++) {
      close(rollout[j - 1], r[0][j] / rest);
      total += rollout[j - 1];
    }
    assertThat(total).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void entropyIsBoundedByTheLogOfThePatches() {
    PatchGrid grid = new PatchGrid(7);
    double[] uniform = new double[49];
    java.util.Arrays.fill(uniform, 1.0 / 49);
    close(AttentionMath.entropy(uniform), Math.log(49));
    double[] peak = new double[49];
    peak[3] = 1;
    assertThat(AttentionMath.entropy(peak)).isZero();
    assertThat(AttentionMath.borderFraction(uniform, grid))
        .isCloseTo(24.0 / 49, org.assertj.core.data.Offset.offset(1e-15));
  }

  @Test
  void gridOfTokensNeedsASquare() {
    assertThat(PatchGrid.ofTokens(50).side()).isEqualTo(7);
    assertThatThrownBy(() -> PatchGrid.ofTokens(49)).hasMessageContaining("49 tokens");
    assertThat(new PatchGrid(3).distance(0, 8)).isEqualTo(Math.sqrt(8));
  }
}
