package dev.gaze.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gaze.Gaze;
import dev.gaze.TestSpark;
import dev.gaze.config.AnalysisConfig;
import dev.gaze.findings.Finding;
import dev.gaze.job.FindingsTable;
import dev.gaze.job.RunFingerprint;
import dev.gaze.source.ImageRecord;
import dev.gaze.source.RecordIterator;
import dev.gaze.source.Split;
import dev.gaze.source.SplitReader;
import dev.gaze.source.WebDatasetWriter;
import dev.gaze.testing.CliRun;
import dev.gaze.testing.TableComparison;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gaze merge} of two runs over disjoint halves of four small shards against one run over all
 * four, for demo-cnn (feature-map tables) and demo-vit (the attention tables too): counts exact,
 * means, maps and standard deviations within 1e-9 relative, findings equal; and the refusals, each
 * one line with exit code 2 and nothing written.
 */
class MergeTest {

  /** Images per shard; four shards. */
  private static final int PER_SHARD = 60;

  /** The tolerance the merge is held to, relative to the larger magnitude of the two values. */
  private static final double RELATIVE = 1e-9;

  @TempDir static Path tmp;
  static Path shards;

  @BeforeAll
  static void writeShards() throws Exception {
    Path demo = Path.of(System.getProperty("gaze.home"), "data", "fashion-mnist");
    shards = Files.createDirectories(tmp.resolve("shards"));
    Files.copy(demo.resolve("classes.txt"), shards.resolve("classes.txt"));
    try (RecordIterator it =
        SplitReader.open(
            Split.ofShards(List.of(demo.resolve("test-000000.tar.gz").toUri().toString())),
            new Configuration())) {
      for (int s = 0; s < 4; s++) {
        try (WebDatasetWriter w =
            WebDatasetWriter.create(shards.resolve(String.format("part-%06d.tar", s)))) {
          for (int i = 0; i < PER_SHARD; i++) {
            ImageRecord r = it.next();
            w.write(r.key(), r.image(), r.label());
          }
        }
      }
    }
  }

  private static String shardRange(int first, int last) {
    return shards.resolve(String.format("part-{%06d..%06d}.tar", first, last)).toString();
  }

  private static String analyze(String name, String model, String data, String... taps) {
    AnalysisConfig.Builder config =
        AnalysisConfig.builder(data).model(model).batchSize(40).out(tmp.resolve(name).toString());
    if (taps.length > 0) {
      config.taps(taps);
    }
    Gaze.analyze(TestSpark.session(), config.build());
    return tmp.resolve(name).toString();
  }

  /** Runs the CLI; returns exit code, stdout and stderr. */
  private static String[] cli(String... args) {
    TestSpark.session();
    CliRun run = CliRun.of(args);
    return new String[] {String.valueOf(run.code()), run.out(), run.err()};
  }

  @Test
  void demoCnnHalvesMergeIntoTheWholeRun() throws Exception {
    Map<String, Double> worst = mergeAndCompare("cnn", "demo-cnn", List.of());
    System.out.println("demo-cnn merge vs whole, worst relative differences: " + worst);
  }

  @Test
  void demoVitHalvesMergeIntoTheWholeRunAttentionTablesToo() throws Exception {
    Map<String, Double> worst =
        mergeAndCompare(
            "vit",
            "demo-vit",
            List.of("attention_stats", "attention_rollout", "head_similarity", "class_images"));
    System.out.println("demo-vit merge vs whole, worst relative differences: " + worst);
  }

  private Map<String, Double> mergeAndCompare(String name, String model, List<String> attention)
      throws Exception {
    String a = analyze(name + "-a", model, shardRange(0, 1));
    String b = analyze(name + "-b", model, shardRange(2, 3));
    String whole = analyze(name + "-whole", model, shardRange(0, 3));
    Path merged = tmp.resolve(name + "-merged");
    String[] result = cli("merge", a, b, "--out", merged.toString());
    assertThat(result[0]).as(result[1] + result[2]).isEqualTo("0");
    assertThat(result[1])
        .contains("Merged 2 runs: " + 4 * PER_SHARD + " of " + 4 * PER_SHARD + " images");
    assertThat(merged.resolve("report/index.html")).isNotEmptyFile();

    SparkSession spark = TestSpark.session();
    Map<String, Double> worst = new TreeMap<>();
    List<String> tables = new ArrayList<>(List.of("activation_stats", "confusion", "errors"));
    tables.addAll(attention);
    for (String table : tables) {
      TableComparison.compareTables(spark, table, Path.of(whole), merged, RELATIVE, worst);
    }
    if (!attention.isEmpty()) {
      assertThat(spark.read().parquet(merged.resolve("head_similarity").toString()).count())
          .isPositive();
    }

    List<Finding> expected = FindingsTable.read(spark, Path.of(whole, "findings").toString());
    List<Finding> actual = FindingsTable.read(spark, merged.resolve("findings").toString());
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      Finding e = expected.get(i);
      Finding f = actual.get(i);
      assertThat(List.of(f.kind(), f.classId(), f.tap(), f.head(), f.summary(), f.evidence()))
          .isEqualTo(List.of(e.kind(), e.classId(), e.tap(), e.head(), e.summary(), e.evidence()));
      assertThat(TableComparison.relative(f.severity(), e.severity()))
          .isLessThanOrEqualTo(RELATIVE);
    }

    ObjectMapper json = new ObjectMapper();
    JsonNode runWhole = json.readTree(Path.of(whole, "run.json").toFile());
    JsonNode runMerged = json.readTree(merged.resolve("run.json").toFile());
    for (String count : List.of("images_seen", "images_analyzed", "images_failed", "top1")) {
      assertThat(runMerged.path(count)).as(count).isEqualTo(runWhole.path(count));
    }
    RunFingerprint fw = RunFingerprint.fromJson(runWhole.get("fingerprint"));
    RunFingerprint fm = RunFingerprint.fromJson(runMerged.get("fingerprint"));
    assertThat(fm.firstDifference(fw)).isEmpty();
    assertThat(fm.listing()).hasSize(4);
    JsonNode from = runMerged.path("merged_from");
    assertThat(from).hasSize(2);
    JsonNode runA = json.readTree(Path.of(a, "run.json").toFile());
    assertThat(from.get(0).path("run_id").asText()).isEqualTo(runA.path("run_id").asText());
    assertThat(runMerged.path("tables").toString()).contains("findings");
    assertThat(Gaze.load(spark, merged.toString()).summary().correct())
        .isEqualTo(Gaze.load(spark, whole).summary().correct());
    return worst;
  }

  private static List<String> listing(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.map(Path::toString).sorted(Comparator.naturalOrder()).toList();
    }
  }

  /** The CLI refuses with exit code 2 and one line containing {@code message}; writes nothing. */
  private static void assertRefused(String message, String... args) throws Exception {
    List<String> before = listing(tmp);
    String[] result = cli(args);
    assertThat(result[0]).as(result[1] + result[2]).isEqualTo("2");
    assertThat(result[2].strip().lines()).as(result[2]).hasSize(1);
    assertThat(result[2]).contains(message);
    assertThat(listing(tmp)).isEqualTo(before);
  }

  @Test
  void refusesRunsThatCannotBeMerged() throws Exception {
    String a = analyze("ref-a", "demo-cnn", shardRange(0, 1), "stem");
    String b = analyze("ref-b", "demo-cnn", shardRange(2, 2), "stem");
    Path renamed = Files.createDirectories(tmp.resolve("renamed"));
    List<String> classes = Files.readAllLines(shards.resolve("classes.txt"));
    classes.set(3, classes.get(3) + " (renamed)");
    Files.write(renamed.resolve("classes.txt"), classes);
    AnalysisConfig otherClasses =
        AnalysisConfig.builder(shardRange(3, 3))
            .model("demo-cnn")
            .taps("stem")
            .classNames(renamed.resolve("classes.txt").toString())
            .out(tmp.resolve("ref-classes").toString())
            .build();
    Gaze.analyze(TestSpark.session(), otherClasses);
    String c = tmp.resolve("ref-classes").toString();
    String taps = analyze("ref-taps", "demo-cnn", shardRange(3, 3));
    String overlapping = analyze("ref-overlap", "demo-cnn", shardRange(1, 2), "stem");
    String out = tmp.resolve("never").toString();

    assertRefused("class names differ: class 3 is", "merge", a, c, "--out", out);
    assertRefused("taps differ: [stem] vs [", "merge", a, taps, "--out", out);
    assertRefused(
        "both read shard file:" + shards.resolve("part-000001.tar") + ";",
        "merge",
        a,
        overlapping,
        "--out",
        out);
    assertRefused(
        "is not a finished Gaze run (no run.json)", "merge", a, shards.toString(), "--out", out);

    Path broken = Files.createDirectories(tmp.resolve("ref-broken"));
    Files.copy(Path.of(b, "run.json"), broken.resolve("run.json"));
    assertRefused(
        "its table activation_stats is missing", "merge", a, broken.toString(), "--out", out);

    Path exists = Files.createDirectories(tmp.resolve("exists"));
    assertRefused("already exists", "merge", a, b, "--out", exists.toString());
    assertRefused("merge needs at least two runs", "merge", a, "--out", out);

    // the refusals did not stop a valid merge of the same runs
    String[] ok = cli("merge", a, b, "--out", out);
    assertThat(ok[0]).as(ok[1] + ok[2]).isEqualTo("0");
    assertThat(Path.of(out, "run.json")).isNotEmptyFile();

    // an output that is not on the local file system gets its report too, rendered locally
    SparkSession spark = TestSpark.session();
    String impl = OtherSchemeFileSystem.class.getName();
    spark.sparkContext().hadoopConfiguration().set(OtherSchemeFileSystem.IMPL, impl);
    System.setProperty("spark.hadoop." + OtherSchemeFileSystem.IMPL, impl);
    try {
      Path elsewhere = tmp.resolve("elsewhere");
      String[] remote =
          cli("merge", a, b, "--out", OtherSchemeFileSystem.SCHEME + "://" + elsewhere, "--pdf");
      assertThat(remote[0]).as(remote[1] + remote[2]).isEqualTo("0");
      assertThat(remote[1]).contains("Report: " + OtherSchemeFileSystem.SCHEME + ":");
      assertThat(elsewhere.resolve("report/index.html")).isNotEmptyFile();
      assertThat(elsewhere.resolve("report/report.pdf")).isNotEmptyFile();
      assertThat(FindingsTable.read(spark, elsewhere.resolve("findings").toString()))
          .hasSameSizeAs(FindingsTable.read(spark, Path.of(out, "findings").toString()));
      try (Stream<Path> left = Files.list(tmp)) {
        assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("staging"));
      }
    } finally {
      System.clearProperty("spark.hadoop." + OtherSchemeFileSystem.IMPL);
    }
  }
}
