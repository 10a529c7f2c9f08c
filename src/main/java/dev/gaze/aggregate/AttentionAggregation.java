package dev.gaze.aggregate;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.arrays_zip;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.stddev_pop;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * The attention tables from the per-image table ({@link Schemas#PER_IMAGE}), in Spark SQL built-ins
 * only, as {@link Aggregation} does for feature maps: arrays exploded with their positions, {@code
 * avg} and {@code stddev_pop} accumulating in double, each image counted for its class and for the
 * dataset-wide group {@code -1}. Class names and head pairs come in as literal expressions, never
 * as joined local rows (see {@link Literals}), so that the RAPIDS Accelerator can take the stage.
 */
public final class AttentionAggregation {

  /** The {@code head} value of the rows about the head-averaged attention. */
  public static final int HEAD_MEAN = -1;

  private AttentionAggregation() {}

  /** Analysed rows with attention, each twice: its class and the dataset-wide group. */
  private static Dataset<Row> grouped(Dataset<Row> perImage) {
    return perImage
        .where(col("error").isNull().and(col("attention").isNotNull()))
        .withColumn("group_id", explode(array(col("class_id"), lit(ActivationStats.ALL_CLASSES))));
  }

  private static Dataset<Row> named(Dataset<Row> rows, List<String> classNames) {
    return rows.withColumn("class_name", Literals.className("group_id", classNames));
  }

  /**
   * The {@code attention_stats} table ({@link Schemas#ATTENTION_STATS}): one row per class (and
   * {@code -1}), attention tap and head (and {@link #HEAD_MEAN}); ordered by class, tap, head.
   */
  public static Dataset<Row> attentionStats(Dataset<Row> perImage, List<String> classNames) {
    Dataset<Row> taps =
        grouped(perImage)
            .select(col("group_id"), explode(col("attention")).as("a"))
            .select(
                col("group_id"),
                col("a.tap").as("tap"),
                col("a.heads").as("heads"),
                col("a.grid_side").as("grid_side"),
                col("a.cls_maps").as("maps"),
                arrays_zip(col("a.entropy"), col("a.distance"), col("a.border_fraction")).as("s"));
    Column head =
        when(col("h").equalTo(col("heads")), lit(HEAD_MEAN)).otherwise(col("h")).as("head");
    Dataset<Row> scalars =
        taps.select(
                col("group_id"),
                col("tap"),
                col("heads"),
                col("grid_side"),
                posexplode(col("s")).as(new String[] {"h", "v"}))
            .select(col("group_id"), col("tap"), col("grid_side"), head, col("v"))
            .groupBy("group_id", "tap", "head", "grid_side")
            .agg(
                count(lit(1)).as("images"),
                avg("v.entropy").as("entropy_mean"),
                stddev_pop("v.entropy").as("entropy_std"),
                avg("v.distance").as("distance_mean"),
                stddev_pop("v.distance").as("distance_std"),
                avg("v.border_fraction").as("border_fraction"));
    Column patches = col("grid_side").multiply(col("grid_side"));
    Dataset<Row> maps =
        taps.select(
                col("group_id"),
                col("tap"),
                col("heads"),
                col("grid_side"),
                posexplode(col("maps")).as(new String[] {"pos", "v"}))
            .select(
                col("group_id"),
                col("tap"),
                col("heads"),
                col("v"),
                col("pos").divide(patches).cast(DataTypes.IntegerType).as("h"),
                col("pos").mod(patches).as("cell"))
            .select(col("group_id"), col("tap"), head, col("cell"), col("v"))
            .groupBy("group_id", "tap", "head", "cell")
            .agg(avg("v").as("v"))
            .groupBy("group_id", "tap", "head")
            .agg(sort_array(collect_list(struct(col("cell"), col("v")))).as("m"));
    return named(scalars.join(maps, new String[] {"group_id", "tap", "head"}), classNames)
        .select(
            col("group_id").as("class_id"),
            col("class_name"),
            col("tap"),
            col("head"),
            col("images"),
            col("grid_side").as("grid_h"),
            col("grid_side").as("grid_w"),
            col("m.v").as("cls_attention"),
            col("entropy_mean"),
            col("entropy_std"),
            col("distance_mean"),
            col("distance_std"),
            col("border_fraction"))
        .orderBy("class_id", "tap", "head");
  }

  /**
   * The {@code attention_rollout} table ({@link Schemas#ATTENTION_ROLLOUT}): one row per class and
   * {@code -1}, ordered by class; empty when no rollout was computed.
   */
  public static Dataset<Row> rollout(Dataset<Row> perImage, List<String> classNames) {
    Dataset<Row> cells =
        grouped(perImage)
            .where(col("rollout").isNotNull())
            .select(
                col("group_id"),
                element_at(col("attention"), 1).getField("grid_side").as("grid_side"),
                posexplode(col("rollout")).as(new String[] {"cell", "v"}));
    return named(cellMeans(cells, "group_id", "grid_side"), classNames)
        .select(
            col("group_id").as("class_id"),
            col("class_name"),
            col("images"),
            col("grid_side").as("grid_h"),
            col("grid_side").as("grid_w"),
            col("r.v").as("rollout"))
        .orderBy("class_id");
  }

  /**
   * The {@code head_similarity} table ({@link Schemas#HEAD_SIMILARITY}): per attention tap and pair
   * of heads {@code a < b}, the mean over all images of the cosine similarity of their class-token
   * maps; ordered by tap, head_a, head_b. A tap's cosines are stored pair by pair in the order
   * (0,1), (0,2), ..., (1,2), ...; the heads of each position come from literal arrays per head
   * count.
   *
   * @param headCounts the head counts of the attention taps (taps with other counts are left out)
   */
  public static Dataset<Row> headSimilarity(
      Dataset<Row> perImage, java.util.Collection<Integer> headCounts) {
    Map<Integer, int[]> firsts = new TreeMap<>();
    Map<Integer, int[]> seconds = new TreeMap<>();
    for (int heads : new TreeSet<>(headCounts)) {
      int pairs = heads * (heads - 1) / 2;
      int[] a = new int[pairs];
      int[] b = new int[pairs];
      int pair = 0;
      for (int i = 0; i < heads; i++) {
        for (int j = i + 1; j < heads; j++) {
          a[pair] = i;
          b[pair++] = j;
        }
      }
      firsts.put(heads, a);
      seconds.put(heads, b);
    }
    return perImage
        .where(col("error").isNull().and(col("attention").isNotNull()))
        .select(explode(col("attention")).as("a"))
        .select(
            col("a.tap").as("tap"),
            col("a.heads").as("heads"),
            posexplode(col("a.cosine")).as(new String[] {"pair", "c"}))
        .groupBy("tap", "heads", "pair")
        .agg(avg("c").as("cosine"))
        .select(
            col("tap"),
            Literals.lookup(col("heads"), col("pair"), firsts).as("head_a"),
            Literals.lookup(col("heads"), col("pair"), seconds).as("head_b"),
            col("cosine"))
        .where(col("head_a").isNotNull().and(col("head_b").isNotNull()))
        .orderBy("tap", "head_a", "head_b");
  }

  /**
   * The {@code class_images} table ({@link Schemas#CLASS_IMAGES}): per class and {@code -1} the
   * mean of the images' {@code input_map}; ordered by class.
   */
  public static Dataset<Row> classImages(Dataset<Row> perImage, List<String> classNames) {
    Dataset<Row> cells =
        grouped(perImage)
            .where(col("input_map").isNotNull())
            .select(
                col("group_id"),
                col("input_height"),
                col("input_width"),
                posexplode(col("input_map")).as(new String[] {"cell", "v"}));
    return named(cellMeans(cells, "group_id", "input_height", "input_width"), classNames)
        .select(
            col("group_id").as("class_id"),
            col("class_name"),
            col("images"),
            col("input_height").as("height"),
            col("input_width").as("width"),
            col("r.v").as("mean"))
        .orderBy("class_id");
  }

  /**
   * Per group of {@code keys}, the mean of every map cell over the rows ({@code cell}, {@code v}
   * exploded from per-image maps): the map as {@code r} (an array of {@code (cell, v)} in cell
   * order) and the number of images behind it as {@code images}.
   */
  private static Dataset<Row> cellMeans(Dataset<Row> cells, String... keys) {
    String[] withCell = Arrays.copyOf(keys, keys.length + 1);
    withCell[keys.length] = "cell";
    return cells
        .groupBy(withCell[0], Arrays.copyOfRange(withCell, 1, withCell.length))
        .agg(count(lit(1)).as("images"), avg("v").as("v"))
        .groupBy(keys[0], Arrays.copyOfRange(keys, 1, keys.length))
        .agg(
            max("images").as("images"),
            sort_array(collect_list(struct(col("cell"), col("v")))).as("r"));
  }
}
