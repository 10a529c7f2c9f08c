package dev.gaze.aggregate;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.FloatType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.util.List;
import org.apache.spark.sql.types.StructType;

/**
 * The schemas of Gaze's tables: the per-image rows the inference stage emits and the result tables,
 * which are the product's public interface (documented field by field in docs/output-tables.md,
 * which DocsTest checks).
 */
public final class Schemas {

  private Schemas() {}

  /** One tap of one image, as reduced on the device (float32 values). */
  public static final StructType TAP_STATS =
      createStructType(
          List.of(
              createStructField("tap", StringType, false),
              createStructField("channel_mean", createArrayType(FloatType, false), false),
              createStructField("channel_max", createArrayType(FloatType, false), false),
              createStructField("channel_zero_fraction", createArrayType(FloatType, false), false),
              createStructField("map_height", IntegerType, false),
              createStructField("map_width", IntegerType, false),
              createStructField("spatial", createArrayType(FloatType, false), false)));

  /**
   * One attention tap of one image, as reduced on the device (float32 values). Index {@code h <
   * heads} of the per-head arrays is head {@code h}, index {@code heads} the head average.
   */
  public static final StructType ATTENTION_IMAGE =
      createStructType(
          List.of(
              createStructField("tap", StringType, false),
              createStructField("heads", IntegerType, false),
              createStructField("grid_side", IntegerType, false),
              createStructField("cls_maps", createArrayType(FloatType, false), false),
              createStructField("entropy", createArrayType(FloatType, false), false),
              createStructField("distance", createArrayType(FloatType, false), false),
              createStructField("border_fraction", createArrayType(FloatType, false), false),
              createStructField("cosine", createArrayType(FloatType, false), false)));

  /**
   * One row per record read: an analysed image ({@code error} null, {@code taps} set) or a record
   * that could not be analysed ({@code error} set, {@code taps} and {@code predicted_id} null). The
   * last four columns are null unless the model has attention taps that were analysed: {@code
   * attention} (one {@link #ATTENTION_IMAGE} per attention tap), {@code rollout} (over the patches,
   * when every block was analysed), and {@code input_map} with its size (the model input averaged
   * over channels, pooled to at most 64 a side).
   */
  public static final StructType PER_IMAGE =
      createStructType(
          List.of(
              createStructField("source", StringType, false),
              createStructField("key", StringType, false),
              createStructField("class_id", IntegerType, true),
              createStructField("predicted_id", IntegerType, true),
              createStructField("error", StringType, true),
              createStructField("taps", createArrayType(TAP_STATS, false), true),
              createStructField("attention", createArrayType(ATTENTION_IMAGE, false), true),
              createStructField("rollout", createArrayType(FloatType, false), true),
              createStructField("input_map", createArrayType(FloatType, false), true),
              createStructField("input_height", IntegerType, true),
              createStructField("input_width", IntegerType, true)));

  /**
   * One feature-map (or token) tap in a partial row ({@link #PARTIAL}): the running moments of the
   * images' channel means (mean and sum of squared deviations, in double) and the sums over the
   * images of their channel maxima, zero fractions and maps.
   */
  public static final StructType PARTIAL_TAP =
      createStructType(
          List.of(
              createStructField("tap", StringType, false),
              createStructField("map_height", IntegerType, false),
              createStructField("map_width", IntegerType, false),
              createStructField("channel_mean", createArrayType(DoubleType, false), false),
              createStructField("channel_mean_m2", createArrayType(DoubleType, false), false),
              createStructField("channel_max_sum", createArrayType(DoubleType, false), false),
              createStructField("channel_zero_sum", createArrayType(DoubleType, false), false),
              createStructField("spatial_sum", createArrayType(DoubleType, false), false)));

  /**
   * One attention tap in a partial row ({@link #PARTIAL}); per-head arrays as in {@link
   * #ATTENTION_IMAGE} (index {@code heads} is the head average): sums of the class-token maps,
   * border fractions and head-pair cosines, running moments of entropy and distance.
   */
  public static final StructType PARTIAL_ATTENTION =
      createStructType(
          List.of(
              createStructField("tap", StringType, false),
              createStructField("heads", IntegerType, false),
              createStructField("grid_side", IntegerType, false),
              createStructField("cls_sum", createArrayType(DoubleType, false), false),
              createStructField("entropy_mean", createArrayType(DoubleType, false), false),
              createStructField("entropy_m2", createArrayType(DoubleType, false), false),
              createStructField("distance_mean", createArrayType(DoubleType, false), false),
              createStructField("distance_m2", createArrayType(DoubleType, false), false),
              createStructField("border_sum", createArrayType(DoubleType, false), false),
              createStructField("cosine_sum", createArrayType(DoubleType, false), false)));

  /** A prediction count in a partial row: how many of its images were predicted as a class. */
  public static final StructType PREDICTION_COUNT =
      createStructType(
          List.of(
              createStructField("predicted_id", IntegerType, false),
              createStructField("images", LongType, false)));

  /**
   * What the inference stage commits: per task, one row per class it saw with the mergeable
   * statistics of that class's images ({@code error} null; {@code source} and {@code key} name the
   * task's first record), the same over all the task's images as a row of class {@link
   * ActivationStats#ALL_CLASSES} (no predictions), and one row per record that could not be
   * analysed ({@code error} set, statistics null). Every statistic after inference is a merge of
   * these rows (see {@link Partials}), so the per-image table is written only when asked for. A
   * task's rows depend only on its partition's records, so a retried task writes the same rows. The
   * {@code rollout} and {@code input_*} columns are null unless attention taps were analysed.
   */
  public static final StructType PARTIAL =
      createStructType(
          List.of(
              createStructField("source", StringType, false),
              createStructField("key", StringType, false),
              createStructField("class_id", IntegerType, true),
              createStructField("error", StringType, true),
              createStructField("images", LongType, false),
              createStructField("predictions", createArrayType(PREDICTION_COUNT, false), true),
              createStructField("taps", createArrayType(PARTIAL_TAP, false), true),
              createStructField("attention", createArrayType(PARTIAL_ATTENTION, false), true),
              createStructField("rollout_sum", createArrayType(DoubleType, false), true),
              createStructField("input_sum", createArrayType(DoubleType, false), true),
              createStructField("input_height", IntegerType, true),
              createStructField("input_width", IntegerType, true)));

  /** The {@code attention_stats} table. */
  public static final StructType ATTENTION_STATS =
      createStructType(
          List.of(
              createStructField("class_id", IntegerType, false),
              createStructField("class_name", StringType, false),
              createStructField("tap", StringType, false),
              createStructField("head", IntegerType, false),
              createStructField("images", LongType, false),
              createStructField("grid_h", IntegerType, false),
              createStructField("grid_w", IntegerType, false),
              createStructField("cls_attention", createArrayType(DoubleType, false), false),
              createStructField("entropy_mean", DoubleType, false),
              createStructField("entropy_std", DoubleType, false),
              createStructField("distance_mean", DoubleType, false),
              createStructField("distance_std", DoubleType, false),
              createStructField("border_fraction", DoubleType, false)));

  /** The {@code attention_rollout} table. */
  public static final StructType ATTENTION_ROLLOUT =
      createStructType(
          List.of(
              createStructField("class_id", IntegerType, false),
              createStructField("class_name", StringType, false),
              createStructField("images", LongType, false),
              createStructField("grid_h", IntegerType, false),
              createStructField("grid_w", IntegerType, false),
              createStructField("rollout", createArrayType(DoubleType, false), false)));

  /** The {@code head_similarity} table. */
  public static final StructType HEAD_SIMILARITY =
      createStructType(
          List.of(
              createStructField("tap", StringType, false),
              createStructField("head_a", IntegerType, false),
              createStructField("head_b", IntegerType, false),
              createStructField("cosine", DoubleType, false)));

  /** The {@code class_images} table: per class the mean model input, for drawing rollouts on. */
  public static final StructType CLASS_IMAGES =
      createStructType(
          List.of(
              createStructField("class_id", IntegerType, false),
              createStructField("class_name", StringType, false),
              createStructField("images", LongType, false),
              createStructField("height", IntegerType, false),
              createStructField("width", IntegerType, false),
              createStructField("mean", createArrayType(DoubleType, false), false)));

  /** The {@code activation_stats} table. */
  public static final StructType ACTIVATION_STATS =
      createStructType(
          List.of(
              createStructField("class_id", IntegerType, false),
              createStructField("class_name", StringType, false),
              createStructField("tap", StringType, false),
              createStructField("images", LongType, false),
              createStructField("channels", IntegerType, false),
              createStructField("height", IntegerType, false),
              createStructField("width", IntegerType, false),
              createStructField("tap_height", IntegerType, false),
              createStructField("tap_width", IntegerType, false),
              createStructField("channel_mean", createArrayType(DoubleType, false), false),
              createStructField("channel_std", createArrayType(DoubleType, false), false),
              createStructField("channel_max", createArrayType(DoubleType, false), false),
              createStructField("channel_zero_fraction", createArrayType(DoubleType, false), false),
              createStructField("spatial_mean", createArrayType(DoubleType, false), false)));

  /** The {@code confusion} table. */
  public static final StructType CONFUSION =
      createStructType(
          List.of(
              createStructField("class_id", IntegerType, false),
              createStructField("predicted_id", IntegerType, false),
              createStructField("images", LongType, false)));

  /** The {@code errors} table. */
  public static final StructType ERRORS =
      createStructType(
          List.of(
              createStructField("source", StringType, false),
              createStructField("key", StringType, false),
              createStructField("reason", StringType, false)));

  /**
   * The schema of the result table named {@code table} ({@code activation_stats}, {@code
   * confusion}, {@code errors} or an attention table), for reading it back without Spark first
   * running a job to read a file's footer.
   *
   * @throws IllegalArgumentException for another name
   */
  public static StructType ofTable(String table) {
    return switch (table) {
      case "activation_stats" -> ACTIVATION_STATS;
      case "confusion" -> CONFUSION;
      case "errors" -> ERRORS;
      case "attention_stats" -> ATTENTION_STATS;
      case "attention_rollout" -> ATTENTION_ROLLOUT;
      case "head_similarity" -> HEAD_SIMILARITY;
      case "class_images" -> CLASS_IMAGES;
      default -> throw new IllegalArgumentException("no result table named " + table);
    };
  }

  /** The small lookup tables the aggregation joins: class names. */
  public static final StructType CLASS_NAMES =
      createStructType(
          List.of(
              createStructField("class_id", IntegerType, false),
              createStructField("class_name", StringType, false)));

  /** The small lookup tables the aggregation joins: each tap's own (unpooled) height and width. */
  public static final StructType TAP_SHAPES =
      createStructType(
          List.of(
              createStructField("tap", StringType, false),
              createStructField("tap_height", IntegerType, false),
              createStructField("tap_width", IntegerType, false)));
}
