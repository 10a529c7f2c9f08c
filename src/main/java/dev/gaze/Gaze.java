package dev.gaze;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gaze.aggregate.ActivationStats;
import dev.gaze.aggregate.AttentionRows;
import dev.gaze.aggregate.ResultRows;
import dev.gaze.config.AnalysisConfig;
import dev.gaze.config.InvalidInputException;
import dev.gaze.findings.Finding;
import dev.gaze.findings.FindingOptions;
import dev.gaze.image.NativeCodecs;
import dev.gaze.job.AnalysisResult;
import dev.gaze.job.AnalysisRun;
import dev.gaze.job.AttentionTables;
import dev.gaze.job.FindingsTable;
import dev.gaze.job.ResultTables;
import dev.gaze.job.RunFacts;
import dev.gaze.job.RunMerge;
import dev.gaze.job.RunSummary;
import dev.gaze.model.TapKind;
import dev.gaze.report.AttentionInputs;
import dev.gaze.report.InlineReport;
import dev.gaze.report.ReportContext;
import dev.gaze.report.ReportRenderer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;

/**
 * Gaze's one library entry point, used by the CLI, {@code spark-submit} and notebooks alike.
 *
 * <pre>{@code
 * AnalysisConfig config = AnalysisConfig.builder("data/fashion-mnist").out("out/run").build();
 * AnalysisResult result = Gaze.analyze(spark, config);   // tables as DataFrames
 * result.activationStats().show();
 * Path report = Gaze.render(spark, result.out());        // out/run/report/index.html
 * String html = Gaze.reportHtml(Gaze.load(spark, "out/run")); // one page, PNGs inlined
 * }</pre>
 */
public final class Gaze {

  /** Where the embedded demo dataset lives, relative to {@link #home()}. */
  public static final String DEMO_DATASET = "data/fashion-mnist";

  private Gaze() {}

  /**
   * Validates a configuration without starting anything: model and taps, the dataset's layout and
   * the output path, and the decoder the system property {@value NativeCodecs#DECODER_PROPERTY}
   * names, if any.
   *
   * @throws InvalidInputException naming the problem and what would be valid
   * @throws IllegalArgumentException for a {@value NativeCodecs#DECODER_PROPERTY} that is not a
   *     decoder
   */
  public static AnalysisRun prepare(AnalysisConfig config) {
    NativeCodecs.allowedByProperty();
    return AnalysisRun.prepare(config, hadoopConf());
  }

  /** Validates and runs an analysis on {@code spark}, with the default finding thresholds. */
  public static AnalysisResult analyze(SparkSession spark, AnalysisConfig config) {
    return analyze(spark, config, FindingOptions.defaults());
  }

  /** Validates and runs an analysis on {@code spark}; its findings use these thresholds. */
  public static AnalysisResult analyze(
      SparkSession spark, AnalysisConfig config, FindingOptions findings) {
    return AnalysisRun.prepare(config, spark.sparkContext().hadoopConfiguration())
        .run(spark, findings);
  }

  /**
   * Checks that {@code runs} can be merged into {@code out} without starting anything: each is a
   * finished Gaze run, their models, taps, preprocessing, precision and class names agree, they
   * share no shard or file, and {@code out} can be written.
   *
   * @throws InvalidInputException naming the first problem
   */
  public static RunMerge prepareMerge(List<String> runs, String out, boolean overwrite) {
    return RunMerge.prepare(runs, out, overwrite, hadoopConf());
  }

  /**
   * Merges finished runs over disjoint data into {@code out}: the tables one run over all of it
   * would have written, the findings derived again with {@code findings}' thresholds, {@code
   * run.json} and, when {@code out} is local, the report ({@code report/index.html}, and {@code
   * report/report.pdf} when {@code pdf}). The output appears complete or not at all.
   *
   * @throws InvalidInputException naming the first reason the runs cannot be merged
   */
  public static AnalysisResult merge(
      SparkSession spark,
      List<String> runs,
      String out,
      boolean overwrite,
      FindingOptions findings,
      boolean pdf) {
    return merge(
        spark,
        RunMerge.prepare(runs, out, overwrite, spark.sparkContext().hadoopConfiguration()),
        findings,
        pdf);
  }

  /**
   * Runs a merge checked by {@link #prepareMerge}; see {@link #merge(SparkSession, List, String,
   * boolean, FindingOptions, boolean)}.
   */
  public static AnalysisResult merge(
      SparkSession spark, RunMerge merge, FindingOptions findings, boolean pdf) {
    return merge.run(
        spark,
        findings,
        staged -> {
          String scheme = new org.apache.hadoop.fs.Path(staged).toUri().getScheme();
          if (scheme == null || scheme.equals("file")) {
            render(spark, staged, findings, pdf);
          } else {
            renderElsewhere(spark, staged, pdf);
          }
        });
  }

  /** The report's title, dataset, model, counts, class names and taps, from a run's facts. */
  private static ReportContext reportContext(AnalysisResult result) {
    RunFacts facts = result.facts();
    RunSummary summary = result.summary();
    return new ReportContext(
        "Gaze: what " + facts.model() + " looks at",
        facts.dataset(),
        facts.model(),
        summary.imagesSeen(),
        summary.imagesAnalyzed(),
        summary.imagesFailed(),
        facts.classNames(),
        facts.taps());
  }

  /**
   * Renders the report of an output folder on a file system that is not local (HDFS, S3): into a
   * local temporary folder from the folder's tables and findings, then copied to {@code
   * dir/report}.
   */
  private static void renderElsewhere(SparkSession spark, String dir, boolean pdf) {
    AnalysisResult result = load(spark, dir);
    ReportContext context = reportContext(result);
    org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(dir);
    try {
      Path local = Files.createTempDirectory("gaze-report-");
      try {
        Path report = local.resolve("report");
        ReportRenderer.render(
            report,
            context,
            ResultRows.activationStats(result.activationStats()),
            ResultRows.confusion(result.confusion()),
            FindingsTable.read(
                spark, new org.apache.hadoop.fs.Path(root, FindingsTable.NAME).toString()),
            pdf,
            result.attention() == null ? null : attentionInputs(result.attention()));
        FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
        fs.copyFromLocalFile(
            false,
            true,
            new org.apache.hadoop.fs.Path(report.toUri()),
            new org.apache.hadoop.fs.Path(root, "report"));
      } finally {
        deleteRecursively(local);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot render the report of " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The repository or installation folder: {@code -Dgaze.home}, else the working directory. */
  public static Path home() {
    return Path.of(System.getProperty("gaze.home", ".")).toAbsolutePath().normalize();
  }

  /**
   * The embedded demo dataset's path.
   *
   * @throws InvalidInputException when it is not there
   */
  public static String demoDataset() {
    Path data = home().resolve(DEMO_DATASET);
    if (!Files.isDirectory(data)) {
      throw new InvalidInputException(
          "the embedded demo dataset is not at "
              + data
              + "; run from the Gaze repository (jobs/gaze does) or set -Dgaze.home");
    }
    return data.toString();
  }

  /**
   * Checks that {@code dir} holds a finished analysis (its {@code run.json}).
   *
   * @throws InvalidInputException when it does not
   */
  public static Path checkResultDirectory(String dir) {
    Path path = localPath(dir);
    if (!Files.isRegularFile(path.resolve("run.json"))) {
      throw new InvalidInputException(
          "--in "
              + dir
              + " is not an analysis output (no run.json); give a directory written by"
              + " gaze analyze --out");
    }
    return path;
  }

  /**
   * A finished analysis read back from its output directory (on any file system Spark can read):
   * its tables as DataFrames (with the attention tables when {@code run.json} lists them), its
   * counts and facts from {@code run.json}.
   *
   * @throws InvalidInputException when {@code dir} holds no {@code run.json}
   */
  public static AnalysisResult load(SparkSession spark, String dir) {
    org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(dir);
    JsonNode run;
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      org.apache.hadoop.fs.Path json = new org.apache.hadoop.fs.Path(root, "run.json");
      if (!fs.exists(json) || !fs.getFileStatus(json).isFile()) {
        throw new InvalidInputException(
            dir + " is not an analysis output (no run.json); give a directory written by analyze");
      }
      try (InputStream in = fs.open(json)) {
        run = new ObjectMapper().readTree(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir + "/run.json: " + e.getMessage(), e);
    }
    List<String> taps = new ArrayList<>();
    for (JsonNode tap : run.path("model").path("taps")) {
      if (tap.path("analyzed").asBoolean(true)) {
        taps.add(tap.path("name").asText());
      }
    }
    List<String> classes = new ArrayList<>();
    run.path("classes").forEach(c -> classes.add(c.asText()));
    long analyzed = run.path("images_analyzed").asLong();
    RunSummary summary =
        new RunSummary(
            run.path("images_seen").asLong(),
            analyzed,
            run.path("images_failed").asLong(),
            Math.round(run.path("top1").asDouble(0) * analyzed),
            run.path("wall_seconds").asDouble());
    RunFacts facts =
        new RunFacts(
            run.path("dataset").path("path").asText(),
            run.path("model").path("name").asText(),
            taps,
            classes);
    boolean attention = false;
    for (JsonNode table : run.path("tables")) {
      attention |= table.asText().equals(AttentionTables.NAMES.get(0));
    }
    return new AnalysisResult(
        ResultTables.read(spark, root.toString(), "activation_stats"),
        ResultTables.read(spark, root.toString(), "confusion"),
        ResultTables.read(spark, root.toString(), "errors"),
        summary,
        root.toString(),
        facts,
        attention ? AttentionTables.read(spark, root.toString()) : null);
  }

  /**
   * Renders {@code dir/report/} (heatmaps and {@code index.html}) from a finished analysis in a
   * local directory, replacing any earlier report once the new one is complete.
   *
   * @return the report's {@code index.html}
   */
  public static Path render(SparkSession spark, String dir) {
    return render(spark, dir, FindingOptions.defaults(), false);
  }

  /**
   * Renders {@code dir/report/} as {@link #render(SparkSession, String)} does, first deriving the
   * findings again from the statistics tables with {@code findings}' thresholds (replacing {@code
   * dir/findings/}, so that table and report agree), and writing {@code report/report.pdf} too when
   * {@code pdf}.
   *
   * @return the report's {@code index.html}
   */
  public static Path render(SparkSession spark, String dir, FindingOptions findings, boolean pdf) {
    Path root = checkResultDirectory(dir);
    try {
      JsonNode run = new ObjectMapper().readTree(root.resolve("run.json").toFile());
      List<String> taps = new ArrayList<>();
      Set<String> tokenTaps = new HashSet<>();
      for (JsonNode tap : run.path("model").path("taps")) {
        if (tap.path("analyzed").asBoolean(true)) {
          taps.add(tap.path("name").asText());
          if (tap.path("kind").asText().equalsIgnoreCase(TapKind.TOKENS.name())) {
            tokenTaps.add(tap.path("name").asText());
          }
        }
      }
      List<String> classes = new ArrayList<>();
      run.path("classes").forEach(c -> classes.add(c.asText()));
      ReportContext context =
          new ReportContext(
              "Gaze: what " + run.path("model").path("name").asText() + " looks at",
              run.path("dataset").path("path").asText(),
              run.path("model").path("name").asText(),
              run.path("images_seen").asLong(),
              run.path("images_analyzed").asLong(),
              run.path("images_failed").asLong(),
              classes,
              taps);
      List<ActivationStats> stats =
          ResultRows.activationStats(
              ResultTables.read(spark, root.toUri().toString(), "activation_stats"));
      List<Finding> found =
          FindingsTable.compute(
              spark, root.toUri().toString(), taps, tokenTaps, classes, findings, stats);
      Path table = Files.createTempDirectory(root, ".findings-staging-");
      FindingsTable.write(spark, found, table.resolve(FindingsTable.NAME).toUri().toString());
      deleteRecursively(root.resolve(FindingsTable.NAME));
      Files.move(
          table.resolve(FindingsTable.NAME),
          root.resolve(FindingsTable.NAME),
          StandardCopyOption.ATOMIC_MOVE);
      deleteRecursively(table);
      Path staging = Files.createTempDirectory(root, ".report-staging-");
      ReportRenderer.render(
          staging,
          context,
          stats,
          ResultRows.confusion(ResultTables.read(spark, root.toUri().toString(), "confusion")),
          found,
          pdf,
          Files.isDirectory(root.resolve(AttentionTables.NAMES.get(0)))
              ? attentionInputs(AttentionTables.read(spark, root.toUri().toString()))
              : null);
      Path report = root.resolve("report");
      deleteRecursively(report);
      Files.move(staging, report, StandardCopyOption.ATOMIC_MOVE);
      return report.resolve("index.html");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Renders the report of {@code result} (a run's DataFrames, with or without an output directory)
   * into the local folder {@code reportDir}: the heatmaps as PNGs and {@code index.html}.
   *
   * @return the report's {@code index.html}
   */
  public static Path render(AnalysisResult result, Path reportDir) {
    ReportContext context = reportContext(result);
    try {
      ReportRenderer.render(
          reportDir,
          context,
          ResultRows.activationStats(result.activationStats()),
          ResultRows.confusion(result.confusion()),
          List.of(),
          false,
          result.attention() == null ? null : attentionInputs(result.attention()));
      return reportDir.resolve("index.html");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render into " + reportDir + ": " + e.getMessage(), e);
    }
  }

  /**
   * The report of {@code result} as one self-contained HTML string, heatmaps embedded as {@code
   * data:} URIs: what a notebook's {@code displayHTML} shows. Rendered in a temporary folder that
   * is deleted before returning.
   */
  public static String reportHtml(AnalysisResult result) {
    try {
      Path dir = Files.createTempDirectory("gaze-report-");
      try {
        render(result, dir);
        return InlineReport.html(dir);
      } finally {
        deleteRecursively(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render the report: " + e.getMessage(), e);
    }
  }

  /** The attention tables' rows, collected for the report. */
  private static AttentionInputs attentionInputs(AttentionTables tables) {
    return new AttentionInputs(
        AttentionRows.stats(tables.attentionStats()),
        AttentionRows.rollout(tables.rollout()),
        AttentionRows.headSimilarity(tables.headSimilarity()),
        AttentionRows.classImages(tables.classImages()));
  }

  /** A local path from a plain path or a {@code file:} URI; other file systems are refused. */
  private static Path localPath(String dir) {
    java.net.URI uri = new org.apache.hadoop.fs.Path(dir).toUri();
    if (uri.getScheme() != null && !uri.getScheme().equals("file")) {
      throw new InvalidInputException(
          "render writes to a local folder; "
              + dir
              + " is on "
              + uri.getScheme()
              + ":, copy it"
              + " to a local folder first");
    }
    return Path.of(uri.getPath());
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /**
   * A Hadoop configuration for checks made before Spark starts, with the {@code spark.hadoop.*}
   * settings that {@code spark-submit --conf} passed as system properties.
   */
  static Configuration hadoopConf() {
    Configuration conf = new Configuration();
    for (Map.Entry<Object, Object> e : System.getProperties().entrySet()) {
      String key = e.getKey().toString();
      if (key.startsWith("spark.hadoop.")) {
        conf.set(key.substring("spark.hadoop.".length()), e.getValue().toString());
      }
    }
    return conf;
  }
}
