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
  void aSubsetKeepsTheSharesOfAllTheTrueClasssImages() {
    List<ConfusionCell> cells =
        List.of(
            new ConfusionCell(5, 5, 6),
            new ConfusionCell(5, 900, 2),
            new ConfusionCell(5, 3, 2),
            new ConfusionCell(900, 5, 4),
            new ConfusionCell(3, 3, 1));
    ConfusionMatrix m = ConfusionMatrix.over(cells, List.of(900, 5));
    assertThat(m.subset()).isTrue();
    assertThat(m.rows()).isEqualTo(2);
    assertThat(m.rowId(0)).isEqualTo(5);
    assertThat(m.columnId(1)).isEqualTo(900);
    // class 5 has 10 images: 6 right, 2 to 900 and 2 to class 3, which is not shown
    assertThat(m.fraction(0, 0)).isEqualTo(0.6);
    assertThat(m.fraction(0, 1)).isEqualTo(0.2);
    assertThat(m.fraction(1, 0)).isEqualTo(1.0);
    assertThat(m.count(1, 1)).isZero();
    assertThat(ConfusionMatrix.of(cells, 2).subset()).isFalse();
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
