package dev.gaze.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gaze.job.ProgressSnapshot;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

  @Test
  void estimatedTotalRateFailedElapsedAndEta() {
    // 12,000 done in 15 s = 800/s; 38,000 left = 47.5 s
    ProgressSnapshot p = new ProgressSnapshot(11_997, 3, 50_000, false, 20, 15);
    assertThat(ProgressLine.format(p))
        .isEqualTo(
            "12,000 of ~50,000 images (24.0%), 800 images/s, 3 failed, elapsed 0:20, ETA 0:48");
  }

  @Test
  void exactTotalUnknownTotalAndHours() {
    assertThat(ProgressLine.format(new ProgressSnapshot(100, 0, 100, true, 4000, 50)))
        .isEqualTo(
            "100 of 100 images (100.0%), 2 images/s, 0 failed, elapsed 1:06:40,"
                + " inference done in 0:50, aggregating");
    assertThat(ProgressLine.format(new ProgressSnapshot(0, 0, -1, false, 2, 0)))
        .isEqualTo("0 of ? images, 0 images/s, 0 failed, elapsed 0:02, ETA ?");
  }
}
