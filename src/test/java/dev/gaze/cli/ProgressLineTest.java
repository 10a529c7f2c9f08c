package dev.gaze.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gaze.job.ProgressSnapshot;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

  @Test
  void estimatedTotalRateFailedElapsedAndEta() {
    // 12,000 done in 15 s = 800/s; 38,000 left = 47.5 s
    ProgressSnapshot p = new ProgressSnapshot(11_997, 3, 0, 50_000, false, 20, 15);
    assertThat(ProgressLine.format(p))
        .isEqualTo(
            "12,000 of ~50,000 images (24.0%), 800 images/s, 3 failed, elapsed 0:20, ETA 0:48");
  }

  @Test
  void exactTotalUnknownTotalAndHours() {
    assertThat(ProgressLine.format(new ProgressSnapshot(100, 0, 0, 100, true, 4000, 50)))
        .isEqualTo(
            "100 of 100 images (100.0%), 2 images/s, 0 failed, elapsed 1:06:40,"
                + " inference done in 0:50, aggregating");
    assertThat(ProgressLine.format(new ProgressSnapshot(0, 0, 0, -1, false, 2, 0)))
        .isEqualTo("0 of ? images, 0 images/s, 0 failed, elapsed 0:02, ETA ?");
  }

  @Test
  void reusedRecordsCountAsDoneButNotInTheRate() {
    // 2,000 analysed in 10 s = 200/s; 6,000 reused; 2,000 left = 10 s
    ProgressSnapshot p = new ProgressSnapshot(1_990, 10, 6_000, 10_000, false, 12, 10);
    assertThat(ProgressLine.format(p))
        .isEqualTo(
            "8,000 of ~10,000 images (80.0%), 6,000 reused, 200 images/s, 10 failed,"
                + " elapsed 0:12, ETA 0:10");
  }
}
