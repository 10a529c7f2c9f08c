package dev.gaze.job;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The tables of a run whose model has attention taps: one per kind of attention statistic, beside
 * the feature-map tables of {@link AnalysisResult}.
 *
 * @param attentionStats the {@code attention_stats} table
 * @param rollout the {@code attention_rollout} table
 * @param headSimilarity the {@code head_similarity} table
 * @param classImages the {@code class_images} table (each class's mean input, drawn under its
 *     rollout)
 */
public record AttentionTables(
    Dataset<Row> attentionStats,
    Dataset<Row> rollout,
    Dataset<Row> headSimilarity,
    Dataset<Row> classImages) {

  /** The tables' folder names in an analysis output, in the order of the components. */
  public static final List<String> NAMES =
      List.of("attention_stats", "attention_rollout", "head_similarity", "class_images");

  /** The tables in the order of {@link #NAMES}. */
  public List<Dataset<Row>> all() {
    return List.of(attentionStats, rollout, headSimilarity, classImages);
  }

  /** The tables from a list in the order of {@link #NAMES}. */
  static AttentionTables of(List<Dataset<Row>> tables) {
    return new AttentionTables(tables.get(0), tables.get(1), tables.get(2), tables.get(3));
  }

  /** The attention tables of an analysis output folder {@code dir} (on any file system). */
  public static AttentionTables read(SparkSession spark, String dir) {
    List<Dataset<Row>> tables = new ArrayList<>();
    for (String name : NAMES) {
      tables.add(ResultTables.read(spark, dir, name));
    }
    return of(tables);
  }

  /** Releases the tables if Spark keeps them (a run without an output directory). */
  public void unpersist() {
    all().forEach(t -> t.unpersist(false));
  }
}
