package dev.gaze.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gaze.job.TableMerge.Rule;
import dev.gaze.stats.Moments;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Rows of a table merged by {@link TableMerge} against the statistics computed directly over the
 * raw per-image values of both runs.
 */
class TableMergeTest {

  private static final TableMerge TABLE =
      TableMerge.of("t")
          .column("class_id", Rule.KEY)
          .column("name", Rule.SAME)
          .column("images", Rule.COUNT)
          .column("mean", Rule.MEAN)
          .std("std", "mean")
          .column("map", Rule.MEAN);

  /** A row as a run computes it from per-image values {@code v} and per-image maps {@code m}. */
  private static Object[] row(Integer classId, double[] v, double[][] m) {
    Moments moments = Moments.of(v);
    double[] map = new double[m[0].length];
    for (double[] image : m) {
      for (int k = 0; k < map.length; k++) {
        map[k] += image[k] / m.length;
      }
    }
    return new Object[] {
      classId, "c" + classId, (long) v.length, moments.mean(), moments.std(), map
    };
  }

  @Test
  void matchingRowsMergeAsTheUnionOfTheirImages() {
    Random random = new Random(5);
    double[] va = random.doubles(30, 0, 4).toArray();
    double[] vb = random.doubles(70, 3, 9).toArray();
    double[][] ma = new double[30][];
    double[][] mb = new double[70][];
    for (int i = 0; i < 30; i++) {
      ma[i] = random.doubles(4).toArray();
    }
    for (int i = 0; i < 70; i++) {
      mb[i] = random.doubles(4).toArray();
    }
    double[] v = new double[100];
    System.arraycopy(va, 0, v, 0, 30);
    System.arraycopy(vb, 0, v, 30, 70);
    double[][] m = new double[100][];
    System.arraycopy(ma, 0, m, 0, 30);
    System.arraycopy(mb, 0, m, 30, 70);
    Object[] expected = row(1, v, m);

    Object[] onlyA = row(0, va, ma);
    Object[] onlyB = row(2, vb, mb);
    List<Object[]> merged =
        TABLE.merge(
            List.of(row(1, va, ma), onlyA),
            TABLE::count,
            List.of(onlyB, row(1, vb, mb)),
            TABLE::count);
    assertThat(merged).extracting(r -> r[0]).containsExactly(0, 1, 2);
    assertThat(merged.get(0)).isSameAs(onlyA);
    assertThat(merged.get(2)).isSameAs(onlyB);
    Object[] both = merged.get(1);
    assertThat(both[1]).isEqualTo("c1");
    assertThat(both[2]).isEqualTo(100L);
    assertThat((Double) both[3]).isCloseTo((Double) expected[3], within(1e-14));
    assertThat((Double) both[4]).isCloseTo((Double) expected[4], within(1e-14));
    double[] map = (double[]) both[5];
    double[] direct = (double[]) expected[5];
    for (int k = 0; k < map.length; k++) {
      assertThat(map[k]).isCloseTo(direct[k], within(1e-14));
    }
  }

  @Test
  void externalWeightsAndNullKeysFirst() {
    TableMerge similarity = TableMerge.of("s").column("tap", Rule.KEY).column("cosine", Rule.MEAN);
    List<Object[]> merged =
        similarity.merge(
            List.of(new Object[] {"b", 0.2}, new Object[] {null, 1.0}),
            r -> 1,
            List.of(new Object[] {"b", 0.6}, new Object[] {"a", 0.5}),
            r -> 3);
    assertThat(merged).extracting(r -> r[0]).containsExactly(null, "a", "b");
    assertThat((Double) merged.get(2)[1]).isCloseTo((0.2 + 3 * 0.6) / 4, within(1e-15));
  }

  @Test
  void refusesRowsThatDisagreeOnADescriptiveColumnOrRepeatAKey() {
    Object[] a = {1, "cat", 2L, 1.0, 0.0, new double[] {1}};
    Object[] b = {1, "dog", 2L, 1.0, 0.0, new double[] {1}};
    assertThatThrownBy(
            () ->
                TABLE.merge(List.<Object[]>of(a), TABLE::count, List.<Object[]>of(b), TABLE::count))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("disagree on name (cat vs dog)");
    List<Object[]> twice = new ArrayList<>(List.of(a, a.clone()));
    assertThatThrownBy(() -> TABLE.merge(twice, TABLE::count, List.of(), TABLE::count))
        .hasMessageContaining("twice");
  }
}
