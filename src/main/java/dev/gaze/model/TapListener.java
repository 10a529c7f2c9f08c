package dev.gaze.model;

import ai.djl.ndarray.NDArray;

/**
 * Receives each requested tap during a forward pass, as soon as it is computed and while it is
 * still warm in the device's caches. The array is only valid during the call: the model may free it
 * as soon as the next layer has used it, so a listener that keeps anything must attach it to a
 * manager of its own.
 *
 * <p>The listener must not change a feature-map or token tap: the model may still need it (a
 * block's output is the next block's input). An attention tap ({@link TapKind#ATTENTION}) is handed
 * over only once the model no longer needs it, so a listener may overwrite it in place, as {@code
 * AttentionReducer} does to spare a pass over the probabilities.
 */
@FunctionalInterface
public interface TapListener {

  /** One tap's value for the whole batch, {@code [B, ...shape]}. */
  void onTap(String tap, NDArray value);
}
