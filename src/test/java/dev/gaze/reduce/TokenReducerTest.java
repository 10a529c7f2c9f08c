package dev.gaze.reduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The stacked token reduction against {@link TapReducer} on the patch-token feature map, for taps
 * that share a shape (reduced together) and one that does not.
 */
class TokenReducerTest {

  private static NDArray tokens(NDManager m, Random random, int batch, int tokens, int width) {
    float[] v = new float[batch * tokens * width];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return m.create(v, new Shape(batch, tokens, width));
  }

  @Test
  void equalsTheFeatureMapReductionOfThePatchTokens() {
    Random random = new Random(3);
    try (NDManager m = NDManager.newBaseManager(Device.cpu());
        TokenReducer reducer = new TokenReducer(m)) {
      List<NDArray> taps =
          List.of(
              tokens(m, random, 4, 10, 6),
              tokens(m, random, 4, 10, 6),
              tokens(m, random, 4, 17, 3),
              tokens(m, random, 4, 10, 6));
      List<String> names = List.of("block1", "block2", "wide", "block3");
      Map<String, List<TapStats>> expected = new java.util.LinkedHashMap<>();
      for (int i = 0; i < taps.size(); i++) {
        expected.putAll(
            TapReducer.reduce(
                Map.of(names.get(i), ModelReduction.patchMap(names.get(i), taps.get(i)))));
      }
      for (int i = 0; i < taps.size(); i++) {
        try (NDManager scratch = m.newSubManager()) {
          NDArray copy = taps.get(i).duplicate();
          copy.attach(scratch);
          reducer.onTokens(names.get(i), copy); // taken over: closing scratch must not free it
        }
      }
      Map<String, List<TapStats>> actual = reducer.finish();
      assertThat(actual.keySet()).containsExactlyElementsOf(names);
      for (String tap : names) {
        for (int b = 0; b < 4; b++) {
          TapStats x = actual.get(tap).get(b);
          TapStats y = expected.get(tap).get(b);
          assertThat(x.mapHeight()).isEqualTo(y.mapHeight());
          assertThat(x.mapWidth()).isEqualTo(y.mapWidth());
          close(x.channelMean(), y.channelMean());
          close(x.channelMax(), y.channelMax());
          close(x.channelZeroFraction(), y.channelZeroFraction());
          close(x.spatial(), y.spatial());
        }
      }
    }
  }

  @Test
  void theFoldedMaximumIsTheMaximumForEveryCount() {
    Random random = new Random(3);
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      for (int n = 1; n <= 37; n++) {
        int g = 2;
        int b = 3;
        int d = 5;
        float[] v = new float[g * b * n * d];
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) random.nextGaussian();
        }
        float[] expected = new float[g * b * d];
        java.util.Arrays.fill(expected, Float.NEGATIVE_INFINITY);
        for (int x = 0; x < g * b; x++) {
          for (int p = 0; p < n; p++) {
            for (int c = 0; c < d; c++) {
              expected[x * d + c] = Math.max(expected[x * d + c], v[(x * n + p) * d + c]);
            }
          }
        }
        float[] actual =
            TokenReducer.maxOverPatches(m.create(v, new Shape(g, b, n, d))).toFloatArray();
        assertThat(actual).as("n = " + n).containsExactly(expected);
      }
    }
  }

  @Test
  void tokensThatAreNotAGridAreAnErrorNamingTheTap() {
    try (NDManager m = NDManager.newBaseManager(Device.cpu());
        TokenReducer reducer = new TokenReducer(m)) {
      NDArray bad = m.zeros(new Shape(2, 11, 4));
      assertThat(TokenReducer.handles(bad.getShape())).isFalse();
      assertThatThrownBy(() -> reducer.onTokens("block7", bad)).hasMessageContaining("block7");
    }
  }

  private static void close(float[] actual, float[] expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < actual.length; i++) {
      assertThat(actual[i]).isCloseTo(expected[i], Offset.offset(1e-6f));
    }
  }
}
