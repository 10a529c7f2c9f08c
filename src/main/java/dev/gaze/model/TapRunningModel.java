package dev.gaze.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The part every {@link HookedModel} here shares: one forward pass, {@link #run}, serves the three
 * ways of calling it (taps kept, taps streamed to a listener, no taps), after the requested taps
 * are checked against the model's.
 */
abstract class TapRunningModel implements HookedModel {

  /** The model's description. */
  protected final ModelInfo info;

  /** Where the model's parameters live. */
  protected final Device device;

  TapRunningModel(ModelInfo info, Device device) {
    this.info = info;
    this.device = device;
  }

  @Override
  public final ModelInfo info() {
    return info;
  }

  @Override
  public final Device device() {
    return device;
  }

  @Override
  public final TappedOutput forward(NDManager manager, NDArray input, Set<String> taps) {
    ModelInputs.checkTaps(info, taps);
    Map<String, NDArray> kept = new LinkedHashMap<>();
    NDArray logits = run(manager, input, taps, null, kept);
    return new TappedOutput(logits, Collections.unmodifiableMap(kept));
  }

  @Override
  public final NDArray forward(
      NDManager manager, NDArray input, Set<String> taps, TapListener listener) {
    ModelInputs.checkTaps(info, taps);
    return run(manager, input, taps, listener, null);
  }

  @Override
  public final NDArray forwardPlain(NDManager manager, NDArray input) {
    return run(manager, input, Set.of(), null, null);
  }

  /**
   * The forward pass; each requested tap goes to {@code listener} while it is computed, or, with
   * {@code keep} given, is kept in the caller's manager.
   *
   * @param taps the taps to deliver, already checked to be the model's
   * @param listener where taps go when {@code keep} is null
   * @param keep where taps are kept, or null to stream them to {@code listener}
   * @return the logits, attached to {@code manager}
   */
  abstract NDArray run(
      NDManager manager,
      NDArray input,
      Set<String> taps,
      TapListener listener,
      Map<String, NDArray> keep);
}
