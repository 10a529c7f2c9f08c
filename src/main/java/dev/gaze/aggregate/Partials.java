package dev.gaze.aggregate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The partial rows every result table is merged from ({@link Schemas#PARTIAL}), and the merge
 * itself in Spark SQL built-ins.
 *
 * <p>A statistic whose mean is reported is carried as a double sum and divided by the image count
 * at the end. One whose spread is reported is carried as running moments: a mean and a sum of
 * squared deviations {@code M2}. Moments over the same key merge with Chan et al.'s formula, {@code
 * M2 = sum(M2_i) + sum(n_i (mean_i - mean)^2)} with {@code mean = sum(n_i mean_i) / n}, which adds
 * only non-negative terms and never subtracts a squared sum from a sum of squares; the overall mean
 * comes from a window over the key, so the merge is one shuffle. Dataset-wide results ({@link
 * ActivationStats#ALL_CLASSES}) are merged in the same pass, from the partial rows of that class
 * that each task writes beside its per-class ones.
 */
public final class Partials {

  private Partials() {}

  /** The count column of the rows {@link #combine} takes and returns. */
  static final String N = "n";

  /** Class rows (no error), without the dataset-wide ones: what counts and confusion read. */
  static Dataset<Row> analysed(Dataset<Row> partials) {
    return withoutDatasetWide(statistics(partials));
  }

  /**
   * The class rows and error rows of {@code partials}, without the dataset-wide rows, which count
   * the same images again: what counts images and records reads.
   */
  public static Dataset<Row> withoutDatasetWide(Dataset<Row> partials) {
    return partials.where(not(col("class_id").eqNullSafe(ActivationStats.ALL_CLASSES)));
  }

  /** Class rows and dataset-wide rows (no error): what the statistics are merged from. */
  static Dataset<Row> statistics(Dataset<Row> partials) {
    return partials.where(col("error").isNull());
  }

  /**
   * The per-image table ({@link Schemas#PER_IMAGE}, as {@code --keep-per-image} writes it) as
   * partial rows: each analysed image a class row of one image and a dataset-wide row of one image
   * ({@link ActivationStats#ALL_CLASSES}, no predictions), each error an error row.
   */
  public static Dataset<Row> fromPerImage(Dataset<Row> perImage) {
    String zeros = "transform(%s, x -> cast(0 as double))";
    String doubles = "cast(%s as array<double>)";
    String taps =
        "transform(taps, t -> named_struct("
            + "'tap', t.tap, 'map_height', t.map_height, 'map_width', t.map_width, "
            + "'channel_mean', "
            + doubles.formatted("t.channel_mean")
            + ", 'channel_mean_m2', "
            + zeros.formatted("t.channel_mean")
            + ", 'channel_max_sum', "
            + doubles.formatted("t.channel_max")
            + ", 'channel_zero_sum', "
            + doubles.formatted("t.channel_zero_fraction")
            + ", 'spatial_sum', "
            + doubles.formatted("t.spatial")
            + "))";
    String attention =
        "transform(attention, a -> named_struct("
            + "'tap', a.tap, 'heads', a.heads, 'grid_side', a.grid_side, "
            + "'cls_sum', "
            + doubles.formatted("a.cls_maps")
            + ", 'entropy_mean', "
            + doubles.formatted("a.entropy")
            + ", 'entropy_m2', "
            + zeros.formatted("a.entropy")
            + ", 'distance_mean', "
            + doubles.formatted("a.distance")
            + ", 'distance_m2', "
            + zeros.formatted("a.distance")
            + ", 'border_sum', "
            + doubles.formatted("a.border_fraction")
            + ", 'cosine_sum', "
            + doubles.formatted("a.cosine")
            + "))";
    Dataset<Row> rows =
        perImage.select(
            col("source"),
            col("key"),
            col("class_id"),
            col("error"),
            expr("if(error is null, 1L, 0L)").as("images"),
            expr("if(error is null, array(named_struct('predicted_id', predicted_id, 'images', 1L)),"
                    + " null)")
                .as("predictions"),
            expr(taps).as("taps"),
            expr(attention).as("attention"),
            expr(doubles.formatted("rollout")).as("rollout_sum"),
            expr(doubles.formatted("input_map")).as("input_sum"),
            col("input_height"),
            col("input_width"));
    Dataset<Row> datasetWide =
        rows.where(col("error").isNull())
            .withColumn("class_id", lit(ActivationStats.ALL_CLASSES))
            .withColumn(
                "predictions", lit(null).cast(rows.schema().apply("predictions").dataType()));
    return rows.unionByName(datasetWide);
  }

  /**
   * Merges rows with equal {@code keys}: sums column {@link #N} and every column of {@code sums};
   * for each name {@code m} of {@code moments}, merges the moments {@code m_mean}, {@code m_m2}
   * (Chan et al.). The result has the keys, {@code n}, the merged moments and the sums, under the
   * same names.
   */
  static Dataset<Row> combine(
      Dataset<Row> rows, List<String> keys, List<String> moments, List<String> sums) {
    Column[] keyColumns = keys.stream().map(k -> col(k)).toArray(Column[]::new);
    Dataset<Row> withMeans = rows;
    if (!moments.isEmpty()) {
      WindowSpec group = Window.partitionBy(keyColumns);
      withMeans = withMeans.withColumn("n_total", sum(N).over(group));
      for (String m : moments) {
        withMeans =
            withMeans.withColumn(
                m + "_mu",
                sum(col(N).multiply(col(m + "_mean"))).over(group).divide(col("n_total")));
      }
    }
    List<Column> aggregates = new ArrayList<>();
    for (String m : moments) {
      Column deviation = col(m + "_mean").minus(col(m + "_mu"));
      aggregates.add(max(m + "_mu").as(m + "_mean"));
      aggregates.add(
          sum(col(m + "_m2").plus(col(N).multiply(deviation).multiply(deviation))).as(m + "_m2"));
    }
    for (String s : sums) {
      aggregates.add(sum(s).as(s));
    }
    return withMeans.groupBy(keyColumns).agg(sum(N).as(N), aggregates.toArray(Column[]::new));
  }

  /**
   * Per class (and {@code -1}) and {@code keys}, the mean over the images of every position of a
   * map, from partial rows of ({@code group_id}, {@code keys}, {@code position}, {@link #N}, {@code
   * v}: the sum of the position's values over the row's images): the map as {@code r} (an array of
   * {@code (position, v)} in position order) and the images behind it as {@code images}.
   */
  static Dataset<Row> meanMaps(Dataset<Row> cells, String position, String... keys) {
    List<String> withPosition = keys(List.of(keys), position);
    return combine(
            cells,
            keys(List.of("group_id"), withPosition.toArray(String[]::new)),
            List.of(),
            List.of("v"))
        .groupBy("group_id", keys)
        .agg(max(N).as("images"), meanMap(position, "v").as("r"));
  }

  /**
   * The map of merged rows, one per position: an array of {@code (position, v)} structs in position
   * order, {@code v} the mean of the position's values ({@code sum} over {@link #N}).
   */
  private static Column meanMap(String position, String sum) {
    return org.apache.spark.sql.functions.sort_array(
        org.apache.spark.sql.functions.collect_list(
            org.apache.spark.sql.functions.struct(col(position), col(sum).divide(col(N)).as("v"))));
  }

  /**
   * {@code rows} as one partition sorted by {@code columns}: how every result table is written (one
   * file, in order). The tables are small; a global {@code orderBy} would first sample its input in
   * a job of its own.
   */
  static Dataset<Row> ordered(Dataset<Row> rows, String... columns) {
    return rows.repartition(1)
        .sortWithinPartitions(columns[0], Arrays.copyOfRange(columns, 1, columns.length));
  }

  /**
   * The rows of {@code partials} hash-partitioned by class: every merge after them is keyed by the
   * class and more, so this one exchange of the partial rows' arrays is the only one until the
   * result is ordered, and the arrays are exploded where they are merged instead of being exchanged
   * element by element.
   */
  static Dataset<Row> byClass(Dataset<Row> partials) {
    return partials.repartition(col("class_id"));
  }

  /** The population standard deviation of moments {@code m}: {@code sqrt(m_m2 / n)}. */
  static Column std(String m) {
    return org.apache.spark.sql.functions.sqrt(
        org.apache.spark.sql.functions.greatest(lit(0.0), col(m + "_m2")).divide(col(N)));
  }

  /** {@code keys} followed by {@code more}. */
  static List<String> keys(List<String> keys, String... more) {
    List<String> out = new ArrayList<>(keys);
    out.addAll(Arrays.asList(more));
    return out;
  }
}
