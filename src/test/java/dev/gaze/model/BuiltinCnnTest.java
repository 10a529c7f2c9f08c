package dev.gaze.model;

import static dev.gaze.model.HookedModelChecks.assertHookedLogitsEqualPlain;
import static dev.gaze.model.HookedModelChecks.randomInput;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import java.io.DataInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BuiltinCnnTest {

  private static HookedModel model;

  @BeforeAll
  static void load() {
    model = BuiltinModels.load("demo-cnn", Device.cpu());
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void hookedLogitsEqualPlainLogits() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      assertHookedLogitsEqualPlain(
          model, manager, randomInput(model, manager, 4, 1), new Shape(4, 10));
    }
  }

  @Test
  void listenerSeesTheSameTapsInForwardOrderAndTheSameLogits() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NDArray x = randomInput(model, manager, 3, 4);
      Set<String> taps = Set.of("stage2", "stem");
      TappedOutput kept = model.forward(manager, x, taps);
      java.util.List<String> order = new java.util.ArrayList<>();
      java.util.Map<String, float[]> seen = new java.util.HashMap<>();
      float[] logits =
          model
              .forward(
                  manager,
                  x,
                  taps,
                  (name, value) -> {
                    order.add(name);
                    seen.put(name, value.toFloatArray());
                  })
              .toFloatArray();
      assertThat(order).containsExactly("stem", "stage2");
      assertThat(logits).containsExactly(kept.logits().toFloatArray());
      for (String tap : taps) {
        assertThat(seen.get(tap)).containsExactly(kept.taps().get(tap).toFloatArray());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 5})
  void tapShapesMatchTheirSpecs(int batch) {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      TappedOutput out =
          model.forward(
              manager, randomInput(model, manager, batch, 2), Set.copyOf(model.info().tapNames()));
      assertThat(out.taps().keySet()).containsExactlyElementsOf(model.info().tapNames());
      for (TapSpec spec : model.info().taps()) {
        long[] expected = new long[spec.shape().length + 1];
        expected[0] = batch;
        System.arraycopy(spec.shape(), 0, expected, 1, spec.shape().length);
        assertThat(out.taps().get(spec.name()).getShape().getShape())
            .as(spec.name())
            .containsExactly(expected);
        // Every tap is a post-ReLU feature map.
        assertThat(out.taps().get(spec.name()).min().getFloat()).isGreaterThanOrEqualTo(0f);
      }
    }
  }

  @Test
  void keepsOnlyTheRequestedTapsInForwardOrder() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      TappedOutput out =
          model.forward(manager, randomInput(model, manager, 2, 3), Set.of("stage3", "stem"));
      assertThat(out.taps().keySet()).containsExactly("stem", "stage3");
      assertThat(model.forward(manager, randomInput(model, manager, 2, 3), Set.of()).taps())
          .isEmpty();
    }
  }

  @Test
  void unknownTapNamesTheValidOnes() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NDArray x = randomInput(model, manager, 1, 4);
      assertThatThrownBy(() -> model.forward(manager, x, Set.of("stage9")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "unknown tap 'stage9' for model 'demo-cnn'; valid: stem, stage1, stage2, stage3");
    }
  }

  @Test
  void wrongInputShapeIsRejected() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NDArray x = manager.zeros(new Shape(2, 3, 28, 28));
      assertThatThrownBy(() -> model.forwardPlain(manager, x))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("model 'demo-cnn' needs input [B, 1, 28, 28], got (2, 3, 28, 28)");
    }
  }

  @Test
  void resultsBelongToTheCallersManagerAndTheInputSurvives() {
    try (NDManager outer = NDManager.newBaseManager(Device.cpu())) {
      NDArray x = randomInput(model, outer, 2, 5);
      NDArray logits;
      NDArray tap;
      try (NDManager call = outer.newSubManager()) {
        TappedOutput out = model.forward(call, x, Set.of("stage2"));
        logits = out.logits();
        tap = out.taps().get("stage2");
        assertThat(logits.getManager()).isSameAs(call);
        assertThat(tap.getManager()).isSameAs(call);
        assertThat(x.getManager()).isSameAs(outer);
      }
      assertThat(logits.isReleased()).isTrue();
      assertThat(tap.isReleased()).isTrue();
      assertThat(x.isReleased()).isFalse();
      assertThat(x.getShape()).isEqualTo(new Shape(2, 1, 28, 28));
    }
  }

  /** The stage-by-stage run equals DJL's own forward of the whole block on the same weights. */
  @Test
  void equalsTheWholeBlocksForward() throws Exception {
    SequentialBlock block = DemoCnn.newBlock();
    try (NDManager params = NDManager.newBaseManager(Device.cpu());
        InputStream in = BuiltinModels.class.getResourceAsStream(BuiltinModels.DEMO_CNN_RESOURCE);
        NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      block.loadParameters(params, new DataInputStream(in));
      NDArray x = randomInput(model, manager, 3, 6);
      NDArray whole =
          block
              .forward(new ParameterStore(manager, false), new NDList(x), false)
              .singletonOrThrow();
      float[] expected = whole.toFloatArray();
      assertThat(model.forwardPlain(manager, x).toFloatArray())
          .containsExactly(expected, offset(1e-5f));
    }
  }

  /** The stage3 tap is what the head sees: logits = W * mean_hw(stage3) + b, computed here. */
  @Test
  void headOfTheLastTapGivesTheLogits() throws Exception {
    SequentialBlock block = DemoCnn.newBlock();
    try (NDManager params = NDManager.newBaseManager(Device.cpu());
        InputStream in = BuiltinModels.class.getResourceAsStream(BuiltinModels.DEMO_CNN_RESOURCE);
        NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      block.loadParameters(params, new DataInputStream(in));
      Block head = block.getChildren().get(4).getValue();
      Block linear = head.getChildren().get(2).getValue();
      float[] w = linear.getParameters().get("weight").getArray().toFloatArray();
      float[] b = linear.getParameters().get("bias").getArray().toFloatArray();
      TappedOutput out =
          model.forward(manager, randomInput(model, manager, 2, 7), Set.of("stage3"));
      float[] tap = out.taps().get("stage3").toFloatArray();
      float[] logits = out.logits().toFloatArray();
      int channels = (int) out.taps().get("stage3").getShape().get(1);
      int area = 49;
      for (int n = 0; n < 2; n++) {
        for (int c = 0; c < 10; c++) {
          double sum = b[c];
          for (int k = 0; k < channels; k++) {
            double mean = 0;
            for (int p = 0; p < area; p++) {
              mean += tap[(n * channels + k) * area + p];
            }
            sum += w[c * channels + k] * (mean / area);
          }
          assertThat(logits[n * 10 + c]).isCloseTo((float) sum, offset(1e-4f));
        }
      }
    }
  }

  @Test
  void concurrentForwardsEqualSequentialOnes() throws Exception {
    int rounds = 6;
    List<float[]> sequential = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      sequential.add(logitsOf(r));
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<float[]>> futures = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        int seed = r;
        futures.add(pool.submit(() -> logitsOf(seed)));
      }
      for (int r = 0; r < rounds; r++) {
        assertThat(futures.get(r).get()).as("round " + r).containsExactly(sequential.get(r));
      }
    } finally {
      pool.shutdown();
    }
  }

  private static float[] logitsOf(int seed) {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NDArray x = randomInput(model, manager, 8, 100 + seed);
      return model.forward(manager, x, Set.of("stage1", "stage3")).logits().toFloatArray();
    }
  }
}
