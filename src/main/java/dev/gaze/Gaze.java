package dev.gaze;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gaze.aggregate.AttentionRows;
import dev.gaze.aggregate.ResultRows;
import dev.gaze.config.AnalysisConfig;
import dev.gaze.config.InvalidInputException;
import dev.gaze.job.AnalysisResult;
import dev.gaze.job.AnalysisRun;
import dev.gaze.report.AttentionReport;
import dev.gaze.report.ReportContext;
import dev.gaze.report.ReportRenderer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Gaze's one library entry point, used by the CLI, {@code spark-submit} and notebooks alike.
 *
 * <pre>{@code
 * AnalysisConfig config = AnalysisConfig.builder("data/fashion-mnist").out("out/run").build();
 * AnalysisResult result = Gaze.analyze(spark, config);
 * result.activationStats().show();
 * Path report = Gaze.render(spark, result.out());
 * }</pre>
 */
public final class Gaze {

  /** Where the embedded demo dataset lives, relative to {@link #home()}. */
  public static final String DEMO_DATASET = "data/fashion-mnist";

  private Gaze() {}

  /**
   * Validates a configuration without starting anything: model and taps, the dataset's layout and
   * the output path.
   *
   * @throws InvalidInputException naming the problem and what would be valid
   */
  public static AnalysisRun prepare(AnalysisConfig config) {
    return AnalysisRun.prepare(config, hadoopConf());
  }

  /** Validates and runs an analysis on {@code spark}. */
  public static AnalysisResult analyze(SparkSession spark, AnalysisConfig config) {
    return AnalysisRun.prepare(config, spark.sparkContext().hadoopConfiguration()).run(spark);
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
   * Renders {@code dir/report/} (heatmaps and {@code index.html}) from a finished analysis in a
   * local directory, replacing any earlier report once the new one is complete.
   *
   * @return the report's {@code index.html}
   */
  public static Path render(SparkSession spark, String dir) {
    Path root = checkResultDirectory(dir);
    try {
      JsonNode run = new ObjectMapper().readTree(root.resolve("run.json").toFile());
      List<String> taps = new ArrayList<>();
      for (JsonNode tap : run.path("model").path("taps")) {
        if (tap.path("analyzed").asBoolean(true)) {
          taps.add(tap.path("name").asText());
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
      Path staging = Files.createTempDirectory(root, ".report-staging-");
      ReportRenderer.render(
          staging,
          context,
          ResultRows.activationStats(
              spark.read().parquet(root.resolve("activation_stats").toString())),
          ResultRows.confusion(spark.read().parquet(root.resolve("confusion").toString())));
      if (Files.isDirectory(root.resolve("attention_stats"))) {
        AttentionReport.render(
            staging,
            context,
            AttentionRows.stats(read(spark, root, "attention_stats")),
            AttentionRows.rollout(read(spark, root, "attention_rollout")),
            AttentionRows.headSimilarity(read(spark, root, "head_similarity")),
            AttentionRows.classImages(read(spark, root, "class_images")));
      }
      Path report = root.resolve("report");
      deleteRecursively(report);
      Files.move(staging, report, StandardCopyOption.ATOMIC_MOVE);
      return report.resolve("index.html");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render " + dir + ": " + e.getMessage(), e);
    }
  }

  private static Dataset<Row> read(SparkSession spark, Path root, String table) {
    return spark.read().parquet(root.resolve(table).toString());
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
