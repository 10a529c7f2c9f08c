package dev.gaze.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gaze.reduce.AttentionReducer;
import dev.gaze.reduce.AttentionStats;
import dev.gaze.reduce.TapReducer;
import dev.gaze.reduce.TapStats;
import dev.gaze.testing.Python;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/**
 * Exported torchvision models (random weights, exported by {@code tools/export_hooked.py} with
 * Debian's torch 1.13) loaded by DJL's libtorch 2.7.1: goldens, taps, the reductions against an
 * independent NumPy computation, and the ViT's attention against torchvision's own module.
 */
class ExportedModelTest {

  private static final Configuration CONF = new Configuration();

  @Test
  void resnet18LoadsVerifiesAndListsStemAndStages() {
    String pt = Python.resnet18().toString();
    try (HookedModel model = ExportedModels.load(pt, Device.cpu(), true, CONF)) {
      ModelInfo info = model.info();
      assertThat(info.tapNames()).containsExactly("stem", "layer1", "layer2", "layer3", "layer4");
      assertThat(info.tap("stem").orElseThrow().shape()).containsExactly(64, 56, 56);
      assertThat(info.tap("layer4").orElseThrow().shape()).containsExactly(512, 7, 7);
      assertThat(info.nonNegativeTaps()).contains("stem", "layer4");
      assertThat(info.numClasses()).isEqualTo(1000);
      assertThat(info.input().resizeTo()).isEqualTo(256);
      assertThat(info.input().height()).isEqualTo(224);
    }
  }

  @Test
  void vitExposesAttentionTapsAndVerifies() {
    String pt = Python.tinyVit().toString();
    try (HookedModel model = ExportedModels.load(pt, Device.cpu(), true, CONF)) {
      ModelInfo info = model.info();
      assertThat(info.tapNames())
          .containsExactly("patch_embed", "block1.attn", "block1", "block2.attn", "block2");
      TapSpec attn = info.tap("block2.attn").orElseThrow();
      assertThat(attn.kind()).isEqualTo(TapKind.ATTENTION);
      assertThat(attn.shape()).containsExactly(4, 50, 50);
      assertThat(info.tap("block1").orElseThrow().kind()).isEqualTo(TapKind.ACTIVATION);
    }
  }

  @Test
  void reductionsEqualNumPyForBothModels() throws Exception {
    for (Path pt : List.of(Python.resnet18(), Python.tinyVit())) {
      compareReductions(pt);
    }
  }

  private static void compareReductions(Path pt) throws Exception {
    try (HookedModel model = load(pt);
        NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      int batch = 3;
      ReferenceBatch input = ReferenceBatch.write(model.info().input(), batch, 7, "reductions");
      List<String> acts = tapsOf(model.info(), TapKind.ACTIVATION);
      TappedOutput out = model.forward(manager, input.array(manager), new LinkedHashSet<>(acts));
      Map<String, List<TapStats>> stats = TapReducer.reduce(new LinkedHashMap<>(out.taps()));
      JsonNode ref = input.reference("reductions", pt);
      assertThat(ref.path("taps").size()).isEqualTo(acts.size());
      for (String tap : acts) {
        for (int b = 0; b < batch; b++) {
          JsonNode want = ref.path("taps").path(tap).get(b);
          TapStats got = stats.get(tap).get(b);
          String what = pt.getFileName() + " " + tap + " image " + b;
          assertClose(what + " mean", got.channelMean(), want.path("channel_mean"), 1e-4);
          assertClose(what + " max", got.channelMax(), want.path("channel_max"), 1e-4);
          assertClose(what + " map", got.spatial(), want.path("spatial"), 1e-4);
          // A value within rounding of 0 may fall on either side in two libtorch builds: allow
          // one position per channel to flip.
          int positions = got.mapHeight() * got.mapWidth();
          assertClose(
              what + " zero fraction",
              got.channelZeroFraction(),
              want.path("channel_zero_fraction"),
              1.0 / positions + 1e-6);
        }
      }
      float[] logits = out.logits().toFloatArray();
      JsonNode refLogits = ref.path("logits");
      float[] flat = new float[logits.length];
      int k = 0;
      for (JsonNode row : refLogits) {
        for (JsonNode v : row) {
          flat[k++] = (float) v.asDouble();
        }
      }
      assertThat(k).isEqualTo(logits.length);
      assertCloseArrays(pt.getFileName() + " logits", logits, flat, 1e-4);
    }
  }

  @Test
  void attentionStatisticsEqualNumPy() throws Exception {
    Path pt = Python.tinyVit();
    try (HookedModel model = load(pt);
        NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      int batch = 3;
      ReferenceBatch input =
          ReferenceBatch.write(model.info().input(), batch, 11, "attention-stats");
      List<String> attn = tapsOf(model.info(), TapKind.ATTENTION);
      TappedOutput out = model.forward(manager, input.array(manager), new LinkedHashSet<>(attn));
      AttentionReducer.Result got;
      try (AttentionReducer reducer = new AttentionReducer(manager, true)) {
        for (String tap : attn) {
          reducer.onAttention(tap, out.taps().get(tap));
        }
        got = reducer.finish();
      }
      JsonNode ref = input.reference("attention-stats", pt);
      assertThat(ref.path("taps").size()).isEqualTo(attn.size());
      for (int b = 0; b < batch; b++) {
        for (AttentionStats s : got.perImage().get(b)) {
          JsonNode want = ref.path("taps").path(s.tap()).get(b);
          String what = s.tap() + " image " + b;
          assertClose(what + " maps", s.classMaps(), want.path("maps"), 1e-4);
          assertClose(what + " entropy", s.entropy(), want.path("entropy"), 1e-4);
          assertClose(what + " distance", s.distance(), want.path("distance"), 1e-4);
          assertClose(what + " border", s.borderFraction(), want.path("border"), 1e-4);
          assertClose(what + " cosine", s.cosine(), want.path("cosine"), 1e-4);
        }
        assertClose("rollout image " + b, got.rollout().get(b), ref.path("rollout").get(b), 1e-4);
      }
    }
  }

  /** |got - want| <= tolerance * max(1, max |want|) for every element (tolerance relative). */
  private static void assertClose(String what, float[] got, JsonNode want, double tolerance) {
    float[] w = new float[want.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) want.get(i).asDouble();
    }
    assertCloseArrays(what, got, w, tolerance);
  }

  private static void assertCloseArrays(String what, float[] got, float[] want, double tolerance) {
    assertThat(got).as(what + " length").hasSize(want.length);
    double scale = 0;
    for (float v : want) {
      scale = Math.max(scale, Math.abs(v));
    }
    double allowed = tolerance * Math.max(scale, 1e-3);
    for (int i = 0; i < got.length; i++) {
      assertThat((double) Math.abs(got[i] - want[i]))
          .as("%s[%d]: %s vs %s (allowed %s)", what, i, got[i], want[i], allowed)
          .isLessThanOrEqualTo(allowed);
    }
  }

  /** Loads the exported model on the CPU without checking it against its golden. */
  private static HookedModel load(Path pt) {
    return ExportedModels.load(pt.toString(), Device.cpu(), false, CONF);
  }

  /** The names of {@code info}'s taps of {@code kind}, in forward order. */
  private static List<String> tapsOf(ModelInfo info, TapKind kind) {
    return info.taps().stream().filter(t -> t.kind() == kind).map(TapSpec::name).toList();
  }

  @Test
  void attentionEqualsTorchvisionsOwnModule() throws Exception {
    Path pt = Python.tinyVit();
    try (HookedModel model = load(pt);
        NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      ReferenceBatch input = ReferenceBatch.write(model.info().input(), 2, 11, "attention");
      TappedOutput out =
          model.forward(
              manager,
              input.array(manager),
              new LinkedHashSet<>(List.of("block1.attn", "block2.attn")));
      Path dir = input.dir();
      for (Map.Entry<String, NDArray> e : out.taps().entrySet()) {
        Python.writeFloats(dir.resolve(e.getKey() + ".f32"), e.getValue().toFloatArray());
      }
      Python.writeFloats(dir.resolve("logits.f32"), out.logits().toFloatArray());
      JsonNode diff =
          input.reference(
              List.of("attention", "tiny_vit:build", pt.toString()),
              List.of(dir.toString()),
              "diff.json");
      assertThat(diff.path("block1.attn").asDouble(1)).isLessThanOrEqualTo(1e-5);
      assertThat(diff.path("block2.attn").asDouble(1)).isLessThanOrEqualTo(1e-5);
      assertThat(diff.path("logits").asDouble(1)).isLessThanOrEqualTo(1e-4);
    }
  }

  @Test
  void attentionThatIsNotProbabilitiesIsRefusedNamingTheTap() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      TapSpec spec = TapSpec.attention("block3.attn", 2, 5);
      NDArray uniform = manager.full(new Shape(1, 2, 5, 5), 0.2f);
      TorchScriptModel.checkTap(spec, uniform, 1);
      NDArray loose = manager.full(new Shape(1, 2, 5, 5), 0.2001f);
      assertThatThrownBy(() -> TorchScriptModel.checkTap(spec, loose, 1))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("attention tap 'block3.attn' has a row summing to 1")
          .hasMessageNotContaining("\n");
      float[] negative = new float[50];
      java.util.Arrays.fill(negative, 0.2f);
      negative[0] = -0.1f;
      negative[1] = 0.5f;
      assertThatThrownBy(
              () ->
                  TorchScriptModel.checkTap(
                      spec, manager.create(negative, new Shape(1, 2, 5, 5)), 1))
          .hasMessageContaining("attention tap 'block3.attn' holds -0.1");
      assertThatThrownBy(
              () -> TorchScriptModel.checkTap(spec, manager.full(new Shape(1, 2, 4, 4), 0.25f), 1))
          .hasMessage("tap 'block3.attn' has shape (1, 2, 4, 4); the manifest says (1, 2, 5, 5)");
    }
  }
}
