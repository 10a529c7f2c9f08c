package dev.gaze.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.gaze.image.InputSpec;
import java.util.Random;
import java.util.Set;

/** Inputs and checks shared by the tests of hooked models, built-in and exported. */
final class HookedModelChecks {

  private HookedModelChecks() {}

  /** {@code count} standard normal floats from {@code new Random(seed)}, in order. */
  static float[] gaussian(int count, long seed) {
    Random random = new Random(seed);
    float[] values = new float[count];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return values;
  }

  /**
   * {@code values} as a batch of {@code [batch, channels, height, width]} images of {@code spec}.
   */
  static NDArray batchOf(NDManager manager, InputSpec spec, int batch, float[] values) {
    return manager.create(values, new Shape(batch, spec.channels(), spec.height(), spec.width()));
  }

  /** A batch of standard normal images of {@code model}'s input spec (see {@link #gaussian}). */
  static NDArray randomInput(HookedModel model, NDManager manager, int batch, long seed) {
    InputSpec spec = model.info().input();
    return batchOf(manager, spec, batch, gaussian(batch * spec.size(), seed));
  }

  /**
   * Asserts that the forward of {@code x} with every tap gives logits of shape {@code logits} equal
   * to those of the forward with none; returns the plain logits.
   */
  static float[] assertHookedLogitsEqualPlain(
      HookedModel model, NDManager manager, NDArray x, Shape logits) {
    float[] plain = model.forwardPlain(manager, x).toFloatArray();
    TappedOutput hooked = model.forward(manager, x, Set.copyOf(model.info().tapNames()));
    assertThat(hooked.logits().getShape()).isEqualTo(logits);
    assertThat(hooked.logits().toFloatArray()).containsExactly(plain);
    return plain;
  }
}
