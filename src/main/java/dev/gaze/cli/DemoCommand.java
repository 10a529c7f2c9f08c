package dev.gaze.cli;

import dev.gaze.Gaze;
import dev.gaze.config.AnalysisConfig;
import dev.gaze.findings.FindingOptions;
import dev.gaze.job.AnalysisResult;
import dev.gaze.job.AnalysisRun;
import dev.gaze.model.DemoVit;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
      "Analyse the embedded Fashion-MNIST test split (10,000 images, data/fashion-mnist) with the built-in demo-cnn into --out and with demo-vit into the sibling folder <out>-vit (out/demo-vit by default), render both reports (HTML and PDF, opening with the findings), and print where they are. Replaces both folders if they exist."
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

  @Option(names = "--no-pdf", description = "Skip report/report.pdf (written by default).")
  boolean noPdf;

  @Mixin FindingThresholds thresholds;

  @Override
  public Integer call() {
    FindingOptions findings = Usage.check(spec, thresholds::toOptions);
    String vitOut = siblingOut(out, DemoVit.NAME);
    AnalysisRun run = Usage.check(spec, () -> prepare(AnalysisConfig.DEFAULT_MODEL, out));
    AnalysisRun vitRun = Usage.check(spec, () -> prepare(DemoVit.NAME, vitOut));
    // Not try-with-resources: a session that was already running (Databricks) must stay up.
    SparkSession spark = Sessions.create(master, "gaze demo");
    try {
      AnalysisResult result = run.run(spark, findings);
      Summaries.print(spec.commandLine().getOut(), result);
      Path report = Gaze.render(spark, result.out(), findings, !noPdf);
      AnalysisResult vitResult = vitRun.run(spark, findings);
      Summaries.print(spec.commandLine().getOut(), vitResult);
      Path vitReport = Gaze.render(spark, vitResult.out(), findings, !noPdf);
      spec.commandLine().getOut().println("Report: " + report);
      if (!noPdf) {
        spec.commandLine().getOut().println("PDF: " + report.resolveSibling("report.pdf"));
      }
      spec.commandLine().getOut().println("Report (" + DemoVit.NAME + "): " + vitReport);
      if (!noPdf) {
        spec.commandLine()
            .getOut()
            .println("PDF (" + DemoVit.NAME + "): " + vitReport.resolveSibling("report.pdf"));
      }
    } finally {
      Sessions.release(spark);
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
