package dev.gaze.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gaze.aggregate.AttentionRows;
import dev.gaze.findings.AttentionRow;
import org.junit.jupiter.api.Test;

/** The attention tables' rows as the detectors read them. */
class FindingsTableTest {

  @Test
  void aRolloutRowGetsTheBorderShareOfItsMap() {
    // a 4x4 grid: 12 ring patches, 4 inner; the ring carries 0.01 * (1 + ... + 12) by hand
    double[] map = new double[16];
    double ring = 0;
    int onRing = 0;
    for (int i = 0; i < 16; i++) {
      int y = i / 4;
      int x = i % 4;
      boolean inner = y > 0 && y < 3 && x > 0 && x < 3;
      map[i] = inner ? 0.1 : 0.01 * ++onRing;
      if (!inner) {
        ring += map[i];
      }
    }
    AttentionRow parsed =
        FindingsTable.attention(new AttentionRows.Rollout(3, "three", 10L, 4, 4, map));
    assertThat(parsed.head()).isEqualTo(-1);
    assertThat(parsed.tap()).isEqualTo(AttentionRow.ROLLOUT_TAP);
    assertThat(parsed.classId()).isEqualTo(3);
    assertThat(parsed.borderFraction()).isCloseTo(ring, within(1e-12));
    assertThat(parsed.uniformBorderShare()).isCloseTo(12.0 / 16, within(1e-12));
    assertThat(parsed.entropyMean()).isNaN();
  }

  @Test
  void anAttentionStatsRowKeepsItsValues() {
    double[] map = {0.25, 0.25, 0.25, 0.25};
    AttentionRow parsed =
        FindingsTable.attention(
            new AttentionRows.Stats(
                2, "two", "block1.attn", 1, 7L, 2, 2, map, 1.3, 0.1, 0.9, 0.2, 0.6));
    assertThat(parsed)
        .isEqualTo(
            new AttentionRow(2, "two", "block1.attn", 1, 7L, 2, 2, map, 1.3, 0.1, 0.9, 0.2, 0.6));
  }
}
