package dev.gaze.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gaze.aggregate.ConfusionCell;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

  @Test
  void normalisesPerTrueClassAndCountsTheDiagonal() {
    List<ConfusionCell> cells =
        List.of(
            new ConfusionCell(0, 0, 6),
            new ConfusionCell(0, 1, 2),
            new ConfusionCell(0, 1, 2),
            new ConfusionCell(1, 1, 5),
            new ConfusionCell(2, 0, 1));
    ConfusionMatrix m = ConfusionMatrix.of(cells, 3);
    assertThat(m.rows()).isEqualTo(3);
    assertThat(m.columns()).isEqualTo(3);
    assertThat(m.count(0, 1)).isEqualTo(4);
    assertThat(m.fraction(0, 0)).isEqualTo(0.6);
    assertThat(m.fraction(0, 1)).isEqualTo(0.4);
    assertThat(m.fraction(2, 0)).isEqualTo(1.0);
    assertThat(m.correct()).isEqualTo(11);
    assertThat(m.total()).isEqualTo(16);
    assertThat(m.accuracy()).isEqualTo(11.0 / 16);
  }

  @Test
  void emptyRowsAreNanAndIdsOutsideTheClassesGetTheirOwnColumns() {
    ConfusionMatrix m =
        ConfusionMatrix.of(List.of(new ConfusionCell(0, 7, 3), new ConfusionCell(0, 0, 1)), 2);
    assertThat(m.rows()).isEqualTo(2);
    assertThat(m.columns()).isEqualTo(3);
    assertThat(m.columnId(2)).isEqualTo(7);
    assertThat(m.fraction(0, 2)).isEqualTo(0.75);
    assertThat(m.fraction(1, 0)).isNaN();
    assertThat(m.accuracy()).isEqualTo(0.25);
  }

  @Test
  void rejectsNegativeIds() {
    assertThatThrownBy(() -> ConfusionMatrix.of(List.of(new ConfusionCell(0, -1, 3)), 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("predictedId")
        .hasMessageContaining(">= 0");
  }
}
