package dev.gaze.cli;

import dev.gaze.Gaze;
import dev.gaze.findings.FindingOptions;
import dev.gaze.job.AnalysisResult;
import dev.gaze.job.RunMerge;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gaze merge}: one run's tables from finished runs over disjoint data. */
@Command(
    name = "merge",
    mixinStandardHelpOptions = true,
    description = {
      "Merge finished runs over disjoint data into one.",
      "",
      "Combine the output tables of runs of the same model, taps, preprocessing, precision and classes over disjoint shards into the tables one run over all of them would have written (counts added, means count-weighted, standard deviations by Chan's formula), with findings/ derived again, run.json and report/, atomically, into --out."
    })
final class MergeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(
      arity = "1..*",
      paramLabel = "RUN",
      description = "Output directories of finished runs (gaze analyze --out or gaze merge --out).")
  List<String> runs;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Output directory; must not exist unless --overwrite.")
  String out;

  @Option(
      names = "--overwrite",
      description = "Replace --out if it exists, once the merge is done.")
  boolean overwrite;

  @Option(names = "--pdf", description = "Also write DIR/report/report.pdf.")
  boolean pdf;

  @Mixin FindingThresholds thresholds;

  @Option(
      names = "--master",
      paramLabel = "URL",
      description = "Spark master used to read and write the tables (default: local[*]).")
  String master;

  @Override
  public Integer call() {
    FindingOptions findings = Usage.check(spec, thresholds::toOptions);
    RunMerge merge = Usage.check(spec, () -> Gaze.prepareMerge(runs, out, overwrite));
    // Not try-with-resources: a session that was already running (Databricks) must stay up.
    SparkSession spark = Sessions.create(master, "gaze merge");
    try {
      AnalysisResult result = Gaze.merge(spark, merge, findings, pdf);
      Summaries.printMerge(spec.commandLine().getOut(), runs.size(), result);
      java.net.URI uri = new org.apache.hadoop.fs.Path(result.out()).toUri();
      if (uri.getScheme() == null || uri.getScheme().equals("file")) {
        Path report = Path.of(uri.getPath()).resolve("report/index.html");
        if (Files.isRegularFile(report)) {
          spec.commandLine().getOut().println("Report: " + report);
        }
      } else {
        spec.commandLine().getOut().println("Report: " + result.out() + "/report/index.html");
      }
    } finally {
      Sessions.release(spark);
    }
    return 0;
  }
}
