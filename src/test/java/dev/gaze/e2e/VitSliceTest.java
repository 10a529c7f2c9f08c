package dev.gaze.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gaze.Gaze;
import dev.gaze.TestSpark;
import dev.gaze.aggregate.Schemas;
import dev.gaze.config.AnalysisConfig;
import dev.gaze.findings.FindingOptions;
import dev.gaze.job.AnalysisResult;
import dev.gaze.model.DemoVit;
import java.awt.image.BufferedImage;
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
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * demo-vit on one shard of the embedded data, end to end: the attention tables with their
 * documented schemas, one row per class, block and head (and the head mean), the bounds of every
 * statistic, maps and rollouts that sum to 1, and the attention page of the report.
 */
class VitSliceTest {

  private static final int CLASSES = 10;
  private static final int BLOCKS = DemoVit.CONFIG.depth();
  private static final int HEADS = DemoVit.CONFIG.heads();
  private static final int PATCHES = 49;

  @TempDir Path tmp;

  @Test
  void attentionTablesHoldTheirBoundsAndTheReportShowsThem() throws Exception {
    SparkSession spark = TestSpark.session();
    String data = System.getProperty("gaze.home") + "/data/fashion-mnist/test-000000.tar.gz";
    Path out = tmp.resolve("vit");
    AnalysisResult result =
        Gaze.analyze(
            spark,
            AnalysisConfig.builder(data)
                .model("demo-vit")
                .batchSize(100)
                .out(out.toString())
                .build());
    assertThat(result.summary().imagesAnalyzed()).isEqualTo(1000);
    assertThat(result.attention()).isNotNull();
    assertThat(result.attention().attentionStats().count())
        .isEqualTo((CLASSES + 1) * BLOCKS * (HEADS + 1));
    // token taps are signed (the residual stream): never "dead" for being <= 0, when analyze writes
    // the findings and when render derives them again
    String deadTokens =
        "kind = 'dead_channels' and tap not like '%.attn' and evidence like '%dead%'";
    assertThat(spark.read().parquet(out.resolve("findings").toString()).where(deadTokens).count())
        .isZero();
    Path index = Gaze.render(spark, result.out(), FindingOptions.defaults(), true);
    assertThat(spark.read().parquet(out.resolve("findings").toString()).where(deadTokens).count())
        .isZero();
    AnalysisResult loaded = Gaze.load(spark, out.toString());
    assertThat(loaded.attention()).isNotNull();
    assertThat(loaded.attention().rollout().count()).isEqualTo(CLASSES + 1);
    assertThat(loaded.attention().headSimilarity().count())
        .isEqualTo(BLOCKS * HEADS * (HEADS - 1) / 2);
    assertThat(Files.isDirectory(out.resolve("findings"))).isTrue();

    JsonNode run = new ObjectMapper().readTree(out.resolve("run.json").toFile());
    assertThat(run.path("tables").toString())
        .contains("attention_stats", "attention_rollout", "head_similarity", "findings");

    Dataset<Row> stats = table(spark, out, "attention_stats", Schemas.ATTENTION_STATS);
    Dataset<Row> rollout = table(spark, out, "attention_rollout", Schemas.ATTENTION_ROLLOUT);
    Dataset<Row> pairs = table(spark, out, "head_similarity", Schemas.HEAD_SIMILARITY);
    table(spark, out, "class_images", Schemas.CLASS_IMAGES);
    // token taps are feature maps of the patch tokens: [width, 7, 7]
    List<Row> tokens =
        spark
            .read()
            .parquet(out.resolve("activation_stats").toString())
            .where("tap = 'block1' and class_id = -1")
            .collectAsList();
    assertThat(tokens).hasSize(1);
    assertThat(tokens.get(0).<Integer>getAs("height")).isEqualTo(7);

    List<Row> rows = stats.collectAsList();
    assertThat(rows).hasSize((CLASSES + 1) * BLOCKS * (HEADS + 1));
    double maxEntropy = Math.log(PATCHES);
    for (Row r : rows) {
      String what = r.getAs("tap") + " head " + r.getAs("head") + " class " + r.getAs("class_id");
      assertThat(r.<Integer>getAs("grid_h")).isEqualTo(7);
      assertThat(sum(r.getList(r.fieldIndex("cls_attention"))))
          .as(what)
          .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
      assertThat(r.<Double>getAs("entropy_mean")).as(what).isBetween(0.0, maxEntropy);
      assertThat(r.<Double>getAs("border_fraction")).as(what).isBetween(0.0, 1.0);
      assertThat(r.<Double>getAs("distance_mean")).as(what).isBetween(0.0, Math.sqrt(72));
      assertThat(r.<Double>getAs("entropy_std")).as(what).isGreaterThanOrEqualTo(0.0);
    }
    List<Row> rolled = rollout.collectAsList();
    assertThat(rolled).hasSize(CLASSES + 1);
    for (Row r : rolled) {
      assertThat(sum(r.getList(r.fieldIndex("rollout"))))
          .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
    }
    assertThat(rolled.get(0).<Long>getAs("images")).isEqualTo(1000);
    List<Row> cosines = pairs.collectAsList();
    assertThat(cosines).hasSize(BLOCKS * HEADS * (HEADS - 1) / 2);
    for (Row r : cosines) {
      assertThat(r.<Integer>getAs("head_a")).isLessThan(r.<Integer>getAs("head_b"));
      assertThat(r.<Double>getAs("cosine")).isBetween(-1.0, 1.0);
    }

    Path report = index.getParent();
    assertThat(Files.readString(index)).contains("href=\"attention.html\"");
    String page = Files.readString(report.resolve("attention.html"));
    assertThat(page).contains("Pruning candidates", "Classes ranked by border fraction");
    List<Path> pngs;
    try (Stream<Path> files = Files.list(report)) {
      pngs =
          files
              .filter(
                  p ->
                      p.toString().endsWith("-attention.png")
                          || p.toString().endsWith("-heads.png")
                          || p.getFileName().toString().startsWith("attention-"))
              .toList();
    }
    assertThat(pngs).hasSize(2 * BLOCKS + 2);
    // The first confused pair shows its class-token attention side by side, one figure a block.
    try (Stream<Path> files = Files.list(report)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .filteredOn(name -> name.startsWith("pair-01-attn-"))
          .hasSize(BLOCKS);
    }
    assertThat(Files.readString(index)).contains("Class-token attention of block1.attn");
    assertThat(report.resolve("report.pdf")).isRegularFile();
    try (org.apache.pdfbox.pdmodel.PDDocument pdf =
        org.apache.pdfbox.Loader.loadPDF(report.resolve("report.pdf").toFile())) {
      String text = new org.apache.pdfbox.text.PDFTextStripper().getText(pdf);
      assertThat(text)
          .contains("Attention of block", "Attention rollout", "Classes ranked by border fraction");
    }
    for (Path png : pngs) {
      BufferedImage image = ImageIO.read(png.toFile());
      Set<Integer> colours = new HashSet<>();
      for (int y = 0; y < image.getHeight(); y += 3) {
        for (int x = 0; x < image.getWidth(); x += 3) {
          colours.add(image.getRGB(x, y));
        }
      }
      assertThat(colours.size()).as("distinct colours in " + png).isGreaterThan(20);
    }
  }

  private static double sum(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).sum();
  }

  private static Dataset<Row> table(SparkSession spark, Path out, String name, StructType schema) {
    Dataset<Row> t = spark.read().parquet(out.resolve(name).toString());
    List<String> actual =
        Stream.of(t.schema().fields())
            .map(f -> f.name() + ":" + f.dataType().simpleString())
            .toList();
    List<String> wanted =
        Stream.of(schema.fields())
            .map((StructField f) -> f.name() + ":" + f.dataType().simpleString())
            .toList();
    assertThat(actual).as(name).isEqualTo(wanted);
    return t;
  }
}
