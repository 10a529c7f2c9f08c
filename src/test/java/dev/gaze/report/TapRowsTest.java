package dev.gaze.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gaze.aggregate.ActivationStats;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TapRowsTest {

  private static final List<String> CLASSES = List.of("a", "b", "c");

  @Test
  void groupsInTheGivenTapOrderThenByNameAndSortsClasses() {
    List<ActivationStats> rows = new ArrayList<>();
    rows.addAll(Synthetic.tap("z", CLASSES, 4, 2, 2, 5, (k, y, x) -> k, new int[] {}, 1));
    rows.addAll(Synthetic.tap("b", CLASSES, 4, 2, 2, 5, (k, y, x) -> k, new int[] {}, 1));
    rows.addAll(Synthetic.tap("m", CLASSES, 4, 2, 2, 5, (k, y, x) -> k, new int[] {}, 1));
    java.util.Collections.reverse(rows);
    List<TapRows> taps = TapRows.group(rows, List.of("m", "missing"));
    assertThat(taps).extracting(TapRows::tap).containsExactly("m", "b", "z");
    assertThat(taps.get(0).classRows())
        .extracting(ActivationStats::classId)
        .containsExactly(0, 1, 2);
    assertThat(taps.get(0).datasetWide()).isPresent();
    assertThat(taps.get(0).images()).isEqualTo(15);
  }

  @Test
  void countsDeadChannelsAndAveragesTheZeroFraction() {
    List<ActivationStats> rows =
        Synthetic.tap("t", CLASSES, 6, 1, 1, 5, (k, y, x) -> 1, new int[] {1, 4}, 7);
    TapRows tap = TapRows.group(rows, List.of()).get(0);
    assertThat(tap.deadChannels()).contains(2);
    assertThat(tap.isDead(1)).isTrue();
    assertThat(tap.isDead(0)).isFalse();
    double[] zero = rows.get(3).channelZeroFraction();
    double expected = 0;
    for (double z : zero) {
      expected += z / zero.length;
    }
    assertThat(tap.meanZeroFraction().orElseThrow())
        .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void rejectsRowsWhoseArraysDoNotMatchTheirShape() {
    ActivationStats bad =
        new ActivationStats(
            0,
            "a",
            "t",
            1,
            2,
            2,
            2,
            new double[2],
            new double[2],
            new double[2],
            new double[2],
            new double[3]);
    assertThatThrownBy(() -> TapRows.group(List.of(bad), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spatialMean has 3 values, expected 4");
  }

  @Test
  void rejectsTwoShapesInOneTapAndDuplicateClasses() {
    List<ActivationStats> rows = new ArrayList<>();
    rows.addAll(Synthetic.tap("t", CLASSES, 4, 2, 2, 5, (k, y, x) -> k, new int[] {}, 1));
    rows.add(Synthetic.tap("t", List.of("d"), 4, 3, 3, 5, (k, y, x) -> k, new int[] {}, 1).get(0));
    assertThatThrownBy(() -> TapRows.group(rows, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one shape");
    List<ActivationStats> twice = new ArrayList<>(rows.subList(0, 4));
    twice.add(rows.get(0));
    assertThatThrownBy(() -> TapRows.group(twice, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("two rows for class id 0");
  }
}
