package dev.gaze.job;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import dev.gaze.aggregate.AttentionRows;
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
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
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
   * {@code confusion/}; the attention tables are read when present), most severe first; {@code
   * tokenTaps} are the taps of kind {@code tokens} (see {@link FindingInputs#tokenTaps()}).
   */
  public static List<Finding> compute(
      SparkSession spark,
      String root,
      List<String> taps,
      Set<String> tokenTaps,
      List<String> classNames,
      FindingOptions options) {
    return compute(
        spark,
        root,
        taps,
        tokenTaps,
        classNames,
        options,
        ResultRows.activationStats(table(spark, root, "activation_stats")));
  }

  /**
   * The findings as {@link #compute(SparkSession, String, List, Set, List, FindingOptions)} gives
   * them, from {@code activationStats} already read from {@code root} (the report reads that table
   * once for both).
   */
  public static List<Finding> compute(
      SparkSession spark,
      String root,
      List<String> taps,
      Set<String> tokenTaps,
      List<String> classNames,
      FindingOptions options,
      List<dev.gaze.aggregate.ActivationStats> activationStats) {
    List<AttentionRow> attention = new ArrayList<>();
    List<HeadPairRow> pairs = new ArrayList<>();
    if (exists(spark, root, "attention_stats")) {
      AttentionRows.stats(table(spark, root, "attention_stats"))
          .forEach(r -> attention.add(attention(r)));
    }
    if (exists(spark, root, "attention_rollout")) {
      AttentionRows.rollout(table(spark, root, "attention_rollout"))
          .forEach(r -> attention.add(attention(r)));
    }
    if (exists(spark, root, "head_similarity")) {
      AttentionRows.headSimilarity(table(spark, root, "head_similarity"))
          .forEach(p -> pairs.add(new HeadPairRow(p.tap(), p.headA(), p.headB(), p.cosine())));
    }
    FindingInputs inputs =
        new FindingInputs(
            taps,
            classNames,
            activationStats,
            ResultRows.confusion(table(spark, root, "confusion")),
            attention,
            pairs,
            tokenTaps);
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

  private static Dataset<Row> table(SparkSession spark, String root, String name) {
    return ResultTables.read(spark, root, name);
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

  /** An {@code attention_stats} row as the detectors read it. */
  static AttentionRow attention(AttentionRows.Stats s) {
    return new AttentionRow(
        s.classId(),
        s.className(),
        s.tap(),
        s.head(),
        s.images(),
        s.gridH(),
        s.gridW(),
        s.clsAttention(),
        s.entropyMean(),
        s.entropyStd(),
        s.distanceMean(),
        s.distanceStd(),
        s.borderFraction());
  }

  /**
   * An {@code attention_rollout} row as the detectors read it: tap {@link
   * AttentionRow#ROLLOUT_TAP}, head -1, the share of its map on the outer ring as its border
   * fraction (the table keeps the map only), and no entropy or distance (NaN).
   */
  static AttentionRow attention(AttentionRows.Rollout r) {
    return new AttentionRow(
        r.classId(),
        r.className(),
        AttentionRow.ROLLOUT_TAP,
        -1,
        r.images(),
        r.gridH(),
        r.gridW(),
        r.rollout(),
        Double.NaN,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        AttentionMath.borderFraction(r.rollout(), new PatchGrid(r.gridH())));
  }
}
