package dev.gaze.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gaze.TestSpark;
import dev.gaze.aggregate.Schemas;
import dev.gaze.cli.Main;
import dev.gaze.findings.ConfusedClassesDetector;
import dev.gaze.findings.Finding;
import dev.gaze.job.FindingsTable;
import dev.gaze.report.HeadlessChromium;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code gaze analyze --render} on two shards of the embedded data, end to end through the command
 * line, in the test JVM's Spark session: every table with its documented schema, counts that add
 * up, a model that is right, and a report of real heatmaps.
 */
class DemoSliceCliTest {

  @TempDir Path tmp;

  @Test
  void analyzeAndRenderTwoShards() throws Exception {
    // The CLI's getOrCreate picks this session up and, not having started it, leaves it running
    // (as on Databricks, where the cluster owns the session).
    SparkSession before = TestSpark.session();
    String data =
        System.getProperty("gaze.home") + "/data/fashion-mnist/test-{000000..000001}.tar.gz";
    Path out = tmp.resolve("run");
    StringWriter stdout = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(stdout, true));
    int code =
        cli.execute(
            "analyze",
            "--data",
            data,
            "--out",
            out.toString(),
            "--batch-size",
            "100",
            "--render",
            "--pdf");
    assertThat(code).as(stdout.toString()).isZero();
    assertThat(stdout.toString()).contains("Analysed 2000 of 2000 images (0 failed)");

    assertThat(before.sparkContext().isStopped()).isFalse();
    SparkSession spark = TestSpark.session();
    JsonNode run = new ObjectMapper().readTree(out.resolve("run.json").toFile());
    assertThat(run.path("images_seen").asLong()).isEqualTo(2000);
    assertThat(run.path("images_analyzed").asLong() + run.path("images_failed").asLong())
        .isEqualTo(2000);
    assertThat(run.path("classes")).hasSize(10);
    assertThat(run.path("model").path("taps")).hasSize(4);
    assertThat(run.path("versions").path("pytorch").asText()).isEqualTo("2.7.1");

    assertSchema(
        spark.read().parquet(out.resolve("activation_stats").toString()), Schemas.ACTIVATION_STATS);
    assertSchema(spark.read().parquet(out.resolve("confusion").toString()), Schemas.CONFUSION);
    assertSchema(spark.read().parquet(out.resolve("errors").toString()), Schemas.ERRORS);
    assertSchema(
        spark.read().parquet(out.resolve(FindingsTable.NAME).toString()), FindingsTable.SCHEMA);
    List<Finding> findings = FindingsTable.read(spark, out.resolve(FindingsTable.NAME).toString());
    // demo-cnn on 2,000 images: no dead channels, shirts confused with T-shirts, coats, pullovers
    assertThat(findings).isNotEmpty();
    assertThat(findings).extracting(Finding::kind).containsOnly(ConfusedClassesDetector.KIND);
    long pairs = findings.size();
    assertThat(spark.read().parquet(out.resolve("activation_stats").toString()).count())
        .isEqualTo(11 * 4);
    List<Row> confusion = spark.read().parquet(out.resolve("confusion").toString()).collectAsList();
    long total = confusion.stream().mapToLong(r -> r.getLong(2)).sum();
    long diagonal =
        confusion.stream()
            .filter(r -> r.getInt(0) == r.getInt(1))
            .mapToLong(r -> r.getLong(2))
            .sum();
    assertThat(total).isEqualTo(2000);
    assertThat(diagonal / (double) total).isGreaterThan(0.88);

    Path report = out.resolve("report");
    assertThat(report.resolve("index.html")).exists();
    List<Path> pngs;
    try (Stream<Path> files = Files.list(report)) {
      pngs = files.filter(p -> p.toString().endsWith(".png")).toList();
    }
    assertThat(pngs).hasSize(4 * 3 + 1 + 4 * (int) pairs);
    assertThat(report.resolve("report.pdf")).isNotEmptyFile();
    Path browser = tmp.resolve("browser");
    Files.createDirectories(browser);
    HeadlessChromium.Page page;
    try (HeadlessChromium chromium = HeadlessChromium.start(browser.resolve("profile"))) {
      page =
          chromium.open(
              report.resolve("index.html").toUri(),
              HeadlessChromium.PAGE_CHECK,
              browser.resolve("shot.png"));
    }
    assertThat(page.errors()).isEmpty();
    assertThat(page.value().path("images")).hasSize(pngs.size());
    page.value()
        .path("images")
        .forEach(i -> assertThat(i.path("ok").asBoolean()).as(i.toString()).isTrue());
    assertThat(page.value().path("findingRows").asInt()).isEqualTo(findings.size());
    for (Path png : pngs) {
      BufferedImage image = ImageIO.read(png.toFile());
      assertThat(image.getWidth()).as(png.toString()).isGreaterThan(300);
      Set<Integer> colours = new HashSet<>();
      for (int y = 0; y < image.getHeight(); y += 3) {
        for (int x = 0; x < image.getWidth(); x += 3) {
          colours.add(image.getRGB(x, y));
        }
      }
      assertThat(colours.size()).as("distinct colours in " + png).isGreaterThan(20);
    }
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("run", "browser");
    }
  }

  private static void assertSchema(
      Dataset<Row> table, org.apache.spark.sql.types.StructType expected) {
    List<String> actual =
        Stream.of(table.schema().fields())
            .map(f -> f.name() + ":" + f.dataType().simpleString())
            .toList();
    List<String> wanted =
        Stream.of(expected.fields())
            .map((StructField f) -> f.name() + ":" + f.dataType().simpleString())
            .toList();
    assertThat(actual).isEqualTo(wanted);
  }
}
