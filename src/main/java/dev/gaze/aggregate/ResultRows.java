package dev.gaze.aggregate;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Collects the small result tables to the driver as Java values, for rendering. */
public final class ResultRows {

  private ResultRows() {}

  /**
   * Every row of an {@code activation_stats} table, ordered by class then tap. The rows come to the
   * driver a partition at a time and are turned into primitive arrays as they come, so that the
   * driver never holds the whole table as boxed Spark rows (at 1,000 classes of a ResNet-50's taps
   * that is about 3 times the 180 MB of the arrays).
   */
  public static List<ActivationStats> activationStats(Dataset<Row> table) {
    List<ActivationStats> rows = new java.util.ArrayList<>();
    java.util.Iterator<Row> it = table.orderBy("class_id", "tap").toLocalIterator();
    while (it.hasNext()) {
      rows.add(activationStats(it.next()));
    }
    return java.util.Collections.unmodifiableList(rows);
  }

  /** Every row of a {@code confusion} table. */
  public static List<ConfusionCell> confusion(Dataset<Row> table) {
    return table.collectAsList().stream()
        .map(
            r ->
                new ConfusionCell(
                    r.getInt(r.fieldIndex("class_id")),
                    r.getInt(r.fieldIndex("predicted_id")),
                    r.getLong(r.fieldIndex("images"))))
        .toList();
  }

  static ActivationStats activationStats(Row r) {
    return new ActivationStats(
        r.getInt(r.fieldIndex("class_id")),
        r.getString(r.fieldIndex("class_name")),
        r.getString(r.fieldIndex("tap")),
        r.getLong(r.fieldIndex("images")),
        r.getInt(r.fieldIndex("channels")),
        r.getInt(r.fieldIndex("height")),
        r.getInt(r.fieldIndex("width")),
        doubles(r, "channel_mean"),
        doubles(r, "channel_std"),
        doubles(r, "channel_max"),
        doubles(r, "channel_zero_fraction"),
        doubles(r, "spatial_mean"));
  }

  /** A table row's array column as doubles. */
  static double[] doubles(Row r, String field) {
    List<Double> values = r.getList(r.fieldIndex(field));
    double[] out = new double[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }
}
