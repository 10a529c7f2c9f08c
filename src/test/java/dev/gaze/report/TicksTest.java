package dev.gaze.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TicksTest {

  @Test
  void picksRoundStepsInsideTheRange() {
    assertThat(Ticks.between(0, 1, 5)).containsExactly(0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0);
    assertThat(Ticks.between(0.013, 2.97, 5)).containsExactly(0.5, 1.0, 1.5, 2.0, 2.5);
    assertThat(Ticks.between(-3, 7, 5)).containsExactly(-2.0, 0.0, 2.0, 4.0, 6.0);
    assertThat(Ticks.between(4, 4, 5)).containsExactly(4.0);
  }

  @Test
  void indexTicksStartAtZeroWithRoundSteps() {
    assertThat(Ticks.indices(256, 10)).startsWith(0, 20, 40).endsWith(240).hasSize(13);
    assertThat(Ticks.indices(3, 10)).containsExactly(0, 1, 2);
    assertThat(Ticks.indices(0, 10)).isEmpty();
  }

  @Test
  void labelsAreShort() {
    assertThat(Ticks.label(0.6000000000000001)).isEqualTo("0.6");
    assertThat(Ticks.label(2.0)).isEqualTo("2");
    assertThat(Ticks.label(-1.5e-17)).isEqualTo("0");
    assertThat(Ticks.label(123456)).isEqualTo("1.23e+05");
    assertThat(Ticks.label(0.00025)).isEqualTo("2.50e-04");
    assertThat(Ticks.label(12.5)).isEqualTo("12.5");
  }
}
