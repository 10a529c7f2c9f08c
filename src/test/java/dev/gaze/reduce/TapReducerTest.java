package dev.gaze.reduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TapReducerTest {

  private static NDManager manager;

  @BeforeAll
  static void start() {
    manager = NDManager.newBaseManager();
  }

  @AfterAll
  static void stop() {
    manager.close();
  }

  /** Random activations, a third of them clamped to exactly zero as after a ReLU, some negative. */
  private static float[] activations(Random random, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      double g = random.nextGaussian() * 2 + 0.5;
      v[i] = random.nextInt(3) == 0 ? 0f : (float) g;
    }
    return v;
  }

  @Test
  void perChannelStatisticsMatchStraightforwardLoops() {
    checkAgainstReference(3, 5, 7, 9, 11L);
  }

  @Test
  void largeMapsArePooledWithPartialLastWindows() {
    // 130 -> window 3 -> 44 rows (the last window covers one row); 70 -> window 2 -> 35 columns.
    checkAgainstReference(2, 3, 130, 70, 12L);
  }

  @Test
  void mapsAtTheLimitAreKeptWhole() {
    checkAgainstReference(1, 2, 64, 64, 13L);
  }

  private static void checkAgainstReference(int b, int c, int h, int w, long seed) {
    float[] data = activations(new Random(seed), b * c * h * w);
    NDArray x = manager.create(data, new Shape(b, c, h, w));
    List<TapStats> stats = TapReducer.reduce("t", x);
    assertThat(stats).hasSize(b);

    int kh = (h + 63) / 64;
    int kw = (w + 63) / 64;
    int mh = (h + kh - 1) / kh;
    int mw = (w + kw - 1) / kw;
    for (int i = 0; i < b; i++) {
      TapStats s = stats.get(i);
      assertThat(s.tap()).isEqualTo("t");
      assertThat(s.mapHeight()).isEqualTo(mh);
      assertThat(s.mapWidth()).isEqualTo(mw);
      double[][] channelAverage = new double[h][w];
      for (int ch = 0; ch < c; ch++) {
        double sum = 0;
        double max = Double.NEGATIVE_INFINITY;
        int zeros = 0;
        for (int y = 0; y < h; y++) {
          for (int xx = 0; xx < w; xx++) {
            float v = data[((i * c + ch) * h + y) * w + xx];
            sum += v;
            max = Math.max(max, v);
            zeros += v <= 0 ? 1 : 0;
            channelAverage[y][xx] += v / (double) c;
          }
        }
        assertThat((double) s.channelMean()[ch]).isCloseTo(sum / (h * w), within(1e-5));
        assertThat((double) s.channelMax()[ch]).isEqualTo(max);
        assertThat((double) s.channelZeroFraction()[ch])
            .isCloseTo(zeros / (double) (h * w), within(1e-6));
      }
      for (int py = 0; py < mh; py++) {
        for (int px = 0; px < mw; px++) {
          double sum = 0;
          int n = 0;
          for (int y = py * kh; y < Math.min(h, (py + 1) * kh); y++) {
            for (int xx = px * kw; xx < Math.min(w, (px + 1) * kw); xx++) {
              sum += channelAverage[y][xx];
              n++;
            }
          }
          assertThat((double) s.spatial()[py * mw + px]).isCloseTo(sum / n, within(1e-5));
        }
      }
    }
  }

  @Test
  void nonNegativeTapsTakeTheShortPathToTheSameResult() {
    float[] data = activations(new Random(21), 3 * 4 * 9 * 9);
    for (int i = 0; i < data.length; i++) {
      data[i] = Math.max(0f, data[i]);
    }
    NDArray x = manager.create(data, new Shape(3, 4, 9, 9));
    List<TapStats> general;
    List<TapStats> relu;
    try (TapReducer.BatchReduction r = new TapReducer.BatchReduction(manager, Set.of())) {
      r.onTap("t", x);
      general = r.finish().get("t");
    }
    try (TapReducer.BatchReduction r = new TapReducer.BatchReduction(manager, Set.of("t"))) {
      r.onTap("t", x);
      relu = r.finish().get("t");
    }
    for (int i = 0; i < 3; i++) {
      assertThat(relu.get(i).channelZeroFraction())
          .containsExactly(general.get(i).channelZeroFraction());
      assertThat(relu.get(i).channelMean()).containsExactly(general.get(i).channelMean());
    }
  }

  @Test
  void severalTapsComeBackInTheirOrderFromOneCopy() {
    NDArray a = manager.create(activations(new Random(5), 2 * 3 * 4 * 4), new Shape(2, 3, 4, 4));
    NDArray b = manager.create(activations(new Random(6), 2 * 5 * 2 * 2), new Shape(2, 5, 2, 2));
    java.util.Map<String, NDArray> taps = new java.util.LinkedHashMap<>();
    taps.put("b", b);
    taps.put("a", a);
    java.util.Map<String, List<TapStats>> both = TapReducer.reduce(taps);
    assertThat(both.keySet()).containsExactly("b", "a");
    for (String tap : List.of("a", "b")) {
      List<TapStats> alone = TapReducer.reduce(tap, taps.get(tap));
      for (int i = 0; i < 2; i++) {
        assertThat(both.get(tap).get(i).channelMax()).containsExactly(alone.get(i).channelMax());
        assertThat(both.get(tap).get(i).spatial()).containsExactly(alone.get(i).spatial());
      }
    }
  }

  @Test
  void predictionsAreTheArgMaxOfTheLogits() {
    NDArray logits = manager.create(new float[] {0.1f, 3f, -1f, 5f, 2f, 4.9f}, new Shape(2, 3));
    assertThat(TapReducer.predictions(logits)).containsExactly(1, 0);
  }

  @Test
  void refusesMisShapedOrEmptyTaps() {
    assertThatThrownBy(() -> TapReducer.reduce("stem", manager.zeros(new Shape(2, 3, 4))))
        .hasMessageContaining("stem")
        .hasMessageContaining("[B, C, H, W]");
    assertThatThrownBy(() -> TapReducer.reduce("stem", manager.zeros(new Shape(2, 0, 4, 4))))
        .hasMessageContaining("empty");
  }

  @Test
  void poolingArithmetic() {
    assertThat(TapReducer.pooledSide(64)).isEqualTo(64);
    assertThat(TapReducer.pooledSide(112)).isEqualTo(56);
    assertThat(TapReducer.pooledSide(224)).isEqualTo(56);
    assertThat(TapReducer.pooledSide(100)).isEqualTo(50);
    assertThat(TapReducer.pooledSide(65)).isEqualTo(33);
  }
}
