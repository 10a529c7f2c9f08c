package dev.gaze.aggregate;

import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gaze.TestSpark;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class AggregationTest {

  private static final String[] TAPS = {"stem", "stage1"};
  private static final int[] CHANNELS = {3, 5};
  private static final int[][] MAP = {{4, 4}, {2, 3}};

  /** One synthetic image: per tap, random per-channel statistics and a random map. */
  private record Image(int label, int predicted, float[][][] perTap) {}

  private static List<Image> images(int n, int classes, long seed) {
    Random random = new Random(seed);
    List<Image> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int label = random.nextInt(classes);
      float[][][] perTap = new float[TAPS.length][][];
      for (int t = 0; t < TAPS.length; t++) {
        int c = CHANNELS[t];
        float[] mean = new float[c];
        float[] max = new float[c];
        float[] zero = new float[c];
        for (int k = 0; k < c; k++) {
          // A large offset makes naive E[x^2] - E[x]^2 lose digits; the result must not.
          mean[k] = (float) (1000 + 10 * label + random.nextGaussian());
          max[k] = (float) (mean[k] + Math.abs(random.nextGaussian()));
          zero[k] = random.nextFloat();
        }
        float[] map = new float[MAP[t][0] * MAP[t][1]];
        for (int p = 0; p < map.length; p++) {
          map[p] = (float) (label * p + random.nextGaussian());
        }
        perTap[t] = new float[][] {mean, max, zero, map};
      }
      out.add(new Image(label, random.nextInt(classes), perTap));
    }
    return out;
  }

  private static Dataset<Row> perImage(SparkSession spark, List<Image> images, int partitions) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      Image im = images.get(i);
      List<Row> taps = new ArrayList<>();
      for (int t = 0; t < TAPS.length; t++) {
        float[][] v = im.perTap()[t];
        taps.add(
            RowFactory.create(
                TAPS[t], boxed(v[0]), boxed(v[1]), boxed(v[2]), MAP[t][0], MAP[t][1], boxed(v[3])));
      }
      rows.add(RowFactory.create("shard-a", "k" + i, im.label(), im.predicted(), null, taps));
    }
    rows.add(RowFactory.create("shard-b", "broken", 1, null, "empty image (0 bytes)", null));
    rows.add(RowFactory.create("shard-a", "nolabel", null, null, "no label (.cls member)", null));
    return Partials.fromPerImage(
        spark.createDataFrame(rows, Schemas.PER_IMAGE).repartition(partitions));
  }

  private static List<Float> boxed(float[] v) {
    List<Float> out = new ArrayList<>(v.length);
    for (float f : v) {
      out.add(f);
    }
    return out;
  }

  private static Dataset<Row> classNames(SparkSession spark) {
    return spark.createDataFrame(
        List.of(RowFactory.create(0, "zero"), RowFactory.create(1, "one")), Schemas.CLASS_NAMES);
  }

  private static Dataset<Row> tapShapes(SparkSession spark) {
    return spark.createDataFrame(
        List.of(RowFactory.create("stem", 8, 8), RowFactory.create("stage1", 2, 3)),
        Schemas.TAP_SHAPES);
  }

  @Test
  void activationStatsMatchTwoPassReference() {
    SparkSession spark = TestSpark.session();
    int classes = 3;
    List<Image> images = images(600, classes, 42);
    List<Row> rows =
        Aggregation.activationStats(perImage(spark, images, 3), classNames(spark), tapShapes(spark))
            .collectAsList();

    // classes 0..2 plus the dataset-wide group, for each tap
    assertThat(rows).hasSize((classes + 1) * TAPS.length);
    for (Row row : rows) {
      int group = row.getAs("class_id");
      String tap = row.getAs("tap");
      int t = tap.equals("stem") ? 0 : 1;
      List<Image> members =
          images.stream().filter(im -> group == -1 || im.label() == group).toList();
      assertThat(row.<String>getAs("class_name"))
          .isEqualTo(
              switch (group) {
                case -1 -> "(all)";
                case 0 -> "zero";
                case 1 -> "one";
                default -> String.valueOf(group);
              });
      assertThat(row.<Long>getAs("images")).isEqualTo(members.size());
      assertThat(row.<Integer>getAs("channels")).isEqualTo(CHANNELS[t]);
      assertThat(row.<Integer>getAs("height")).isEqualTo(MAP[t][0]);
      assertThat(row.<Integer>getAs("width")).isEqualTo(MAP[t][1]);
      assertThat(row.<Integer>getAs("tap_height")).isEqualTo(t == 0 ? 8 : 2);
      for (int k = 0; k < CHANNELS[t]; k++) {
        double[] mean = column(members, t, 0, k);
        assertClose(row.getList(row.fieldIndex("channel_mean")).get(k), mean(mean));
        assertClose(row.getList(row.fieldIndex("channel_std")).get(k), populationStd(mean));
        assertClose(
            row.getList(row.fieldIndex("channel_max")).get(k), mean(column(members, t, 1, k)));
        assertClose(
            row.getList(row.fieldIndex("channel_zero_fraction")).get(k),
            mean(column(members, t, 2, k)));
      }
      List<Object> spatial = row.getList(row.fieldIndex("spatial_mean"));
      assertThat(spatial).hasSize(MAP[t][0] * MAP[t][1]);
      for (int p = 0; p < spatial.size(); p++) {
        assertClose(spatial.get(p), mean(column(members, t, 3, p)));
      }
    }
  }

  private static double[] column(List<Image> images, int tap, int stat, int index) {
    return images.stream().mapToDouble(im -> im.perTap()[tap][stat][index]).toArray();
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  private static double populationStd(double[] v) {
    double m = mean(v);
    double s = 0;
    for (double x : v) {
      s += (x - m) * (x - m);
    }
    return Math.sqrt(s / v.length);
  }

  private static void assertClose(Object actual, double expected) {
    assertThat((Double) actual).isCloseTo(expected, within(1e-9 * Math.max(1, Math.abs(expected))));
  }

  @Test
  void statisticsDoNotDependOnPartitioning() {
    SparkSession spark = TestSpark.session();
    List<Image> images = images(300, 2, 7);
    List<Row> one =
        Aggregation.activationStats(perImage(spark, images, 1), classNames(spark), tapShapes(spark))
            .collectAsList();
    List<Row> eight =
        Aggregation.activationStats(perImage(spark, images, 8), classNames(spark), tapShapes(spark))
            .collectAsList();
    assertThat(eight).hasSameSizeAs(one);
    for (int i = 0; i < one.size(); i++) {
      for (String field : List.of("channel_mean", "channel_std", "spatial_mean")) {
        List<Object> a = one.get(i).getList(one.get(i).fieldIndex(field));
        List<Object> b = eight.get(i).getList(eight.get(i).fieldIndex(field));
        for (int k = 0; k < a.size(); k++) {
          assertClose(b.get(k), (Double) a.get(k));
        }
      }
    }
  }

  @Test
  void standardDeviationStaysExactAtAMillionImages() {
    SparkSession spark = TestSpark.session();
    int n = 1_000_000;
    // x_i = 1e4 + ((i * 7919) mod 1000) / 1000, as float32: a tiny spread on a large offset.
    String value = "cast(10000 + ((id * 7919) % 1000) / 1000.0 as float)";
    Dataset<Row> perImage =
        spark
            .range(0, n, 1, 4)
            .selectExpr(
                "'s' as source",
                "cast(id as string) as key",
                "0 as class_id",
                "0 as predicted_id",
                "cast(null as string) as error",
                "array(named_struct('tap', 't', 'channel_mean', array("
                    + value
                    + "), 'channel_max', array("
                    + value
                    + "), 'channel_zero_fraction', array(cast(0 as float)), 'map_height', 1,"
                    + " 'map_width', 1, 'spatial', array("
                    + value
                    + "))) as taps");
    for (org.apache.spark.sql.types.StructField f : Schemas.PER_IMAGE.fields()) {
      if (!List.of(perImage.columns()).contains(f.name())) {
        perImage = perImage.withColumn(f.name(), lit(null).cast(f.dataType()));
      }
    }
    Row row =
        Aggregation.activationStats(
                Partials.fromPerImage(perImage),
                classNames(spark),
                spark.createDataFrame(List.of(RowFactory.create("t", 1, 1)), Schemas.TAP_SHAPES))
            .where("class_id = 0")
            .first();
    double[] xs = new double[n];
    for (int i = 0; i < n; i++) {
      xs[i] = (float) (10000 + ((i * 7919L) % 1000) / 1000.0);
    }
    assertThat(row.<Long>getAs("images")).isEqualTo(n);
    assertThat((Double) row.getList(row.fieldIndex("channel_mean")).get(0))
        .isCloseTo(mean(xs), within(1e-9));
    assertThat((Double) row.getList(row.fieldIndex("channel_std")).get(0))
        .isCloseTo(populationStd(xs), within(1e-9 * populationStd(xs)));
  }

  @Test
  void confusionCountsPairsAndErrorsKeepEveryBrokenRecord() {
    SparkSession spark = TestSpark.session();
    List<Image> images = images(200, 3, 3);
    Dataset<Row> perImage = perImage(spark, images, 2);
    Map<String, Long> expected = new HashMap<>();
    for (Image im : images) {
      expected.merge(im.label() + "->" + im.predicted(), 1L, Long::sum);
    }
    Map<String, Long> actual = new HashMap<>();
    for (Row r : Aggregation.confusion(perImage).collectAsList()) {
      actual.put(r.getInt(0) + "->" + r.getInt(1), r.getLong(2));
    }
    assertThat(actual).isEqualTo(expected);

    List<Row> errors = Aggregation.errors(perImage).collectAsList();
    assertThat(errors)
        .extracting(r -> r.getString(0) + "/" + r.getString(1) + ": " + r.getString(2))
        .containsExactly(
            "shard-a/nolabel: no label (.cls member)", "shard-b/broken: empty image (0 bytes)");
  }
}
