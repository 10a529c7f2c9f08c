package dev.gaze.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Set;

/**
 * The checks every {@link HookedModel} makes of a call's arguments before its forward pass, each
 * failing with one line that names the model and what it needs.
 */
final class ModelInputs {

  private ModelInputs() {}

  /**
   * Every requested tap is one of the model's.
   *
   * @throws IllegalArgumentException naming the unknown tap and the valid ones
   */
  static void checkTaps(ModelInfo info, Set<String> taps) {
    for (String tap : taps) {
      if (info.tap(tap).isEmpty()) {
        throw new IllegalArgumentException(
            "unknown tap '"
                + tap
                + "' for model '"
                + info.name()
                + "'; valid: "
                + String.join(", ", info.tapNames()));
      }
    }
  }

  /**
   * The input is a float32 batch {@code [B, C, H, W]} of the model's input spec.
   *
   * @throws IllegalArgumentException naming the expected type or shape
   */
  static void checkShape(ModelInfo info, NDArray input) {
    Shape shape = input.getShape();
    var spec = info.input();
    if (input.getDataType() != DataType.FLOAT32) {
      throw new IllegalArgumentException(
          "model '" + info.name() + "' needs float32 input, got " + input.getDataType());
    }
    if (shape.dimension() != 4
        || shape.get(1) != spec.channels()
        || shape.get(2) != spec.height()
        || shape.get(3) != spec.width()) {
      throw new IllegalArgumentException(
          "model '"
              + info.name()
              + "' needs input [B, "
              + spec.channels()
              + ", "
              + spec.height()
              + ", "
              + spec.width()
              + "], got "
              + shape);
    }
  }

  /**
   * {@link #checkShape}, and the input and the caller's manager are on the model's device.
   *
   * @throws IllegalArgumentException naming the devices
   */
  static void checkInput(ModelInfo info, Device device, NDManager manager, NDArray input) {
    checkShape(info, input);
    if (!input.getDevice().equals(device) || !manager.getDevice().equals(device)) {
      throw new IllegalArgumentException(
          "model '"
              + info.name()
              + "' lives on "
              + device
              + "; input is on "
              + input.getDevice()
              + ", manager on "
              + manager.getDevice());
    }
  }
}
