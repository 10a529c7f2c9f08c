package dev.gaze.cli;

import dev.gaze.Gaze;
import dev.gaze.config.AnalysisConfig;
import dev.gaze.findings.FindingOptions;
import dev.gaze.job.AnalysisResult;
import dev.gaze.job.AnalysisRun;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gaze analyze}: per-class feature-map statistics of a dataset, as Parquet tables. */
@Command(
    name = "analyze",
    mixinStandardHelpOptions = true,
    description = {
      "Per-class feature-map statistics of a dataset, as Parquet.",
      "",
      "Run hooked inference over a dataset and write per-class statistics of every tap: activation_stats/, confusion/, errors/, findings/ (Parquet) and run.json, atomically, into --out."
    })
final class AnalyzeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin AnalysisOptions options;

  @Mixin FindingThresholds thresholds;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Output directory; must not exist unless --overwrite.")
  String out;

  @Option(names = "--overwrite", description = "Replace --out if it exists, once the run is done.")
  boolean overwrite;

  @Option(
      names = "--resume",
      description =
          "Continue an interrupted run into --out (same arguments): shards whose results were"
              + " committed are reused, the rest analysed.")
  boolean resume;

  @Option(
      names = "--master",
      paramLabel = "URL",
      description = "Spark master (default: what spark-submit set, else local[*]).")
  String master;

  @Option(names = "--render", description = "Also render the report into DIR/report.")
  boolean render;

  @Option(names = "--pdf", description = "With --render: also write DIR/report/report.pdf.")
  boolean pdf;

  @Override
  public Integer call() {
    AnalysisConfig config = Usage.check(spec, () -> options.toConfig(out, overwrite, resume));
    FindingOptions findings = Usage.check(spec, thresholds::toOptions);
    AnalysisRun run = Usage.check(spec, () -> Gaze.prepare(config));
    // Not try-with-resources: a session that was already running (Databricks) must stay up.
    SparkSession spark = Sessions.create(master, "gaze analyze");
    try {
      AnalysisResult result;
      ProgressPrinter progress =
          ProgressPrinter.start(
              spark.sparkContext(), ProgressPrinter.terminalOrNull(spec.commandLine().getErr()));
      try {
        result = run.run(spark, findings);
      } finally {
        progress.close();
      }
      Summaries.print(spec.commandLine().getOut(), result);
      if (render) {
        spec.commandLine()
            .getOut()
            .println("Report: " + Gaze.render(spark, result.out(), findings, pdf));
      }
    } finally {
      Sessions.release(spark);
    }
    return 0;
  }
}
