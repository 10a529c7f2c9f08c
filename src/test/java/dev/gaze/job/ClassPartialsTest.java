package dev.gaze.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gaze.TestSpark;
import dev.gaze.aggregate.ActivationStats;
import dev.gaze.aggregate.Aggregation;
import dev.gaze.aggregate.AttentionAggregation;
import dev.gaze.aggregate.Partials;
import dev.gaze.aggregate.Schemas;
import dev.gaze.reduce.AttentionStats;
import dev.gaze.reduce.TapStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.junit.jupiter.api.Test;

/**
 * The inference stage's per-class partial rows give the same result tables as the per-image rows of
 * the same images (which the aggregation tests check against double loops), however the images fall
 * into tasks and however often a task's state is drained; and one statistic straight against a
 * double loop, so that the comparison is not only of two paths with each other.
 */
class ClassPartialsTest {

  private static final int CLASSES = 4;
  private static final int HEADS = 2;
  private static final int SIDE = 2;
  private static final int[] INPUT_SIDE = {4, 4};
  private static final List<String> NAMES = List.of("a", "b", "c", "d");

  private static float[] values(Random r, int n, double offset) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (offset + r.nextGaussian());
    }
    return v;
  }

  private static List<ImageResult> images(int n, long seed) {
    Random r = new Random(seed);
    List<ImageResult> out = new ArrayList<>();
    int patches = SIDE * SIDE;
    for (int i = 0; i < n; i++) {
      int label = r.nextInt(CLASSES);
      if (i % 17 == 5) {
        out.add(ImageResult.failed("shard-" + (i % 3), "k" + i, label, "broken " + i));
        continue;
      }
      List<TapStats> taps =
          List.of(
              new TapStats(
                  "stem",
                  values(r, 3, 500 + label),
                  values(r, 3, 1),
                  values(r, 3, 0),
                  2,
                  2,
                  values(r, 4, label)),
              new TapStats(
                  "stage1",
                  values(r, 5, 2),
                  values(r, 5, 3),
                  values(r, 5, 0),
                  1,
                  1,
                  values(r, 1, 0)));
      List<AttentionStats> attention =
          List.of(
              new AttentionStats(
                  "block1.attn",
                  HEADS,
                  SIDE,
                  values(r, (HEADS + 1) * patches, 0.25),
                  values(r, HEADS + 1, 1.3),
                  values(r, HEADS + 1, 0.8),
                  values(r, HEADS + 1, 0.5),
                  values(r, 1, 0.4)));
      out.add(
          new ImageResult(
              "shard-" + (i % 3),
              "k" + i,
              label,
              r.nextInt(CLASSES),
              null,
              taps,
              attention,
              values(r, patches, 0.25),
              values(r, INPUT_SIDE[0] * INPUT_SIDE[1], 0)));
    }
    return out;
  }

  /** The images cut into tasks of the given sizes, each task's rows as the stage emits them. */
  private static List<Row> partialRows(List<ImageResult> images, int[] taskSizes, long maxBytes) {
    List<Row> rows = new ArrayList<>();
    int next = 0;
    for (int t = 0; next < images.size(); t++) {
      int size = taskSizes[t % taskSizes.length];
      ClassPartials task = new ClassPartials(maxBytes);
      for (ImageResult image : images.subList(next, Math.min(images.size(), next + size))) {
        if (image.error() != null) {
          rows.add(ClassPartials.errorRow(image));
        } else {
          task.add(image, INPUT_SIDE);
          if (task.isFull()) {
            rows.addAll(task.drain());
          }
        }
      }
      rows.addAll(task.drain());
      next += size;
    }
    return rows;
  }

  private static Map<String, List<Row>> tables(Dataset<Row> partials) {
    Map<String, int[]> shapes = new LinkedHashMap<>();
    shapes.put("stem", new int[] {8, 8});
    shapes.put("stage1", new int[] {1, 1});
    Map<String, Function<Dataset<Row>, Dataset<Row>>> all = new LinkedHashMap<>();
    all.put("activation_stats", p -> Aggregation.activationStats(p, NAMES, shapes));
    all.put("confusion", Aggregation::confusion);
    all.put("errors", Aggregation::errors);
    all.put("attention_stats", p -> AttentionAggregation.attentionStats(p, NAMES));
    all.put("attention_rollout", p -> AttentionAggregation.rollout(p, NAMES));
    all.put("head_similarity", p -> AttentionAggregation.headSimilarity(p, List.of(HEADS)));
    all.put("class_images", p -> AttentionAggregation.classImages(p, NAMES));
    Map<String, List<Row>> out = new LinkedHashMap<>();
    all.forEach((name, table) -> out.put(name, table.apply(partials).collectAsList()));
    return out;
  }

  private static Map<String, List<Row>> perImageTables(
      SparkSession spark, List<ImageResult> images) {
    List<Row> rows = new ArrayList<>();
    for (ImageResult image : images) {
      rows.add(InferencePartition.toRow(image, INPUT_SIDE));
    }
    return tables(Partials.fromPerImage(spark.createDataFrame(rows, Schemas.PER_IMAGE)));
  }

  @Test
  void partialRowsGiveThePerImageTablesHoweverTheImagesAreCut() {
    SparkSession spark = TestSpark.session();
    List<ImageResult> images = images(300, 11);
    Map<String, List<Row>> expected = perImageTables(spark, images);
    // One task; tasks of 7, 50 and 1 images; tasks of 64 whose state is drained after each image.
    Map<int[], Long> cuts = new LinkedHashMap<>();
    cuts.put(new int[] {300}, 1L << 30);
    cuts.put(new int[] {7, 50, 1}, 1L << 30);
    cuts.put(new int[] {64}, 1L);
    for (Map.Entry<int[], Long> cut : cuts.entrySet()) {
      List<Row> rows = partialRows(images, cut.getKey(), cut.getValue());
      Map<String, List<Row>> actual =
          tables(spark.createDataFrame(rows, Schemas.PARTIAL).repartition(3));
      for (String table : expected.keySet()) {
        assertSameRows(table, actual.get(table), expected.get(table));
      }
    }
  }

  @Test
  void channelSpreadEqualsATwoPassComputation() {
    SparkSession spark = TestSpark.session();
    List<ImageResult> images = images(200, 5);
    List<Row> stats =
        tables(spark.createDataFrame(partialRows(images, new int[] {9, 31}, 1), Schemas.PARTIAL))
            .get("activation_stats");
    // A class, and the dataset-wide group merged from the tasks' own rows of all their images.
    assertSpreadOfStemChannel1(stats, images, 2);
    assertSpreadOfStemChannel1(stats, images, ActivationStats.ALL_CLASSES);
  }

  @Test
  void aTaskDrainsItsClassesThenOneRowOfAllItsImagesWithoutPredictions() {
    List<ImageResult> images = images(40, 7).stream().filter(i -> i.error() == null).toList();
    ClassPartials task = new ClassPartials(1L << 30);
    images.forEach(i -> task.add(i, INPUT_SIDE));
    List<Row> rows = task.drain();
    long classes = images.stream().map(ImageResult::label).distinct().count();
    assertThat(rows).hasSize((int) classes + 1);
    // The drained rows carry no schema: their fields by Schemas.PARTIAL's positions.
    int classId = Schemas.PARTIAL.fieldIndex("class_id");
    int count = Schemas.PARTIAL.fieldIndex("images");
    int predictions = Schemas.PARTIAL.fieldIndex("predictions");
    Row all = rows.get(rows.size() - 1);
    assertThat(all.getInt(classId)).isEqualTo(ActivationStats.ALL_CLASSES);
    assertThat(all.getLong(count)).isEqualTo(images.size());
    assertThat(all.isNullAt(predictions)).isTrue();
    long perClass = 0;
    for (Row r : rows.subList(0, rows.size() - 1)) {
      perClass += r.getLong(count);
      assertThat((Object[]) r.get(predictions)).isNotEmpty();
    }
    assertThat(perClass).isEqualTo(images.size());
    assertThat(task.isEmpty()).isTrue();
  }

  private static void assertSpreadOfStemChannel1(
      List<Row> stats, List<ImageResult> images, int classId) {
    Row row =
        stats.stream()
            .filter(r -> r.<Integer>getAs("class_id") == classId && r.getAs("tap").equals("stem"))
            .findFirst()
            .orElseThrow();
    List<Double> xs = new ArrayList<>();
    for (ImageResult image : images) {
      if (image.error() == null
          && (classId == ActivationStats.ALL_CLASSES || image.label() == classId)) {
        xs.add((double) image.taps().get(0).channelMean()[1]);
      }
    }
    double mean = xs.stream().mapToDouble(Double::doubleValue).sum() / xs.size();
    double squares = xs.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum();
    assertThat(row.<Long>getAs("images")).isEqualTo(xs.size());
    assertThat((Double) row.getList(row.fieldIndex("channel_mean")).get(1))
        .isCloseTo(mean, within(1e-9 * mean));
    assertThat((Double) row.getList(row.fieldIndex("channel_std")).get(1))
        .isCloseTo(Math.sqrt(squares / xs.size()), within(1e-9));
  }

  @Test
  void anImageWithOtherTapsIsRefused() {
    List<ImageResult> images = images(20, 3);
    ClassPartials task = new ClassPartials(1L << 30);
    ImageResult first = images.stream().filter(i -> i.error() == null).findFirst().orElseThrow();
    task.add(first, INPUT_SIDE);
    ImageResult fewer =
        new ImageResult(
            first.source(),
            "odd",
            first.label(),
            0,
            null,
            first.taps().subList(0, 1),
            first.attention(),
            first.rollout(),
            first.inputMap());
    assertThatThrownBy(() -> task.add(fewer, INPUT_SIDE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("other taps");
  }

  private static void assertSameRows(String table, List<Row> actual, List<Row> expected) {
    assertThat(actual).as(table).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      Row a = actual.get(i);
      Row e = expected.get(i);
      assertThat(a.length()).isEqualTo(e.length());
      for (int f = 0; f < e.length(); f++) {
        String where = table + " row " + i + " " + e.schema().fields()[f].name();
        if (e.schema().fields()[f].dataType() instanceof ArrayType && !e.isNullAt(f)) {
          List<Object> ea = e.getList(f);
          List<Object> aa = a.getList(f);
          assertThat(aa).as(where).hasSameSizeAs(ea);
          for (int k = 0; k < ea.size(); k++) {
            assertSameValue(where + "[" + k + "]", aa.get(k), ea.get(k));
          }
        } else {
          assertSameValue(where, a.get(f), e.get(f));
        }
      }
    }
  }

  private static void assertSameValue(String where, Object actual, Object expected) {
    if (expected instanceof Double d) {
      assertThat((Double) actual).as(where).isCloseTo(d, within(1e-9 * Math.max(1, Math.abs(d))));
    } else {
      assertThat(actual).as(where).isEqualTo(expected);
    }
  }
}
