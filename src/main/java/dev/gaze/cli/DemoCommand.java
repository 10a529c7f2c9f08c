package dev.gaze.cli;

import dev.gaze.Gaze;
import dev.gaze.config.AnalysisConfig;
import dev.gaze.findings.FindingOptions;
import dev.gaze.job.AnalysisResult;
import dev.gaze.job.AnalysisRun;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gaze demo}: analyse and render the embedded Fashion-MNIST test split with demo-cnn. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Analyse and render the embedded Fashion-MNIST demo dataset.",
      "",
      "Analyse the embedded Fashion-MNIST test split (10,000 images, data/fashion-mnist) with the built-in demo-cnn, render the report (HTML and PDF, opening with the findings), and print where it is. Replaces --out if it exists."
    })
final class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--out",
      defaultValue = "out/demo",
      paramLabel = "DIR",
      description = "Output directory (default: ${DEFAULT-VALUE}).")
  String out;

  @Option(
      names = "--master",
      paramLabel = "URL",
      description = "Spark master (default: what spark-submit set, else local[*]).")
  String master;

  @Option(
      names = "--batch-size",
      defaultValue = "" + AnalysisConfig.DEFAULT_BATCH_SIZE,
      description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--no-pdf", description = "Skip report/report.pdf (written by default).")
  boolean noPdf;

  @Mixin FindingThresholds thresholds;

  @Override
  public Integer call() {
    FindingOptions findings = Usage.check(spec, thresholds::toOptions);
    AnalysisRun run =
        Usage.check(
            spec,
            () ->
                Gaze.prepare(
                    AnalysisConfig.builder(Gaze.demoDataset())
                        .model(AnalysisConfig.DEFAULT_MODEL)
                        .batchSize(batchSize)
                        .out(out)
                        .overwrite(true)
                        .build()));
    // Not try-with-resources: a session that was already running (Databricks) must stay up.
    SparkSession spark = Sessions.create(master, "gaze demo");
    try {
      AnalysisResult result = run.run(spark, findings);
      Summaries.print(spec.commandLine().getOut(), result);
      Path report = Gaze.render(spark, result.out(), findings, !noPdf);
      spec.commandLine().getOut().println("Report: " + report);
      if (!noPdf) {
        spec.commandLine().getOut().println("PDF: " + report.resolveSibling("report.pdf"));
      }
    } finally {
      Sessions.release(spark);
    }
    return 0;
  }
}
