package dev.gaze.findings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SpatialMetricsTest {

  @Test
  void checkerboardHasTheLargestRatioAndGradientsNone() {
    int n = 8;
    double[] board = new double[n * n];
    double[] ramp = new double[n * n];
    for (int y = 0; y < n; y++) {
      for (int x = 0; x < n; x++) {
        board[y * n + x] = (x + y) % 2 == 0 ? 1 : -1;
        ramp[y * n + x] = 3 * x - 2 * y + 7;
      }
    }
    // Each interior Laplacian of the +-1 board is +-8, so the mean square is 64; variance 1.
    assertThat(SpatialMetrics.highFrequencyRatio(board, n, n)).isCloseTo(64.0 / 20, within(1e-12));
    assertThat(SpatialMetrics.highFrequencyRatio(ramp, n, n)).isCloseTo(0, within(1e-12));
  }

  @Test
  void whiteNoiseIsAboutOneAndABlobFarBelow() {
    Random random = new Random(7);
    int n = 64;
    double[] noise = new double[n * n];
    double[] blob = new double[n * n];
    for (int i = 0; i < noise.length; i++) {
      noise[i] = random.nextGaussian();
      double dy = i / n - 30.0;
      double dx = i % n - 34.0;
      blob[i] = Math.exp(-(dx * dx + dy * dy) / (2 * 8.0 * 8.0));
    }
    assertThat(SpatialMetrics.highFrequencyRatio(noise, n, n)).isCloseTo(1.0, within(0.08));
    assertThat(SpatialMetrics.highFrequencyRatio(blob, n, n)).isLessThan(0.001);
  }

  @Test
  void ratioMatchesAStraightforwardComputation() {
    double[] map = {1, 5, 2, 0, 3, 9, 4, 4, 2, 8, 1, 6};
    int h = 3;
    int w = 4;
    double mean = 0;
    for (double v : map) {
      mean += v / map.length;
    }
    double var = 0;
    for (double v : map) {
      var += (v - mean) * (v - mean) / map.length;
    }
    // interior positions (1,1) and (1,2)
    double l11 = 4 * 9 - 5 - 8 - 3 - 4;
    double l12 = 4 * 4 - 2 - 1 - 9 - 4;
    double expected = (l11 * l11 + l12 * l12) / 2 / (20 * var);
    assertThat(SpatialMetrics.highFrequencyRatio(map, h, w)).isCloseTo(expected, within(1e-12));
  }

  @Test
  void tooSmallOrConstantMapsHaveNoRatio() {
    assertThat(SpatialMetrics.highFrequencyRatio(new double[] {1, 2, 3, 4}, 2, 2)).isNaN();
    assertThat(SpatialMetrics.highFrequencyRatio(new double[9], 3, 3)).isNaN();
  }

  @Test
  void spreadIsZeroForEqualMapsAndGrowsWithTheirDifference() {
    double[] a = {1, 2, 3, 4};
    double[] b = {1, 2, 3, 4};
    double[] c = {2, 2, 3, 5};
    assertThat(SpatialMetrics.spreadAcrossMaps(List.of(a, b))).isZero();
    assertThat(SpatialMetrics.spreadAcrossMaps(List.of(new double[4], new double[4]))).isZero();
    // positions differ by 1 at 0 and 3: per-position std 0.5 there, 0 elsewhere
    double expected = Math.sqrt((0.25 * 2 * 2) / (1 + 4 + 4 + 4 + 9 + 9 + 16 + 25));
    assertThat(SpatialMetrics.spreadAcrossMaps(List.of(a, c))).isCloseTo(expected, within(1e-12));
  }
}
