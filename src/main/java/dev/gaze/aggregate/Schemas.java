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
 * which are the product's public interface (documented field by field in the README).
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
   * One row per record read: an analysed image ({@code error} null, {@code taps} set) or a record
   * that could not be analysed ({@code error} set, {@code taps} and {@code predicted_id} null).
   */
  public static final StructType PER_IMAGE =
      createStructType(
          List.of(
              createStructField("source", StringType, false),
              createStructField("key", StringType, false),
              createStructField("class_id", IntegerType, true),
              createStructField("predicted_id", IntegerType, true),
              createStructField("error", StringType, true),
              createStructField("taps", createArrayType(TAP_STATS, false), true)));

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
