package dev.gaze.aggregate;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.arrays_zip;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.stddev_pop;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Turns the per-image table ({@link Schemas#PER_IMAGE}) into the result tables.
 *
 * <p>Every statistic is an element-wise aggregate over images: each per-image array is exploded
 * with its positions, grouped by (class, tap, position) and aggregated with Spark's built-in {@code
 * avg} and {@code stddev_pop}. Both accumulate in double (the float32 inputs are widened first);
 * {@code stddev_pop} keeps a running mean and sum of squared deviations per partition and merges
 * partitions with Chan et al.'s pairwise formula, so it does not lose precision to cancellation the
 * way {@code E[x^2] - E[x]^2} would at a million images. Each image is counted twice, once for its
 * class and once for the dataset-wide group {@code -1}, so both come from one pass. The arrays are
 * then rebuilt in position order.
 */
public final class Aggregation {

  private Aggregation() {}

  /** Rows that were analysed (no error). */
  private static Dataset<Row> analysed(Dataset<Row> perImage) {
    return perImage.where(col("error").isNull());
  }

  /**
   * The {@code activation_stats} table ({@link Schemas#ACTIVATION_STATS}), ordered by class then
   * tap.
   *
   * @param perImage rows of {@link Schemas#PER_IMAGE}
   * @param classNames rows of {@link Schemas#CLASS_NAMES}; classes missing from it are named by
   *     their id
   * @param tapShapes rows of {@link Schemas#TAP_SHAPES}, one per tap
   */
  public static Dataset<Row> activationStats(
      Dataset<Row> perImage, Dataset<Row> classNames, Dataset<Row> tapShapes) {
    Map<Integer, String> names = new TreeMap<>();
    for (Row r : classNames.collectAsList()) {
      names.put(r.getInt(r.fieldIndex("class_id")), r.getString(r.fieldIndex("class_name")));
    }
    List<String> byIndex = new ArrayList<>();
    for (Map.Entry<Integer, String> e : names.entrySet()) {
      while (byIndex.size() < e.getKey()) {
        byIndex.add(null);
      }
      if (e.getKey() >= 0) {
        byIndex.add(e.getValue());
      }
    }
    Map<String, int[]> shapes = new LinkedHashMap<>();
    for (Row r : tapShapes.collectAsList()) {
      shapes.put(
          r.getString(r.fieldIndex("tap")),
          new int[] {r.getInt(r.fieldIndex("tap_height")), r.getInt(r.fieldIndex("tap_width"))});
    }
    return activationStats(perImage, byIndex, shapes);
  }

  /**
   * The {@code activation_stats} table ({@link Schemas#ACTIVATION_STATS}), ordered by class then
   * tap, with the class names and tap shapes given as values. They become literal expressions
   * ({@code element_at} of a literal array, {@code CASE WHEN}) rather than joined tables: a join
   * with a table of local rows would put a {@code LocalTableScan}, which the RAPIDS Accelerator has
   * no GPU version of, into the stage.
   *
   * @param perImage rows of {@link Schemas#PER_IMAGE}
   * @param classNames names by class id (null entries, and ids past the end, are named by their id)
   * @param tapShapes each tap's own (height, width)
   */
  public static Dataset<Row> activationStats(
      Dataset<Row> perImage, List<String> classNames, Map<String, int[]> tapShapes) {
    Dataset<Row> taps =
        analysed(perImage)
            .select(col("class_id"), explode(col("taps")).as("t"))
            .select(
                explode(array(col("class_id"), lit(ActivationStats.ALL_CLASSES))).as("group_id"),
                col("t.tap").as("tap"),
                col("t.channel_mean").as("m"),
                col("t.channel_max").as("x"),
                col("t.channel_zero_fraction").as("z"),
                col("t.map_height").as("map_height"),
                col("t.map_width").as("map_width"),
                col("t.spatial").as("s"));

    Dataset<Row> perChannel =
        taps.select(
                col("group_id"),
                col("tap"),
                posexplode(arrays_zip(col("m"), col("x"), col("z"))).as(new String[] {"pos", "c"}))
            .groupBy("group_id", "tap", "pos")
            .agg(
                count(lit(1)).as("images"),
                avg("c.m").as("mean"),
                stddev_pop("c.m").as("std"),
                avg("c.x").as("max"),
                avg("c.z").as("zero"))
            .groupBy("group_id", "tap")
            .agg(
                max("images").as("images"),
                sort_array(
                        collect_list(
                            struct(col("pos"), col("mean"), col("std"), col("max"), col("zero"))))
                    .as("c"));

    Dataset<Row> perPosition =
        taps.select(
                col("group_id"),
                col("tap"),
                col("map_height"),
                col("map_width"),
                posexplode(col("s")).as(new String[] {"pos", "v"}))
            .groupBy("group_id", "tap", "map_height", "map_width", "pos")
            .agg(avg("v").as("v"))
            .groupBy("group_id", "tap", "map_height", "map_width")
            .agg(sort_array(collect_list(struct(col("pos"), col("v")))).as("p"));

    Column className = Literals.className("group_id", classNames);
    Column tapHeight = lit(null).cast(DataTypes.IntegerType);
    Column tapWidth = lit(null).cast(DataTypes.IntegerType);
    for (Map.Entry<String, int[]> e : tapShapes.entrySet()) {
      tapHeight = when(col("tap").equalTo(e.getKey()), e.getValue()[0]).otherwise(tapHeight);
      tapWidth = when(col("tap").equalTo(e.getKey()), e.getValue()[1]).otherwise(tapWidth);
    }

    return perChannel
        .join(perPosition, new String[] {"group_id", "tap"})
        .where(col("tap").isin(tapShapes.keySet().toArray()))
        .select(
            col("group_id").as("class_id"),
            className.as("class_name"),
            col("tap"),
            col("images"),
            size(col("c")).as("channels"),
            col("map_height").as("height"),
            col("map_width").as("width"),
            tapHeight.as("tap_height"),
            tapWidth.as("tap_width"),
            col("c.mean").as("channel_mean"),
            col("c.std").as("channel_std"),
            col("c.max").as("channel_max"),
            col("c.zero").as("channel_zero_fraction"),
            col("p.v").as("spatial_mean"))
        .orderBy("class_id", "tap");
  }

  /** The {@code confusion} table ({@link Schemas#CONFUSION}), ordered by class then prediction. */
  public static Dataset<Row> confusion(Dataset<Row> perImage) {
    return analysed(perImage)
        .groupBy("class_id", "predicted_id")
        .agg(count(lit(1)).as("images"))
        .orderBy("class_id", "predicted_id");
  }

  /** The {@code errors} table ({@link Schemas#ERRORS}), ordered by source then key. */
  public static Dataset<Row> errors(Dataset<Row> perImage) {
    return perImage
        .where(col("error").isNotNull())
        .select(col("source"), col("key"), col("error").as("reason"))
        .orderBy("source", "key");
  }
}
