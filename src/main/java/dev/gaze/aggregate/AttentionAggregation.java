package dev.gaze.aggregate;

import static org.apache.spark.sql.functions.arrays_zip;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * The attention tables from the inference stage's partial rows ({@link Schemas#PARTIAL}), in Spark
 * SQL built-ins only, as {@link Aggregation} does for feature maps: arrays exploded with their
 * positions and merged per class ({@link Partials}: sums added, running moments of entropy and
 * distance combined with Chan et al.'s formula, in double), the dataset-wide group {@code -1} from
 * its own partial rows in the same merge. Class names and head pairs come in as literal
 * expressions, never as joined local rows (see {@link Literals}), so that the RAPIDS Accelerator
 * can take the stage.
 */
public final class AttentionAggregation {

  /** The {@code head} value of the rows about the head-averaged attention. */
  public static final int HEAD_MEAN = -1;

  private AttentionAggregation() {}

  /**
   * Class and dataset-wide rows with attention, keyed by {@code group_id}, their image count as
   * {@code n}.
   */
  private static Dataset<Row> grouped(Dataset<Row> partials) {
    return Partials.byClass(Partials.statistics(partials).where(col("attention").isNotNull()))
        .withColumn("group_id", col("class_id"))
        .withColumn(Partials.N, col("images"));
  }

  private static Dataset<Row> named(Dataset<Row> rows, List<String> classNames) {
    return rows.withColumn("class_name", Literals.className("group_id", classNames));
  }

  /**
   * The {@code attention_stats} table ({@link Schemas#ATTENTION_STATS}): one row per class (and
   * {@code -1}), attention tap and head (and {@link #HEAD_MEAN}); ordered by class, tap, head.
   */
  public static Dataset<Row> attentionStats(Dataset<Row> partials, List<String> classNames) {
    Dataset<Row> taps =
        grouped(partials)
            .select(col("group_id"), col(Partials.N), explode(col("attention")).as("a"))
            .select(
                col("group_id"),
                col(Partials.N),
                col("a.tap").as("tap"),
                col("a.heads").as("heads"),
                col("a.grid_side").as("grid_side"),
                col("a.cls_sum").as("maps"),
                arrays_zip(
                        col("a.entropy_mean").as("entropy_mean"),
                        col("a.entropy_m2").as("entropy_m2"),
                        col("a.distance_mean").as("distance_mean"),
                        col("a.distance_m2").as("distance_m2"),
                        col("a.border_sum").as("border_sum"))
                    .as("s"));
    Column head =
        when(col("h").equalTo(col("heads")), lit(HEAD_MEAN)).otherwise(col("h")).as("head");
    List<String> scalarKeys = List.of("tap", "head", "grid_side");
    List<String> moments = List.of("entropy", "distance");
    List<String> borderSum = List.of("border_sum");
    Dataset<Row> scalarPartials =
        taps.select(
                col("group_id"),
                col(Partials.N),
                col("tap"),
                col("heads"),
                col("grid_side"),
                posexplode(col("s")).as(new String[] {"h", "v"}))
            .select(
                col("group_id"),
                col(Partials.N),
                col("tap"),
                col("grid_side"),
                head,
                col("v.entropy_mean").as("entropy_mean"),
                col("v.entropy_m2").as("entropy_m2"),
                col("v.distance_mean").as("distance_mean"),
                col("v.distance_m2").as("distance_m2"),
                col("v.border_sum").as("border_sum"));
    Dataset<Row> scalars =
        Partials.combine(
                scalarPartials,
                Partials.keys(List.of("group_id"), scalarKeys.toArray(String[]::new)),
                moments,
                borderSum)
            .select(
                col("group_id"),
                col("tap"),
                col("head"),
                col("grid_side"),
                col(Partials.N).as("images"),
                col("entropy_mean"),
                Partials.std("entropy").as("entropy_std"),
                col("distance_mean"),
                Partials.std("distance").as("distance_std"),
                col("border_sum").divide(col(Partials.N)).as("border_fraction"));
    Column patches = col("grid_side").multiply(col("grid_side"));
    Dataset<Row> cellPartials =
        taps.select(
                col("group_id"),
                col(Partials.N),
                col("tap"),
                col("heads"),
                col("grid_side"),
                posexplode(col("maps")).as(new String[] {"pos", "v"}))
            .select(
                col("group_id"),
                col(Partials.N),
                col("tap"),
                col("heads"),
                col("v"),
                col("pos").divide(patches).cast(DataTypes.IntegerType).as("h"),
                col("pos").mod(patches).as("cell"))
            .select(col("group_id"), col(Partials.N), col("tap"), head, col("cell"), col("v"));
    Dataset<Row> maps = Partials.meanMaps(cellPartials, "cell", "tap", "head");
    return Partials.ordered(
        named(
                scalars.join(maps.drop("images"), new String[] {"group_id", "tap", "head"}),
                classNames)
            .select(
                col("group_id").as("class_id"),
                col("class_name"),
                col("tap"),
                col("head"),
                col("images"),
                col("grid_side").as("grid_h"),
                col("grid_side").as("grid_w"),
                col("r.v").as("cls_attention"),
                col("entropy_mean"),
                col("entropy_std"),
                col("distance_mean"),
                col("distance_std"),
                col("border_fraction")),
        "class_id",
        "tap",
        "head");
  }

  /**
   * The {@code attention_rollout} table ({@link Schemas#ATTENTION_ROLLOUT}): one row per class and
   * {@code -1}, ordered by class; empty when no rollout was computed.
   */
  public static Dataset<Row> rollout(Dataset<Row> partials, List<String> classNames) {
    Dataset<Row> cells =
        grouped(partials)
            .where(col("rollout_sum").isNotNull())
            .select(
                col("group_id"),
                col(Partials.N),
                element_at(col("attention"), 1).getField("grid_side").as("grid_side"),
                posexplode(col("rollout_sum")).as(new String[] {"cell", "v"}));
    return Partials.ordered(
        named(Partials.meanMaps(cells, "cell", "grid_side"), classNames)
            .select(
                col("group_id").as("class_id"),
                col("class_name"),
                col("images"),
                col("grid_side").as("grid_h"),
                col("grid_side").as("grid_w"),
                col("r.v").as("rollout")),
        "class_id");
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
      Dataset<Row> partials, java.util.Collection<Integer> headCounts) {
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
    return Partials.ordered(
        grouped(partials)
            .where(col("group_id").equalTo(ActivationStats.ALL_CLASSES))
            .select(col(Partials.N), explode(col("attention")).as("a"))
            .select(
                col(Partials.N),
                col("a.tap").as("tap"),
                col("a.heads").as("heads"),
                posexplode(col("a.cosine_sum")).as(new String[] {"pair", "c"}))
            .groupBy("tap", "heads", "pair")
            .agg(sum("c").divide(sum(Partials.N)).as("cosine"))
            .select(
                col("tap"),
                Literals.lookup(col("heads"), col("pair"), firsts).as("head_a"),
                Literals.lookup(col("heads"), col("pair"), seconds).as("head_b"),
                col("cosine"))
            .where(col("head_a").isNotNull().and(col("head_b").isNotNull())),
        "tap",
        "head_a",
        "head_b");
  }

  /**
   * The {@code class_images} table ({@link Schemas#CLASS_IMAGES}): per class and {@code -1} the
   * mean of the images' {@code input_map}; ordered by class.
   */
  public static Dataset<Row> classImages(Dataset<Row> partials, List<String> classNames) {
    Dataset<Row> cells =
        grouped(partials)
            .where(col("input_sum").isNotNull())
            .select(
                col("group_id"),
                col(Partials.N),
                col("input_height"),
                col("input_width"),
                posexplode(col("input_sum")).as(new String[] {"cell", "v"}));
    return Partials.ordered(
        named(Partials.meanMaps(cells, "cell", "input_height", "input_width"), classNames)
            .select(
                col("group_id").as("class_id"),
                col("class_name"),
                col("images"),
                col("input_height").as("height"),
                col("input_width").as("width"),
                col("r.v").as("mean")),
        "class_id");
  }
}
