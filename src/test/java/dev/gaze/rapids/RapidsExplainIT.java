package dev.gaze.rapids;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gaze.aggregate.Aggregation;
import dev.gaze.aggregate.AttentionAggregation;
import dev.gaze.aggregate.Partials;
import dev.gaze.aggregate.Schemas;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The aggregation stage (everything after inference: the per-image Parquet scan, {@link
 * Aggregation}'s and {@link AttentionAggregation}'s tables and their Parquet writes) under the
 * RAPIDS Accelerator in explain-only mode: no operator may fall back to the CPU. A second test
 * shows the check does catch a typed, CPU-only plan.
 */
@DisabledIfSystemProperty(
    named = "gaze.rapids.skip",
    matches = ".+",
    disabledReason =
        "the RAPIDS Accelerator is served for Scala 2.12 / Spark 3.x only (rapids-4-spark_2.12"
            + " 25.04.0); the aggregation stage is checked by the Spark 3.5 build")
class RapidsExplainIT {

  private static RapidsExplain rapids;
  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    rapids = new RapidsExplain();
  }

  @AfterAll
  static void stop() {
    if (rapids != null) {
      rapids.close();
    }
  }

  /**
   * A per-image table as the inference stage writes it, with two analysed feature-map taps, two
   * attention taps with the rollout and input map, and two errors.
   */
  private static String writePerImage(SparkSession spark, String name) {
    Random random = new Random(7);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      int label = i % 3;
      List<Row> taps = new ArrayList<>();
      taps.add(tap("stem", 4, 3, 3, random));
      taps.add(tap("stage1", 6, 2, 2, random));
      List<Row> attention =
          List.of(attention("block1.attn", 3, 2, random), attention("block2.attn", 3, 2, random));
      rows.add(
          RowFactory.create(
              "shard-" + (i % 2),
              "k" + i,
              label,
              (i * 7) % 3,
              null,
              taps,
              attention,
              floats(4, random),
              floats(16, random),
              4,
              4));
    }
    rows.add(
        RowFactory.create(
            "shard-1",
            "broken",
            1,
            null,
            "empty image (0 bytes)",
            null,
            null,
            null,
            null,
            null,
            null));
    rows.add(
        RowFactory.create(
            "shard-0", "nolabel", null, null, "no label", null, null, null, null, null, null));
    String path = dir.resolve(name).resolve("per_image").toString();
    spark.createDataFrame(rows, Schemas.PER_IMAGE).repartition(3).write().parquet(path);
    return path;
  }

  private static Row tap(String name, int channels, int h, int w, Random random) {
    return RowFactory.create(
        name,
        floats(channels, random),
        floats(channels, random),
        floats(channels, random),
        h,
        w,
        floats(h * w, random));
  }

  private static Row attention(String name, int heads, int side, Random random) {
    int patches = side * side;
    return RowFactory.create(
        name,
        heads,
        side,
        floats((heads + 1) * patches, random),
        floats(heads + 1, random),
        floats(heads + 1, random),
        floats(heads + 1, random),
        floats(heads * (heads - 1) / 2, random));
  }

  private static List<Float> floats(int n, Random random) {
    List<Float> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add((float) random.nextGaussian());
    }
    return out;
  }

  /**
   * The stage as AnalysisRun runs it, from the partial rows (read from Parquet, or the per-image
   * table read as partial rows) to the result tables.
   */
  private static void aggregationStage(Dataset<Row> perImage, Path out) {
    Aggregation.counts(perImage);
    // As AnalysisRun passes them: values that become literal expressions, not joined local rows.
    Map<String, int[]> tapShapes = new LinkedHashMap<>();
    tapShapes.put("stem", new int[] {3, 3});
    tapShapes.put("stage1", new int[] {2, 2});
    Aggregation.activationStats(perImage, List.of("a", "b", "c"), tapShapes)
        .write()
        .parquet(out.resolve("activation_stats").toString());
    Aggregation.confusion(perImage).write().parquet(out.resolve("confusion").toString());
    Aggregation.errors(perImage).write().parquet(out.resolve("errors").toString());
    List<String> names = List.of("a", "b", "c");
    AttentionAggregation.attentionStats(perImage, names)
        .write()
        .parquet(out.resolve("attention_stats").toString());
    AttentionAggregation.rollout(perImage, names)
        .write()
        .parquet(out.resolve("attention_rollout").toString());
    AttentionAggregation.headSimilarity(perImage, List.of(3))
        .write()
        .parquet(out.resolve("head_similarity").toString());
    AttentionAggregation.classImages(perImage, names)
        .write()
        .parquet(out.resolve("class_images").toString());
  }

  @Test
  void everyOperatorOfTheAggregationStageWouldRunOnTheGpu() {
    SparkSession spark = rapids.spark();
    String perImage = writePerImage(spark, "stage");
    String partials = dir.resolve("stage").resolve("partials").toString();
    Partials.fromPerImage(spark.read().parquet(perImage)).write().parquet(partials);
    rapids.clear();
    aggregationStage(spark.read().parquet(partials), dir.resolve("stage").resolve("merged"));
    // --keep-per-image: the per-image table read as partial rows.
    aggregationStage(
        Partials.fromPerImage(spark.read().parquet(perImage)),
        dir.resolve("stage").resolve("per-image"));
    List<String> lines = rapids.lines();
    try {
      java.nio.file.Files.write(
          Path.of(System.getProperty("gaze.repo.root"), "target", "rapids-explain.txt"), lines);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    // Not vacuous: the plugin did explain the stage's operators.
    assertThat(String.join("\n", lines))
        .contains("will run on GPU")
        .contains("HashAggregateExec")
        .contains("GenerateExec")
        .contains("FileSourceScanExec")
        .contains("InsertIntoHadoopFsRelationCommand");
    assertThat(rapids.fallbacks())
        .as("operators of the aggregation stage that would fall back to the CPU")
        .isEmpty();
  }

  @Test
  void aTypedOperationInTheStageIsCaught() {
    SparkSession spark = rapids.spark();
    String perImage = writePerImage(spark, "typed");
    rapids.clear();
    Dataset<Row> perImageRows = spark.read().parquet(perImage);
    perImageRows
        .map(
            (MapFunction<Row, String>) r -> r.getString(0) + "/" + r.getString(1),
            Encoders.STRING())
        .groupBy("value")
        .count()
        .write()
        .parquet(dir.resolve("typed").resolve("out").toString());
    assertThat(String.join("\n", rapids.fallbacks())).contains("cannot run on GPU").contains("Map");
  }
}
