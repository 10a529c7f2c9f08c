package dev.gaze.findings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RobustScoreTest {

  @Test
  void medianMadAndZ() {
    RobustScore s = RobustScore.of(new double[] {5, 1, 3, 100, 2});
    assertThat(s.median()).isEqualTo(3);
    // deviations 2, 2, 0, 97, 1 -> median 2
    assertThat(s.mad()).isEqualTo(2);
    assertThat(s.z(100)).isCloseTo(97 / (1.4826 * 2), within(1e-12));
    assertThat(RobustScore.of(new double[] {1, 2, 3, 4}).median()).isEqualTo(2.5);
  }

  @Test
  void zeroMadGivesInfiniteScoresOffTheMedian() {
    RobustScore s = RobustScore.of(new double[] {0.1, 0.1, 0.1, 0.9});
    assertThat(s.mad()).isZero();
    assertThat(s.z(0.9)).isInfinite().isPositive();
    assertThat(s.z(0.1)).isZero();
  }
}
