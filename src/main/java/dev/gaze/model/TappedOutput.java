package dev.gaze.model;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * The result of one hooked forward pass. The arrays live on the model's device and belong to the
 * {@link ai.djl.ndarray.NDManager} the forward was given; nothing has been copied to the JVM.
 *
 * @param logits {@code [B, numClasses]}
 * @param taps the requested taps by name, in forward order, each {@code [B, ...shape]}
 */
public record TappedOutput(NDArray logits, Map<String, NDArray> taps) {}
