package dev.gaze.job;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The outcome of an analysis: the result tables as DataFrames and the run's counts.
 *
 * <p>When the run wrote an output directory, the tables are read back from it. When it did not,
 * they are persisted in Spark's storage (memory, spilling to the executors' local disks) and
 * nothing is left on any file system; {@link #unpersist()} frees them early, otherwise Spark keeps
 * them until the session stops.
 *
 * @param activationStats the {@code activation_stats} table
 * @param confusion the {@code confusion} table
 * @param errors the {@code errors} table
 * @param summary the counts and facts also written to {@code run.json}
 * @param out the output directory, or null when nothing was written
 * @param facts the dataset, model, taps and class names the run analysed
 * @param attention the attention tables, or null when no attention tap was analysed
 */
public record AnalysisResult(
    Dataset<Row> activationStats,
    Dataset<Row> confusion,
    Dataset<Row> errors,
    RunSummary summary,
    String out,
    RunFacts facts,
    AttentionTables attention) {

  /** The result of a run without attention tables. */
  public AnalysisResult(
      Dataset<Row> activationStats,
      Dataset<Row> confusion,
      Dataset<Row> errors,
      RunSummary summary,
      String out,
      RunFacts facts) {
    this(activationStats, confusion, errors, summary, out, facts, null);
  }

  /** Releases the tables Spark keeps for a run without an output directory; a no-op otherwise. */
  public void unpersist() {
    activationStats.unpersist(false);
    confusion.unpersist(false);
    errors.unpersist(false);
    if (attention != null) {
      attention.unpersist();
    }
  }
}
