package dev.gaze.aggregate;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * The small lookup tables the aggregation joins ({@link Schemas#CLASS_NAMES}, {@link
 * Schemas#TAP_SHAPES}), built as a {@code range} and literal arrays rather than from local rows:
 * the RAPIDS Accelerator runs {@code Range} and {@code element_at} on the GPU but not {@code
 * LocalTableScan}, which would take the joins of the aggregation stage back to the CPU.
 */
public final class LookupFrames {

  private LookupFrames() {}

  /** Rows of {@link Schemas#CLASS_NAMES}: {@code (i, names[i])}. */
  public static Dataset<Row> classNames(SparkSession spark, List<String> names) {
    return spark
        .range(names.size())
        .select(
            col("id").cast(DataTypes.IntegerType).as("class_id"),
            pick(strings(names), DataTypes.StringType).as("class_name"));
  }

  /** Rows of {@link Schemas#TAP_SHAPES}: {@code (taps[i], heights[i], widths[i])}. */
  public static Dataset<Row> tapShapes(
      SparkSession spark, List<String> taps, List<Integer> heights, List<Integer> widths) {
    if (heights.size() != taps.size() || widths.size() != taps.size()) {
      throw new IllegalArgumentException(
          "taps, heights and widths differ in length: "
              + taps.size()
              + ", "
              + heights.size()
              + ", "
              + widths.size());
    }
    return spark
        .range(taps.size())
        .select(
            pick(strings(taps), DataTypes.StringType).as("tap"),
            pick(ints(heights), DataTypes.IntegerType).as("tap_height"),
            pick(ints(widths), DataTypes.IntegerType).as("tap_width"));
  }

  /** {@code values[id]}, typed even when there are no values. */
  private static Column pick(Column[] values, DataType type) {
    Column all = values.length == 0 ? array().cast(DataTypes.createArrayType(type)) : array(values);
    return element_at(all, col("id").plus(1).cast(DataTypes.IntegerType));
  }

  private static Column[] strings(List<String> values) {
    return values.stream().map(v -> lit(v)).toArray(Column[]::new);
  }

  private static Column[] ints(List<Integer> values) {
    return values.stream().map(v -> lit(v.intValue())).toArray(Column[]::new);
  }
}
