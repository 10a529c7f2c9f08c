package dev.gaze.aggregate;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Collects the small result tables to the driver as Java values, for rendering. */
public final class ResultRows {

  private ResultRows() {}

  /** Every row of an {@code activation_stats} table, ordered by class then tap. */
  public static List<ActivationStats> activationStats(Dataset<Row> table) {
    return table.orderBy("class_id", "tap").collectAsList().stream()
        .map(ResultRows::activationStats)
        .toList();
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
