package dev.gaze.cli;

import dev.gaze.Gaze;
import dev.gaze.config.AnalysisConfig;
import dev.gaze.job.AnalysisResult;
import dev.gaze.job.AnalysisRun;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
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
      "Analyse the embedded Fashion-MNIST test split (10,000 images, data/fashion-mnist) with the built-in demo-cnn, render the report, and print where it is. Replaces --out if it exists."
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

  @Override
  public Integer call() {
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
      AnalysisResult result = run.run(spark);
      Summaries.print(spec.commandLine().getOut(), result);
      spec.commandLine().getOut().println("Report: " + Gaze.render(spark, result.out()));
    } finally {
      Sessions.release(spark);
    }
    return 0;
  }
}
