package dev.gaze.job;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import dev.gaze.aggregate.ResultRows;
import dev.gaze.findings.AttentionRow;
import dev.gaze.findings.Finding;
import dev.gaze.findings.FindingInputs;
import dev.gaze.findings.FindingOptions;
import dev.gaze.findings.Findings;
import dev.gaze.findings.HeadPairRow;
import dev.gaze.stats.AttentionMath;
import dev.gaze.stats.PatchGrid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code findings} table: computed on the driver from an output folder's statistics tables
 * ({@code activation_stats}, {@code confusion}, and {@code attention_stats}, {@code
 * head_similarity}, {@code attention_rollout} where the model has attention), and written as one
 * small Parquet file.
 */
public final class FindingsTable {

  /** The table's folder name in an analysis output. */
  public static final String NAME = "findings";

  /** The table's schema, in column order. */
  public static final StructType SCHEMA =
      createStructType(
          List.of(
              createStructField("kind", StringType, false),
              createStructField("severity", DoubleType, false),
              createStructField("class_id", IntegerType, false),
              createStructField("tap", StringType, false),
              createStructField("head", IntegerType, false),
              createStructField("summary", StringType, false),
              createStructField("evidence", StringType, false)));

  private FindingsTable() {}

  /**
   * The findings of the tables under {@code root} (a folder holding {@code activation_stats/} and
   * {@code confusion/}; the attention tables are read when present), most severe first.
   */
  public static List<Finding> compute(
      SparkSession spark,
      String root,
      List<String> taps,
      List<String> classNames,
      FindingOptions options) {
    List<AttentionRow> attention = new ArrayList<>();
    List<HeadPairRow> pairs = new ArrayList<>();
    if (exists(spark, root, "attention_stats")) {
      table(spark, root, "attention_stats").forEach(r -> attention.add(attention(r, false)));
    }
    if (exists(spark, root, "attention_rollout")) {
      table(spark, root, "attention_rollout").forEach(r -> attention.add(attention(r, true)));
    }
    if (exists(spark, root, "head_similarity")) {
      table(spark, root, "head_similarity")
          .forEach(
              r ->
                  pairs.add(
                      new HeadPairRow(
                          r.getString(r.fieldIndex("tap")),
                          number(r, "head_a").intValue(),
                          number(r, "head_b").intValue(),
                          number(r, "cosine").doubleValue())));
    }
    FindingInputs inputs =
        new FindingInputs(
            taps,
            classNames,
            ResultRows.activationStats(
                spark.read().parquet(new Path(root, "activation_stats").toString())),
            ResultRows.confusion(spark.read().parquet(new Path(root, "confusion").toString())),
            attention,
            pairs);
    return Findings.detect(inputs, options);
  }

  /** Writes {@code findings} to {@code path} as one Parquet file, in their order. */
  public static void write(SparkSession spark, List<Finding> findings, String path) {
    List<Row> rows = new ArrayList<>();
    for (Finding f : findings) {
      rows.add(
          RowFactory.create(
              f.kind(), f.severity(), f.classId(), f.tap(), f.head(), f.summary(), f.evidence()));
    }
    spark.createDataFrame(rows, SCHEMA).coalesce(1).write().parquet(path);
  }

  /** The rows of a {@code findings} table, most severe first. */
  public static List<Finding> read(SparkSession spark, String path) {
    return spark.read().parquet(path).collectAsList().stream()
        .map(
            r ->
                new Finding(
                    r.getString(r.fieldIndex("kind")),
                    r.getDouble(r.fieldIndex("severity")),
                    r.getInt(r.fieldIndex("class_id")),
                    r.getString(r.fieldIndex("tap")),
                    r.getInt(r.fieldIndex("head")),
                    r.getString(r.fieldIndex("summary")),
                    r.getString(r.fieldIndex("evidence"))))
        .sorted(Findings.ORDER)
        .toList();
  }

  private static List<Row> table(SparkSession spark, String root, String name) {
    return spark.read().parquet(new Path(root, name).toString()).collectAsList();
  }

  private static boolean exists(SparkSession spark, String root, String name) {
    try {
      Path path = new Path(root, name);
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      return fs.exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot look for " + name + " under " + root, e);
    }
  }

  /**
   * An attention row from a table row; columns the table lacks (a rollout table has no {@code
   * head}, perhaps no entropy) read as -1 or NaN.
   */
  static AttentionRow attention(Row r, boolean rollout) {
    List<String> fields = Arrays.asList(r.schema().fieldNames());
    double[] cls = new double[0];
    String mapColumn = fields.contains("cls_attention") ? "cls_attention" : "rollout";
    if (fields.contains(mapColumn) && !r.isNullAt(r.fieldIndex(mapColumn))) {
      List<Object> values = r.getList(r.fieldIndex(mapColumn));
      cls = values.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    }
    int gridH = fields.contains("grid_h") ? number(r, "grid_h").intValue() : 0;
    int gridW = fields.contains("grid_w") ? number(r, "grid_w").intValue() : 0;
    double border = optional(r, fields, "border_fraction");
    if (Double.isNaN(border) && gridH > 0 && gridH == gridW && cls.length == gridH * gridW) {
      // the rollout table keeps the map only: its share on the outer ring
      border = AttentionMath.borderFraction(cls, new PatchGrid(gridH));
    }
    return new AttentionRow(
        number(r, "class_id").intValue(),
        fields.contains("class_name") ? r.getString(r.fieldIndex("class_name")) : "",
        fields.contains("tap") ? r.getString(r.fieldIndex("tap")) : AttentionRow.ROLLOUT_TAP,
        rollout || !fields.contains("head") ? -1 : number(r, "head").intValue(),
        fields.contains("images") ? number(r, "images").longValue() : 0,
        gridH,
        gridW,
        cls,
        optional(r, fields, "entropy_mean"),
        optional(r, fields, "entropy_std"),
        optional(r, fields, "distance_mean"),
        optional(r, fields, "distance_std"),
        border);
  }

  private static double optional(Row r, List<String> fields, String name) {
    return fields.contains(name) && !r.isNullAt(r.fieldIndex(name))
        ? number(r, name).doubleValue()
        : Double.NaN;
  }

  private static Number number(Row r, String name) {
    return (Number) r.get(r.fieldIndex(name));
  }
}
