package dev.gaze.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Result tables of two runs compared cell by cell: what a merged or resumed run must equal. */
public final class TableComparison {

  private TableComparison() {}

  /**
   * Compares one table of one run ({@code merged}) with another's ({@code whole}): the same rows in
   * the same order, counts and names exact, doubles within {@code tolerance}; records the worst
   * difference per table and column.
   */
  public static void compareTables(
      SparkSession spark,
      String table,
      Path whole,
      Path merged,
      double tolerance,
      Map<String, Double> worst) {
    List<Row> expected = spark.read().parquet(whole.resolve(table).toString()).collectAsList();
    List<Row> actual = spark.read().parquet(merged.resolve(table).toString()).collectAsList();
    assertThat(spark.read().parquet(merged.resolve(table).toString()).schema())
        .isEqualTo(spark.read().parquet(whole.resolve(table).toString()).schema());
    assertThat(actual).as(table + " rows").hasSameSizeAs(expected);
    if (!table.equals("errors")) {
      assertThat(expected).as(table + " rows").isNotEmpty();
    }
    String[] fields = expected.isEmpty() ? new String[0] : expected.get(0).schema().fieldNames();
    for (int i = 0; i < expected.size(); i++) {
      Row e = expected.get(i);
      Row m = actual.get(i);
      for (String field : fields) {
        Object x = e.get(e.fieldIndex(field));
        Object y = m.get(m.fieldIndex(field));
        String where = table + " row " + i + " " + field;
        if (x instanceof Double dx) {
          double r = relative(dx, (Double) y);
          worst.merge(table + "." + field, r, Math::max);
          assertThat(r).as(where + ": " + dx + " vs " + y).isLessThanOrEqualTo(tolerance);
        } else if (x instanceof scala.collection.Seq<?>) {
          List<Object> xs = e.getList(e.fieldIndex(field));
          List<Object> ys = m.getList(m.fieldIndex(field));
          assertThat(ys).as(where).hasSameSizeAs(xs);
          for (int k = 0; k < xs.size(); k++) {
            double r = relative((Double) xs.get(k), (Double) ys.get(k));
            worst.merge(table + "." + field, r, Math::max);
            assertThat(r)
                .as(where + "[" + k + "]: " + xs.get(k) + " vs " + ys.get(k))
                .isLessThanOrEqualTo(tolerance);
          }
        } else {
          assertThat(y).as(where).isEqualTo(x);
        }
      }
    }
  }

  /** |a - b| over the larger magnitude; 0 when equal (NaN equals NaN). */
  public static double relative(double a, double b) {
    if (a == b || (Double.isNaN(a) && Double.isNaN(b))) {
      return 0;
    }
    return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
  }
}
