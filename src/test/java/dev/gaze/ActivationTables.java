package dev.gaze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/** Compares two {@code activation_stats} tables row by row, matched on (class_id, tap). */
public final class ActivationTables {

  /** The array columns of {@code activation_stats}. */
  public static final List<String> ARRAY_COLUMNS =
      List.of(
          "channel_mean", "channel_std", "channel_max", "channel_zero_fraction", "spatial_mean");

  private ActivationTables() {}

  /**
   * Asserts the same rows, exact counts and class names, and every array value within {@code
   * relative * max(|expected|, floor)}.
   */
  public static void assertSame(
      List<Row> expected, List<Row> actual, double relative, double floor) {
    assertThat(actual).hasSameSizeAs(expected);
    Map<String, Row> byKey = new HashMap<>();
    for (Row r : expected) {
      byKey.put(key(r), r);
    }
    for (Row a : actual) {
      Row e = byKey.get(key(a));
      assertThat(e).as("row " + key(a)).isNotNull();
      assertThat(a.<Long>getAs("images")).as(key(a) + " images").isEqualTo(e.<Long>getAs("images"));
      assertThat(a.<String>getAs("class_name")).isEqualTo(e.<String>getAs("class_name"));
      for (String column : ARRAY_COLUMNS) {
        List<Double> av = a.getList(a.fieldIndex(column));
        List<Double> ev = e.getList(e.fieldIndex(column));
        assertThat(av).as(key(a) + " " + column).hasSameSizeAs(ev);
        for (int i = 0; i < av.size(); i++) {
          double tolerance = relative * Math.max(Math.abs(ev.get(i)), floor);
          assertThat(av.get(i))
              .as(key(a) + " " + column + "[" + i + "]")
              .isCloseTo(ev.get(i), within(tolerance));
        }
      }
    }
  }

  private static String key(Row r) {
    return r.getAs("class_id") + "/" + r.getAs("tap");
  }
}
