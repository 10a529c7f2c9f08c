package dev.gaze.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RunningMomentsTest {

  /** Two-pass mean and population standard deviation of column {@code k}. */
  private static double[] twoPass(float[][] xs, int from, int to, int k) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += xs[i][k];
    }
    double mean = sum / (to - from);
    double squares = 0;
    for (int i = from; i < to; i++) {
      squares += (xs[i][k] - mean) * (xs[i][k] - mean);
    }
    return new double[] {mean, Math.sqrt(squares / (to - from))};
  }

  @Test
  void addedAndMergedMomentsEqualTwoPassOnesOnALargeOffset() {
    Random random = new Random(3);
    int n = 100_000;
    float[][] xs = new float[n][2];
    for (int i = 0; i < n; i++) {
      // float32 values around 1e5 with a spread of about 0.01: E[x^2] - E[x]^2 would keep no digit.
      xs[i][0] = (float) (1e5 + 0.01 * random.nextGaussian());
      xs[i][1] = (float) random.nextGaussian();
    }
    RunningMoments whole = new RunningMoments(2);
    RunningMoments a = new RunningMoments(2);
    RunningMoments b = new RunningMoments(2);
    for (int i = 0; i < n; i++) {
      whole.add(xs[i]);
      (i < 30_000 ? a : b).add(xs[i]);
    }
    RunningMoments merged = RunningMoments.of(a.count(), a.mean(), a.m2());
    merged.merge(b);
    for (RunningMoments m : new RunningMoments[] {whole, merged}) {
      assertThat(m.count()).isEqualTo(n);
      for (int k = 0; k < 2; k++) {
        double[] expected = twoPass(xs, 0, n, k);
        assertThat(m.mean()[k])
            .isCloseTo(expected[0], within(1e-12 * Math.abs(expected[0]) + 1e-12));
        assertThat(m.populationStd()[k]).isCloseTo(expected[1], within(1e-9 * expected[1]));
      }
    }
    double[] part = twoPass(xs, 0, 30_000, 0);
    assertThat(a.populationStd()[0]).isCloseTo(part[1], within(1e-9 * part[1]));
  }

  @Test
  void mergingEmptyMomentsChangesNothingAndLengthsMustAgree() {
    RunningMoments m = new RunningMoments(1);
    m.add(new float[] {2f});
    m.add(new float[] {4f});
    m.merge(new RunningMoments(1));
    RunningMoments empty = new RunningMoments(1);
    empty.merge(m);
    assertThat(empty.mean()).containsExactly(3.0);
    assertThat(empty.populationStd()).containsExactly(1.0);
    assertThatThrownBy(() -> m.add(new float[] {1f, 2f}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 elements");
  }
}
