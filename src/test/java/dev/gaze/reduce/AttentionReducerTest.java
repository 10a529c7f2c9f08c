package dev.gaze.reduce;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.gaze.stats.AttentionMath;
import dev.gaze.stats.PatchGrid;
import dev.gaze.stats.RandomAttention;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The device reduction against {@link AttentionMath}, and a batch against its images one by one.
 */
class AttentionReducerTest {

  private static final int HEADS = 4;
  private static final int SIDE = 7;
  private static final int T = SIDE * SIDE + 1;
  private static final int DEPTH = 3;
  private static final int BATCH = 5;

  /** {@code [depth][batch]} random attention tensors, as float and back to double. */
  private static double[][][] attention(long seed) {
    Random random = new Random(seed);
    double[][][] out = new double[DEPTH][BATCH][];
    for (int l = 0; l < DEPTH; l++) {
      for (int b = 0; b < BATCH; b++) {
        double[] a = RandomAttention.of(random, HEADS, T, 2.0);
        for (int i = 0; i < a.length; i++) {
          a[i] = (float) a[i];
        }
        out[l][b] = a;
      }
    }
    return out;
  }

  private static NDArray batch(NDManager m, double[][] images, int from, int to) {
    int size = HEADS * T * T;
    float[] v = new float[(to - from) * size];
    for (int b = from; b < to; b++) {
      for (int i = 0; i < size; i++) {
        v[(b - from) * size + i] = (float) images[b][i];
      }
    }
    return m.create(v, new Shape(to - from, HEADS, T, T));
  }

  private static AttentionReducer.Result reduce(double[][][] a, int from, int to) {
    try (NDManager m = NDManager.newBaseManager(Device.cpu());
        AttentionReducer r = new AttentionReducer(m, true)) {
      for (int l = 0; l < DEPTH; l++) {
        try (NDManager scratch = m.newSubManager()) {
          r.onAttention("block" + (l + 1) + ".attn", batch(scratch, a[l], from, to));
        }
      }
      return r.finish();
    }
  }

  private static void near(float actual, double expected) {
    assertThat(Math.abs(actual - expected))
        .isLessThanOrEqualTo(1e-5 * Math.max(1, Math.abs(expected)));
  }

  @Test
  void deviceStatisticsEqualTheDoubleDefinitions() {
    double[][][] a = attention(1);
    AttentionReducer.Result result = reduce(a, 0, BATCH);
    PatchGrid grid = new PatchGrid(SIDE);
    for (int b = 0; b < BATCH; b++) {
      List<double[]> means = new ArrayList<>();
      for (int l = 0; l < DEPTH; l++) {
        AttentionStats s = result.perImage().get(b).get(l);
        assertThat(s.tap()).isEqualTo("block" + (l + 1) + ".attn");
        double[] mean = AttentionMath.headMean(a[l][b], HEADS, T);
        means.add(mean);
        double[][] maps = new double[HEADS + 1][];
        for (int h = 0; h <= HEADS; h++) {
          double[] src = h < HEADS ? a[l][b] : mean;
          int head = h < HEADS ? h : 0;
          maps[h] = AttentionMath.classMap(src, head, T);
          float[] map = s.classMap(h);
          for (int i = 0; i < maps[h].length; i++) {
            near(map[i], maps[h][i]);
          }
          near(s.entropy()[h], AttentionMath.entropy(maps[h]));
          near(s.distance()[h], AttentionMath.meanDistance(src, head, grid));
          near(s.borderFraction()[h], AttentionMath.borderFraction(maps[h], grid));
        }
        int k = 0;
        for (int x = 0; x < HEADS; x++) {
          for (int y = x + 1; y < HEADS; y++) {
            near(s.cosine()[k++], AttentionMath.cosine(maps[x], maps[y]));
          }
        }
      }
      double[] rollout = AttentionMath.rollout(means, T);
      for (int i = 0; i < rollout.length; i++) {
        near(result.rollout().get(b)[i], rollout[i]);
      }
    }
  }

  @Test
  void aBatchEqualsItsImagesOneAtATime() {
    double[][][] a = attention(2);
    AttentionReducer.Result all = reduce(a, 0, BATCH);
    for (int b = 0; b < BATCH; b++) {
      AttentionReducer.Result one = reduce(a, b, b + 1);
      for (int l = 0; l < DEPTH; l++) {
        AttentionStats x = all.perImage().get(b).get(l);
        AttentionStats y = one.perImage().get(0).get(l);
        for (float[][] pair :
            new float[][][] {
              {x.classMaps(), y.classMaps()},
              {x.entropy(), y.entropy()},
              {x.distance(), y.distance()},
              {x.borderFraction(), y.borderFraction()},
              {x.cosine(), y.cosine()},
              {all.rollout().get(b), one.rollout().get(0)}
            }) {
          assertThat(pair[0]).hasSameSizeAs(pair[1]);
          for (int i = 0; i < pair[0].length; i++) {
            near(pair[0][i], pair[1][i]);
          }
        }
      }
    }
  }

  @Test
  void zerosInTheClassTokenRowAddNothingToTheEntropy() {
    // one head, a 2x2 grid: the class token attends to itself and two patches only
    int t = 5;
    float[] a = new float[t * t];
    a[0] = 0.2f;
    a[1] = 0.5f;
    a[3] = 0.3f;
    for (int q = 1; q < t; q++) {
      java.util.Arrays.fill(a, q * t, (q + 1) * t, 0.2f);
    }
    double[] expected = {0.5 / 0.8, 0, 0.3 / 0.8, 0};
    try (NDManager m = NDManager.newBaseManager(Device.cpu());
        AttentionReducer r = new AttentionReducer(m, false)) {
      r.onAttention("block1.attn", m.create(a, new Shape(1, 1, t, t)));
      AttentionStats s = r.finish().perImage().get(0).get(0);
      for (int h = 0; h <= 1; h++) {
        float[] map = s.classMap(h);
        for (int i = 0; i < expected.length; i++) {
          near(map[i], expected[i]);
        }
        assertThat(s.entropy()[h]).isFinite();
        near(s.entropy()[h], AttentionMath.entropy(expected));
      }
    }
  }

  private static String failure(float[] values, Shape shape) {
    try (NDManager m = NDManager.newBaseManager(Device.cpu());
        AttentionReducer r = new AttentionReducer(m, false)) {
      r.onAttention("block2.attn", m.create(values, shape));
      r.finish();
      return null;
    } catch (IllegalStateException e) {
      return e.getMessage();
    }
  }

  @Test
  void capturesThatAreNotProbabilitiesAreErrorsNamingTheTap() {
    float[] uniform = new float[2 * 5 * 5];
    java.util.Arrays.fill(uniform, 0.2f);
    assertThat(failure(uniform, new Shape(1, 2, 5, 5))).isNull();

    float[] unnormalised = uniform.clone();
    unnormalised[7] = 0.21f;
    assertThat(failure(unnormalised, new Shape(1, 2, 5, 5)))
        .contains("block2.attn")
        .contains("not normalised");

    float[] negative = uniform.clone();
    negative[0] = -0.1f;
    negative[1] = 0.5f;
    assertThat(failure(negative, new Shape(1, 2, 5, 5)))
        .contains("block2.attn")
        .contains("negative");

    float[] nan = uniform.clone();
    nan[3] = Float.NaN;
    assertThat(failure(nan, new Shape(1, 2, 5, 5))).contains("block2.attn").contains("NaN");

    assertThat(failure(new float[0], new Shape(1, 0, 5, 5)))
        .contains("block2.attn")
        .contains("empty");
    assertThat(failure(new float[25], new Shape(1, 5, 5)))
        .contains("block2.attn")
        .contains("shape");
    assertThat(failure(new float[36], new Shape(1, 1, 6, 6)))
        .contains("block2.attn")
        .contains("square grid");
    float[] zeros = new float[50];
    assertThat(failure(zeros, new Shape(1, 2, 5, 5)))
        .contains("block2.attn")
        .contains("not normalised");
  }
}
