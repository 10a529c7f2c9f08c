package dev.gaze.model;

import ai.djl.ndarray.NDArray;

/**
 * Receives each requested tap during a forward pass, as soon as it is computed and while it is
 * still warm in the device's caches. The array is only valid during the call: the model may free it
 * as soon as the next layer has used it, so a listener that keeps anything must attach it to a
 * manager of its own.
 */
@FunctionalInterface
public interface TapListener {

  /** One tap's value for the whole batch, {@code [B, ...shape]}. */
  void onTap(String tap, NDArray value);
}
