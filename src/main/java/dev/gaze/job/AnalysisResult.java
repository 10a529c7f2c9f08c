package dev.gaze.job;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The outcome of an analysis: the result tables as DataFrames (read back from the output directory
 * when one was written) and the run's counts.
 *
 * @param activationStats the {@code activation_stats} table
 * @param confusion the {@code confusion} table
 * @param errors the {@code errors} table
 * @param summary the counts and facts also written to {@code run.json}
 * @param out the output directory, or null when nothing was written
 */
public record AnalysisResult(
    Dataset<Row> activationStats,
    Dataset<Row> confusion,
    Dataset<Row> errors,
    RunSummary summary,
    String out) {}
