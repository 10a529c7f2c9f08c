package dev.gaze.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gaze.TestSpark;
import dev.gaze.testing.CliRun;
import dev.gaze.testing.Python;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code analyze --model FILE.pt} and {@code models --inspect} with models exported by {@code
 * tools/export_hooked.py} (random-weight torchvision resnet18 and a small ViT), over an ImageFolder
 * of real photos; and the one-line errors for a missing or mismatched manifest, a tap whose shape
 * disagrees with it, and attention taps on this build.
 */
class ExportedModelCliTest {

  @TempDir static Path data;
  @TempDir static Path models;
  @TempDir Path tmp;

  private static final Path PHOTOS =
      Path.of(System.getProperty("user.home"), ".cache", "gaze", "photos");

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  @BeforeAll
  static void photosAsImageFolder() throws Exception {
    for (String animal : List.of("dog.jpg", "eagle.jpg", "giraffe.jpg", "horses.jpg")) {
      Files.createDirectories(data.resolve("animals"));
      Files.copy(PHOTOS.resolve(animal), data.resolve("animals").resolve(animal));
    }
    for (String scene : List.of("kite.jpg", "person.jpg", "rocket.jpg", "coffee.png")) {
      Files.createDirectories(data.resolve("scenes"));
      Files.copy(PHOTOS.resolve(scene), data.resolve("scenes").resolve(scene));
    }
  }

  private static List<String> taps(Path out) {
    return TestSpark.session()
        .read()
        .parquet(out.resolve("activation_stats").toString())
        .select("tap")
        .distinct()
        .collectAsList()
        .stream()
        .map(r -> r.getString(0))
        .sorted()
        .toList();
  }

  @Test
  void analyzeWithExportedResnetWritesStemAndStageStatistics() {
    Path out = tmp.resolve("resnet");
    CliRun run = analyze(Python.resnet18(), out, "--verify", "--batch-size", "3");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(taps(out)).containsExactly("layer1", "layer2", "layer3", "layer4", "stem");
    List<Row> stem =
        TestSpark.session()
            .read()
            .parquet(out.resolve("activation_stats").toString())
            .where("tap = 'stem' and class_id = -1")
            .collectAsList();
    assertThat(stem).hasSize(1);
    assertThat(stem.get(0).<Long>getAs("images")).isEqualTo(8L);
    assertThat(stem.get(0).<Integer>getAs("channels")).isEqualTo(64);
    assertThat(stem.get(0).<Integer>getAs("height")).isEqualTo(56);
  }

  @Test
  void analyzeWithExportedVitWritesFeatureMapAndAttentionTables() {
    Path out = tmp.resolve("vit");
    CliRun run = analyze(Python.tinyVit(), out);
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(taps(out)).containsExactly("block1", "block2", "patch_embed");
    SparkSession spark = TestSpark.session();
    // Two blocks of four heads plus the head mean, for each of the two classes and for all.
    List<Row> attention =
        spark.read().parquet(out.resolve("attention_stats").toString()).collectAsList();
    assertThat(attention).hasSize(2 * 5 * 3);
    for (Row r : attention) {
      assertThat(r.<String>getAs("tap")).isIn("block1.attn", "block2.attn");
      assertThat(r.<Integer>getAs("grid_h")).isEqualTo(7);
      double sum = 0;
      for (Object v : r.getList(r.fieldIndex("cls_attention"))) {
        sum += (Double) v;
      }
      assertThat(sum).as("class-token map of " + r).isCloseTo(1.0, within(1e-6));
      assertThat(r.<Double>getAs("entropy_mean")).isBetween(0.0, Math.log(49));
      assertThat(r.<Double>getAs("border_fraction")).isBetween(0.0, 1.0);
    }
    assertThat(spark.read().parquet(out.resolve("attention_rollout").toString()).count())
        .isEqualTo(3);
    // Four heads: six pairs a block.
    assertThat(spark.read().parquet(out.resolve("head_similarity").toString()).count())
        .isEqualTo(2 * 6);
  }

  @Test
  void inspectListsTapsAndVerifies() {
    CliRun run = run("models", "--inspect", Python.tinyVit().toString(), "--verify");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("tap     block1.attn attention [4, 50, 50]")
        .contains("tap     block2     activation [64, 7, 7]")
        .contains("verify  ok");
  }

  private void assertUsageError(CliRun run, String... fragments) throws Exception {
    assertThat(run.code()).as(run.err()).isEqualTo(2);
    assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
    assertThat(run.err()).doesNotContain("Exception");
    for (String f : fragments) {
      assertThat(run.err()).contains(f);
    }
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left).as("nothing written").isEmpty();
    }
  }

  /** {@code analyze} of the photos with {@code model} into {@code tmp/out}, plus {@code more}. */
  private CliRun analyze(Path model, String... more) {
    return analyze(model, tmp.resolve("out"), more);
  }

  /** {@code analyze} of the photos with {@code model} into {@code out}, plus {@code more}. */
  private static CliRun analyze(Path model, Path out, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "analyze",
                "--data",
                data.toString(),
                "--format",
                "imagefolder",
                "--model",
                model.toString(),
                "--out",
                out.toString()));
    args.addAll(List.of(more));
    return run(args.toArray(new String[0]));
  }

  /** A copy of the ViT's files in a folder of their own, the manifest edited by {@code edit}. */
  private static Path copyOfVit(String name, java.util.function.UnaryOperator<String> edit)
      throws Exception {
    Path dir = Files.createDirectories(models.resolve(name));
    Path src = Python.tinyVit();
    Path pt = dir.resolve("vit.pt");
    Files.copy(src, pt);
    String manifest =
        Files.readString(src.resolveSibling("tiny-vit.manifest.json"))
            .replace("\"golden\": \"tiny-vit.golden.json\"", "\"golden\": \"vit.golden.json\"");
    Files.copy(src.resolveSibling("tiny-vit.golden.json"), dir.resolve("vit.golden.json"));
    if (edit != null) {
      Files.writeString(dir.resolve("vit.manifest.json"), edit.apply(manifest));
    }
    return pt;
  }

  private static String patchEmbedAs8x8(String manifest) {
    try {
      var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
      var root = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(manifest);
      var tap = (com.fasterxml.jackson.databind.node.ObjectNode) root.get("taps").get(0);
      assertThat(tap.get("name").asText()).isEqualTo("patch_embed");
      tap.putArray("shape").add(64).add(8).add(8);
      return mapper.writeValueAsString(root);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void missingManifestIsOneLine() throws Exception {
    assertUsageError(analyze(copyOfVit("none", null)), "has no manifest", "vit.manifest.json");
  }

  @Test
  void manifestOfAnotherFileIsOneLine() throws Exception {
    Path pt =
        copyOfVit(
            "other", m -> m.replaceFirst("\"sha256\": \"[0-9a-f]{6}", "\"sha256\": \"000000"));
    assertUsageError(analyze(pt), "describes another file");
  }

  @Test
  void fp16IsRefusedForExportedModels() throws Exception {
    assertUsageError(
        analyze(Python.tinyVit(), "--precision", "fp16", "--require-gpu"),
        "not supported for TorchScript");
  }

  @Test
  void tapShapeDisagreeingWithTheManifestFailsNamingTheTap() throws Exception {
    Path pt = copyOfVit("shape", ExportedModelCliTest::patchEmbedAs8x8);
    CliRun verify = run("models", "--inspect", pt.toString(), "--verify");
    assertThat(verify.code()).isEqualTo(1);
    assertThat(verify.err()).contains("tap 'patch_embed' has shape (2, 64, 7, 7)");
    CliRun analyzed = analyze(pt);
    assertThat(analyzed.code()).as(analyzed.err()).isEqualTo(1);
    assertThat(analyzed.err()).contains("tap 'patch_embed' has shape").contains("manifest says");
  }
}
