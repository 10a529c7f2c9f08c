package dev.gaze.cli;

import dev.gaze.Gaze;
import dev.gaze.findings.FindingOptions;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gaze render}: heatmaps and an HTML report from an analysis output directory. */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    description = {
      "Heatmaps and an HTML report from an analysis.",
      "",
      "Render DIR/report/ from the tables of an analysis: per-tap grids of per-class mean spatial maps, class x channel heatmaps, dead-channel charts, the confusion matrix, the findings (findings/, derived again with the thresholds below) and index.html opening with them; report.pdf with --pdf."
    })
final class RenderCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--in",
      required = true,
      paramLabel = "DIR",
      description = "An analysis output directory (with run.json).")
  String in;

  @Option(names = "--pdf", description = "Also write DIR/report/report.pdf.")
  boolean pdf;

  @Mixin FindingThresholds thresholds;

  @Option(
      names = "--master",
      paramLabel = "URL",
      description = "Spark master used to read the tables (default: local[*]).")
  String master;

  @Override
  public Integer call() {
    Usage.check(spec, () -> Gaze.checkResultDirectory(in));
    FindingOptions findings = Usage.check(spec, thresholds::toOptions);
    // Not try-with-resources: a session that was already running (Databricks) must stay up.
    SparkSession spark = Sessions.create(master, "gaze render");
    try {
      spec.commandLine().getOut().println("Report: " + Gaze.render(spark, in, findings, pdf));
      if (pdf) {
        spec.commandLine()
            .getOut()
            .println("PDF: " + Gaze.checkResultDirectory(in).resolve("report/report.pdf"));
      }
    } finally {
      Sessions.release(spark);
    }
    return 0;
  }
}
