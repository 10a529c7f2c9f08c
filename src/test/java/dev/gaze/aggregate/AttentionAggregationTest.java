package dev.gaze.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gaze.TestSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/**
 * The attention tables against plain double loops over the same random per-image rows: per class
 * and dataset-wide, each head's (and the head mean's) map cells and scalar statistics, the rollout,
 * the mean input and the head-pair cosines; a record with an error counts nowhere.
 */
class AttentionAggregationTest {

  private static final String[] TAPS = {"block1.attn", "block2.attn"};
  private static final int HEADS = 3;
  private static final int SIDE = 3;
  private static final int P = SIDE * SIDE;
  private static final int CLASSES = 3;
  private static final int IMAGES = 40;
  private static final int INPUT = 4;

  /** One image's attention values: per tap maps [(H+1) * P], entropy/distance/border [H+1]. */
  private record Image(
      int label,
      float[][] maps,
      float[][] entropy,
      float[][] distance,
      float[][] border,
      float[][] cosine,
      float[] rollout,
      float[] input) {}

  private static float[] random(Random r, int n, double scale, double offset) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (offset + scale * r.nextDouble());
    }
    return v;
  }

  private static List<Image> images() {
    Random r = new Random(7);
    List<Image> out = new ArrayList<>();
    int pairs = HEADS * (HEADS - 1) / 2;
    for (int i = 0; i < IMAGES; i++) {
      int t = TAPS.length;
      float[][] maps = new float[t][];
      float[][] entropy = new float[t][];
      float[][] distance = new float[t][];
      float[][] border = new float[t][];
      float[][] cosine = new float[t][];
      for (int k = 0; k < t; k++) {
        maps[k] = random(r, (HEADS + 1) * P, 0.2, 0);
        entropy[k] = random(r, HEADS + 1, 1, 1.5);
        distance[k] = random(r, HEADS + 1, 2, 0.5);
        border[k] = random(r, HEADS + 1, 1, 0);
        cosine[k] = random(r, pairs, 1, -0.5);
      }
      out.add(
          new Image(
              i % CLASSES,
              maps,
              entropy,
              distance,
              border,
              cosine,
              random(r, P, 0.2, 0),
              random(r, INPUT * INPUT, 1, 0)));
    }
    return out;
  }

  private static Dataset<Row> perImage(List<Image> images) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      Image im = images.get(i);
      List<Row> attention = new ArrayList<>();
      for (int k = 0; k < TAPS.length; k++) {
        attention.add(
            RowFactory.create(
                TAPS[k],
                HEADS,
                SIDE,
                boxed(im.maps[k]),
                boxed(im.entropy[k]),
                boxed(im.distance[k]),
                boxed(im.border[k]),
                boxed(im.cosine[k])));
      }
      rows.add(
          RowFactory.create(
              "s",
              "k" + i,
              im.label,
              im.label,
              null,
              List.of(),
              attention,
              boxed(im.rollout),
              boxed(im.input),
              INPUT,
              INPUT));
    }
    // a record that failed carries nothing and must count nowhere
    rows.add(
        RowFactory.create("s", "broken", 0, null, "bad image", null, null, null, null, null, null));
    return Partials.fromPerImage(TestSpark.session().createDataFrame(rows, Schemas.PER_IMAGE));
  }

  private static List<Float> boxed(float[] v) {
    List<Float> out = new ArrayList<>(v.length);
    for (float x : v) {
      out.add(x);
    }
    return out;
  }

  private static boolean in(Image im, int group) {
    return group < 0 || im.label == group;
  }

  private static void near(double actual, double expected) {
    assertThat(Math.abs(actual - expected))
        .isLessThanOrEqualTo(1e-9 * Math.max(1, Math.abs(expected)));
  }

  private static double number(Row r, String name) {
    return ((Number) r.get(r.fieldIndex(name))).doubleValue();
  }

  private static List<Double> doubles(Row r, String name) {
    return r.getList(r.fieldIndex(name));
  }

  @Test
  void attentionStatsAreMeansAndStandardDeviationsOverEachClass() {
    List<Image> images = images();
    List<String> names = List.of("a", "b", "c");
    List<Row> rows = AttentionAggregation.attentionStats(perImage(images), names).collectAsList();
    assertThat(rows).hasSize((CLASSES + 1) * TAPS.length * (HEADS + 1));
    for (Row row : rows) {
      int group = (int) number(row, "class_id");
      int tap = List.of(TAPS).indexOf(row.getString(row.fieldIndex("tap")));
      int head = (int) number(row, "head");
      int h = head == AttentionAggregation.HEAD_MEAN ? HEADS : head;
      int n = 0;
      double[] cells = new double[P];
      double entropy = 0;
      double distance = 0;
      double border = 0;
      for (Image im : images) {
        if (in(im, group)) {
          n++;
          for (int c = 0; c < P; c++) {
            cells[c] += im.maps[tap][h * P + c];
          }
          entropy += im.entropy[tap][h];
          distance += im.distance[tap][h];
          border += im.border[tap][h];
        }
      }
      double entropyMean = entropy / n;
      double distanceMean = distance / n;
      double entropySq = 0;
      double distanceSq = 0;
      for (Image im : images) {
        if (in(im, group)) {
          entropySq += Math.pow(im.entropy[tap][h] - entropyMean, 2);
          distanceSq += Math.pow(im.distance[tap][h] - distanceMean, 2);
        }
      }
      assertThat((long) number(row, "images")).isEqualTo(n);
      assertThat(row.getString(row.fieldIndex("class_name")))
          .isEqualTo(group < 0 ? ActivationStats.ALL_CLASSES_NAME : names.get(group));
      List<Double> map = doubles(row, "cls_attention");
      assertThat(map).hasSize(P);
      for (int c = 0; c < P; c++) {
        near(map.get(c), cells[c] / n);
      }
      near(number(row, "entropy_mean"), entropyMean);
      near(number(row, "entropy_std"), Math.sqrt(entropySq / n));
      near(number(row, "distance_mean"), distanceMean);
      near(number(row, "distance_std"), Math.sqrt(distanceSq / n));
      near(number(row, "border_fraction"), border / n);
    }
  }

  @Test
  void rolloutClassImagesAndHeadSimilarityAreMeansOverTheirImages() {
    List<Image> images = images();
    Dataset<Row> perImage = perImage(images);
    List<String> names = List.of("a", "b", "c");
    List<Row> rollout = AttentionAggregation.rollout(perImage, names).collectAsList();
    List<Row> inputs = AttentionAggregation.classImages(perImage, names).collectAsList();
    assertThat(rollout).hasSize(CLASSES + 1);
    assertThat(inputs).hasSize(CLASSES + 1);
    for (int k = 0; k <= CLASSES; k++) {
      Row r = rollout.get(k);
      Row in = inputs.get(k);
      int group = (int) number(r, "class_id");
      assertThat((int) number(in, "class_id")).isEqualTo(group);
      int n = 0;
      double[] cells = new double[P];
      double[] pixels = new double[INPUT * INPUT];
      for (Image im : images) {
        if (in(im, group)) {
          n++;
          for (int c = 0; c < P; c++) {
            cells[c] += im.rollout[c];
          }
          for (int c = 0; c < pixels.length; c++) {
            pixels[c] += im.input[c];
          }
        }
      }
      assertThat((long) number(r, "images")).isEqualTo(n);
      assertThat((long) number(in, "images")).isEqualTo(n);
      assertThat((int) number(r, "grid_h")).isEqualTo(SIDE);
      assertThat((int) number(in, "height")).isEqualTo(INPUT);
      for (int c = 0; c < P; c++) {
        near(doubles(r, "rollout").get(c), cells[c] / n);
      }
      for (int c = 0; c < pixels.length; c++) {
        near(doubles(in, "mean").get(c), pixels[c] / n);
      }
    }
    List<Row> pairs = AttentionAggregation.headSimilarity(perImage, List.of(HEADS)).collectAsList();
    assertThat(pairs).hasSize(TAPS.length * HEADS * (HEADS - 1) / 2);
    for (Row p : pairs) {
      int tap = List.of(TAPS).indexOf(p.getString(p.fieldIndex("tap")));
      int a = (int) number(p, "head_a");
      int b = (int) number(p, "head_b");
      int pair = 0;
      for (int i = 0; i < a; i++) {
        pair += HEADS - 1 - i;
      }
      pair += b - a - 1;
      double sum = 0;
      for (Image im : images) {
        sum += im.cosine[tap][pair];
      }
      near(number(p, "cosine"), sum / images.size());
    }
  }
}
