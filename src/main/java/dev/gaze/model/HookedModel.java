package dev.gaze.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Set;

/**
 * A model whose forward pass returns, besides its logits, named intermediate tensors (taps).
 *
 * <p>Implementations are safe to share between threads: one instance serves every task of an
 * executor JVM (see {@link ModelCache}). Each call allocates its results in the manager it is
 * given, so closing that manager frees them.
 */
public interface HookedModel extends AutoCloseable {

  /** The model's static description. */
  ModelInfo info();

  /** The device its parameters live on. */
  Device device();

  /**
   * Runs the model on a batch and keeps the requested taps.
   *
   * @param manager where results are allocated; on {@link #device()}
   * @param input {@code [B, C, H, W]} preprocessed as {@link ModelInfo#input()} says
   * @param taps names of the taps to keep; each must be one of {@link ModelInfo#taps()}
   */
  TappedOutput forward(NDManager manager, NDArray input, Set<String> taps);

  /**
   * Runs the model on a batch and hands each requested tap to {@code listener} as soon as it is
   * computed, in forward order, so that it can be reduced while it is warm and freed early; returns
   * the logits, allocated in {@code manager}.
   *
   * @param taps names of the taps to hand over; each must be one of {@link ModelInfo#taps()}
   */
  NDArray forward(NDManager manager, NDArray input, Set<String> taps, TapListener listener);

  /** Runs the model on a batch and returns only its logits, with no tap kept. */
  NDArray forwardPlain(NDManager manager, NDArray input);

  /** Frees the model's parameters. */
  @Override
  void close();
}
