package dev.gaze.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gaze.image.InputSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks an exported model against the golden outputs {@code tools/export_hooked.py} recorded: the
 * same fixed input (value {@code i} of the flat row-major batch is {@code ((i * 7919) % 2001) /
 * 1000 - 1}) must give, per output, the same shape, sum and sampled values, within {@link
 * #TOLERANCE} of the output's largest magnitude (another libtorch and BLAS round differently).
 */
public final class GoldenCheck {

  /** Allowed difference, relative to an output's largest magnitude. */
  public static final double TOLERANCE = 1e-3;

  private GoldenCheck() {}

  /** The fixed golden input, {@code [batch, C, H, W]} flat. */
  public static float[] input(int batch, InputSpec spec) {
    float[] x = new float[batch * spec.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) ((i * 7919L % 2001) / 1000.0 - 1.0);
    }
    return x;
  }

  /**
   * Runs the golden input and compares.
   *
   * @throws IllegalArgumentException naming the first output (and tap) that disagrees
   */
  public static void verify(TorchScriptModel model, ExportManifest manifest, String goldenJson) {
    JsonNode golden;
    try {
      golden = new ObjectMapper().readTree(goldenJson);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("golden file of " + model.info().name() + " is not JSON");
    }
    if (!manifest.sha256().equals(golden.path("sha256").asText())) {
      throw new IllegalArgumentException(
          "golden file of " + model.info().name() + " belongs to another export (sha256 differs)");
    }
    JsonNode shape = golden.path("input").path("shape");
    int batch = shape.path(0).asInt(0);
    InputSpec spec = model.info().input();
    if (batch <= 0
        || shape.size() != 4
        || shape.get(1).asInt() != spec.channels()
        || shape.get(2).asInt() != spec.height()
        || shape.get(3).asInt() != spec.width()) {
      throw new IllegalArgumentException(
          "golden input of " + model.info().name() + " has shape " + shape + ", not the model's");
    }
    Map<String, String> tapOfKey = new LinkedHashMap<>();
    tapOfKey.put(manifest.logitsOutput(), "logits");
    for (TapSpec t : manifest.taps()) {
      tapOfKey.put(manifest.outputOf(t.name()), t.name());
    }
    try (NDManager manager = NDManager.newBaseManager(model.device())) {
      NDArray x =
          manager.create(
              input(batch, spec), new Shape(batch, spec.channels(), spec.height(), spec.width()));
      TappedOutput out =
          model.forward(manager, x, new java.util.LinkedHashSet<>(model.info().tapNames()));
      for (Map.Entry<String, String> e : tapOfKey.entrySet()) {
        JsonNode expected = golden.path("outputs").path(e.getKey());
        if (expected.isMissingNode()) {
          throw new IllegalArgumentException(
              "golden file of " + model.info().name() + " has no output '" + e.getKey() + "'");
        }
        NDArray actual =
            e.getValue().equals("logits") ? out.logits() : out.taps().get(e.getValue());
        compare(e.getValue(), e.getKey(), actual.toFloatArray(), expected);
      }
    }
  }

  private static void compare(String tap, String key, float[] actual, JsonNode expected) {
    double scale = Math.max(expected.path("max_abs").asDouble(), 1e-6);
    double tolerance = TOLERANCE * scale;
    String what = "tap '" + tap + "' (output " + key + ")";
    long n = 1;
    for (JsonNode d : expected.path("shape")) {
      n *= d.asLong();
    }
    if (n != actual.length) {
      throw new IllegalArgumentException(
          "--verify: " + what + " has " + actual.length + " values, the golden " + n);
    }
    for (JsonNode sample : expected.path("samples")) {
      int i = sample.get(0).asInt();
      double want = sample.get(1).asDouble();
      if (!(Math.abs(actual[i] - want) <= tolerance)) {
        throw new IllegalArgumentException(
            "--verify: "
                + what
                + " differs from the golden output: value "
                + i
                + " is "
                + actual[i]
                + ", golden "
                + want
                + " (tolerance "
                + (float) tolerance
                + ")");
      }
    }
    double sum = 0;
    for (float v : actual) {
      sum += v;
    }
    double want = expected.path("sum").asDouble();
    if (!(Math.abs(sum - want) <= tolerance * Math.sqrt(actual.length) + 1e-6 * Math.abs(want))) {
      throw new IllegalArgumentException(
          "--verify: " + what + " sums to " + sum + ", golden " + want);
    }
  }
}
