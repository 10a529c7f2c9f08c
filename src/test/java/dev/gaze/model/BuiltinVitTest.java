package dev.gaze.model;

import static dev.gaze.model.HookedModelChecks.assertHookedLogitsEqualPlain;
import static dev.gaze.model.HookedModelChecks.randomInput;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BuiltinVitTest {

  private static final VitConfig SMALL = new VitConfig(12, 1, 4, 16, 2, 2, 24, 5);
  private static HookedModel model;

  /** A randomly initialised transformer of {@link #SMALL}'s shape. */
  static HookedModel randomVit(VitConfig config, long seed) {
    ai.djl.engine.Engine.getInstance().setRandomSeed((int) seed);
    VisionTransformer vit = new VisionTransformer(config);
    NDManager manager = NDManager.newBaseManager(Device.cpu());
    vit.setInitializer(
        new ai.djl.training.initializer.XavierInitializer(), ai.djl.nn.Parameter.Type.WEIGHT);
    vit.initialize(
        manager,
        DataType.FLOAT32,
        new Shape(1, config.channels(), config.imageSize(), config.imageSize()));
    ModelInfo info =
        new ModelInfo(
            "tiny-vit",
            "test",
            new dev.gaze.image.InputSpec(
                config.channels(),
                config.imageSize(),
                config.imageSize(),
                config.imageSize(),
                dev.gaze.image.ResizePolicy.SHORTER_SIDE_THEN_CENTER_CROP,
                new float[] {0f},
                new float[] {1f}),
            config.classes(),
            BuiltinVit.tapsOf(config));
    return new BuiltinVit(info, vit, manager);
  }

  @BeforeAll
  static void load() {
    model = randomVit(SMALL, 3);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void tapsAreAttentionAndTokensPerBlock() {
    assertThat(model.info().tapNames())
        .containsExactly("block1.attn", "block1", "block2.attn", "block2");
    assertThat(model.info().tap("block1.attn").orElseThrow().shape()).containsExactly(2, 10, 10);
    assertThat(model.info().tap("block2").orElseThrow().kind()).isEqualTo(TapKind.TOKENS);
  }

  @Test
  void hookedLogitsEqualPlainLogits() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NDArray x = randomInput(model, manager, 4, 1);
      float[] plain = assertHookedLogitsEqualPlain(model, manager, x, new Shape(4, 5));
      List<String> order = new ArrayList<>();
      float[] listened =
          model
              .forward(manager, x, Set.of("block2.attn", "block1"), (name, v) -> order.add(name))
              .toFloatArray();
      assertThat(listened).containsExactly(plain);
      assertThat(order).containsExactly("block1", "block2.attn");
    }
  }

  @Test
  void attentionRowsAreProbabilities() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NDArray x = randomInput(model, manager, 3, 2);
      TappedOutput hooked = model.forward(manager, x, Set.of("block1.attn", "block2.attn"));
      for (NDArray a : hooked.taps().values()) {
        assertThat(a.getShape()).isEqualTo(new Shape(3, 2, 10, 10));
        float[] v = a.toFloatArray();
        for (int row = 0; row < v.length / 10; row++) {
          double sum = 0;
          for (int k = 0; k < 10; k++) {
            assertThat(v[row * 10 + k]).isBetween(0f, 1f);
            sum += v[row * 10 + k];
          }
          assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        }
      }
    }
  }

  @Test
  void batchOfOneEqualsTheBatch() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NDArray x = randomInput(model, manager, 3, 5);
      float[] all = model.forwardPlain(manager, x).toFloatArray();
      float[] second = model.forwardPlain(manager, x.get("1:2")).toFloatArray();
      for (int k = 0; k < 5; k++) {
        assertThat(second[k]).isCloseTo(all[5 + k], org.assertj.core.data.Offset.offset(1e-5f));
      }
    }
  }

  @Test
  void unknownTapIsRefused() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NDArray x = randomInput(model, manager, 1, 1);
      assertThatThrownBy(() -> model.forward(manager, x, Set.of("stage1")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("block1.attn");
    }
  }

  @Test
  void configRejectsPatchThatDoesNotDivide() {
    assertThatThrownBy(() -> new VitConfig(28, 1, 5, 64, 4, 4, 128, 10))
        .hasMessageContaining("patch 5");
  }
}
