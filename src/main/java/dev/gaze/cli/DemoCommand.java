package dev.gaze.cli;

import dev.gaze.Gaze;
import dev.gaze.config.AnalysisConfig;
import dev.gaze.job.AnalysisResult;
import dev.gaze.job.AnalysisRun;
import dev.gaze.model.DemoVit;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gaze demo}: analyse and render the embedded Fashion-MNIST test split with demo-cnn (into
 * {@code --out}) and with demo-vit (into its sibling, {@code out/demo-vit} by default).
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Analyse and render the embedded Fashion-MNIST demo dataset.",
      "",
      "Analyse the embedded Fashion-MNIST test split (10,000 images, data/fashion-mnist) with the built-in demo-cnn into --out and with demo-vit into the sibling folder <out>-vit (out/demo-vit by default), render both reports, and print where they are. Replaces both folders if they exist."
    })
final class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--out",
      defaultValue = "out/demo",
      paramLabel = "DIR",
      description =
          "Output directory of demo-cnn's run (default: ${DEFAULT-VALUE}); demo-vit's goes beside it, <DIR>-vit.")
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
    String vitOut = siblingOut(out, DemoVit.NAME);
    AnalysisRun run = Usage.check(spec, () -> prepare(AnalysisConfig.DEFAULT_MODEL, out));
    AnalysisRun vitRun = Usage.check(spec, () -> prepare(DemoVit.NAME, vitOut));
    try (SparkSession spark = Sessions.create(master, "gaze demo")) {
      AnalysisResult result = run.run(spark);
      Summaries.print(spec.commandLine().getOut(), result);
      Path report = Gaze.render(spark, result.out());
      AnalysisResult vitResult = vitRun.run(spark);
      Summaries.print(spec.commandLine().getOut(), vitResult);
      Path vitReport = Gaze.render(spark, vitResult.out());
      spec.commandLine().getOut().println("Report: " + report);
      spec.commandLine().getOut().println("Report (" + DemoVit.NAME + "): " + vitReport);
    }
    return 0;
  }

  private AnalysisRun prepare(String model, String dir) {
    return Gaze.prepare(
        AnalysisConfig.builder(Gaze.demoDataset())
            .model(model)
            .batchSize(batchSize)
            .out(dir)
            .overwrite(true)
            .build());
  }

  /**
   * Where demo-vit's run goes: beside {@code out}, named after it and the model ({@code out/demo}
   * gives {@code out/demo-vit}, {@code /tmp/x} gives {@code /tmp/x-vit}).
   */
  static String siblingOut(String out, String model) {
    String trimmed = out.replaceAll("/+$", "");
    if (trimmed.isEmpty()) {
      trimmed = "/";
    }
    Path p = Path.of(trimmed);
    String name = p.getFileName() == null ? "demo" : p.getFileName().toString();
    String suffix = model.substring(model.indexOf('-'));
    String sibling = name.endsWith(suffix) ? name + "-2" : name + suffix;
    Path parent = p.getParent();
    return parent == null ? sibling : parent.resolve(sibling).toString();
  }
}
