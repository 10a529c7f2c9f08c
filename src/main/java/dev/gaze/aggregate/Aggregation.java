package dev.gaze.aggregate;

import static org.apache.spark.sql.functions.arrays_zip;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.explode_outer;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
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
 * Turns the inference stage's partial rows ({@link Schemas#PARTIAL}) into the feature-map,
 * confusion and errors tables.
 *
 * <p>Every statistic is an element-wise merge of the partial rows ({@link Partials}): each array is
 * exploded with its positions and the rows of one (class, tap, position) are merged, sums added,
 * running moments combined with Chan et al.'s formula, all in double; the dataset-wide group {@code
 * -1} is merged from its own partial rows in the same pass. The arrays are rebuilt in position
 * order.
 */
public final class Aggregation {

  private Aggregation() {}

  /**
   * The {@code activation_stats} table ({@link Schemas#ACTIVATION_STATS}), ordered by class then
   * tap.
   *
   * @param partials rows of {@link Schemas#PARTIAL}
   * @param classNames rows of {@link Schemas#CLASS_NAMES}; classes missing from it are named by
   *     their id
   * @param tapShapes rows of {@link Schemas#TAP_SHAPES}, one per tap
   */
  public static Dataset<Row> activationStats(
      Dataset<Row> partials, Dataset<Row> classNames, Dataset<Row> tapShapes) {
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
    return activationStats(partials, byIndex, shapes);
  }

  /**
   * The {@code activation_stats} table ({@link Schemas#ACTIVATION_STATS}), ordered by class then
   * tap, with the class names and tap shapes given as values. They become literal expressions
   * ({@code element_at} of a literal array, {@code CASE WHEN}) rather than joined tables: a join
   * with a table of local rows would put a {@code LocalTableScan}, which the RAPIDS Accelerator has
   * no GPU version of, into the stage.
   *
   * @param partials rows of {@link Schemas#PARTIAL}
   * @param classNames names by class id (null entries, and ids past the end, are named by their id)
   * @param tapShapes each tap's own (height, width)
   */
  public static Dataset<Row> activationStats(
      Dataset<Row> partials, List<String> classNames, Map<String, int[]> tapShapes) {
    Dataset<Row> taps =
        Partials.byClass(Partials.statistics(partials))
            .select(
                col("class_id").as("group_id"),
                col("images").as(Partials.N),
                explode(col("taps")).as("t"));

    Dataset<Row> channelPartials =
        taps.select(
                col("group_id"),
                col(Partials.N),
                col("t.tap").as("tap"),
                posexplode(
                        arrays_zip(
                            col("t.channel_mean").as("mean"),
                            col("t.channel_mean_m2").as("m2"),
                            col("t.channel_max_sum").as("max_sum"),
                            col("t.channel_zero_sum").as("zero_sum")))
                    .as(new String[] {"pos", "c"}))
            .select(
                col("group_id"),
                col(Partials.N),
                col("tap"),
                col("pos"),
                col("c.mean").as("m_mean"),
                col("c.m2").as("m_m2"),
                col("c.max_sum").as("max_sum"),
                col("c.zero_sum").as("zero_sum"));
    List<String> moments = List.of("m");
    List<String> sums = List.of("max_sum", "zero_sum");
    Dataset<Row> perChannel =
        Partials.combine(
                channelPartials, Partials.keys(List.of("group_id"), "tap", "pos"), moments, sums)
            .groupBy("group_id", "tap")
            .agg(
                max(Partials.N).as("images"),
                sort_array(
                        collect_list(
                            struct(
                                col("pos"),
                                col("m_mean").as("mean"),
                                Partials.std("m").as("std"),
                                col("max_sum").divide(col(Partials.N)).as("max"),
                                col("zero_sum").divide(col(Partials.N)).as("zero"))))
                    .as("c"));

    Dataset<Row> cellPartials =
        taps.select(
            col("group_id"),
            col(Partials.N),
            col("t.tap").as("tap"),
            col("t.map_height").as("map_height"),
            col("t.map_width").as("map_width"),
            posexplode(col("t.spatial_sum")).as(new String[] {"pos", "v"}));
    Dataset<Row> perPosition =
        Partials.meanMaps(cellPartials, "pos", "tap", "map_height", "map_width").drop("images");

    Column className = Literals.className("group_id", classNames);
    Column tapHeight = lit(null).cast(DataTypes.IntegerType);
    Column tapWidth = lit(null).cast(DataTypes.IntegerType);
    for (Map.Entry<String, int[]> e : tapShapes.entrySet()) {
      tapHeight = when(col("tap").equalTo(e.getKey()), e.getValue()[0]).otherwise(tapHeight);
      tapWidth = when(col("tap").equalTo(e.getKey()), e.getValue()[1]).otherwise(tapWidth);
    }

    return Partials.ordered(
        perChannel
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
                col("r.v").as("spatial_mean")),
        "class_id",
        "tap");
  }

  /** What a run's partial rows count: images analysed, records that failed, top-1 correct. */
  public record Counts(long analysed, long failed, long correct) {}

  /**
   * The {@link Counts} of {@code partials} ({@link Schemas#PARTIAL}), in one pass: the analysed and
   * correct images from the class rows' predictions, the failures from the error rows.
   */
  public static Counts counts(Dataset<Row> partials) {
    Row r =
        Partials.withoutDatasetWide(partials)
            .select(col("class_id"), col("error"), explode_outer(col("predictions")).as("p"))
            .agg(
                sum("p.images"),
                count("error"),
                sum(when(col("p.predicted_id").equalTo(col("class_id")), col("p.images"))))
            .first();
    return new Counts(
        r.isNullAt(0) ? 0 : r.getLong(0), r.getLong(1), r.isNullAt(2) ? 0 : r.getLong(2));
  }

  /** The {@code confusion} table ({@link Schemas#CONFUSION}), ordered by class then prediction. */
  public static Dataset<Row> confusion(Dataset<Row> partials) {
    return Partials.ordered(
        Partials.analysed(partials)
            .select(col("class_id"), explode(col("predictions")).as("p"))
            .groupBy(col("class_id"), col("p.predicted_id").as("predicted_id"))
            .agg(sum("p.images").as("images")),
        "class_id",
        "predicted_id");
  }

  /** The {@code errors} table ({@link Schemas#ERRORS}), ordered by source then key. */
  public static Dataset<Row> errors(Dataset<Row> partials) {
    return Partials.ordered(
        partials
            .where(col("error").isNotNull())
            .select(col("source"), col("key"), col("error").as("reason")),
        "source",
        "key");
  }
}
