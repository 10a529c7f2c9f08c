/**
 * Per-image reductions of tapped tensors, computed on the engine's device so that full activations
 * never reach the JVM: only a few numbers per channel and one small spatial map per image and tap
 * are copied out; attention probabilities reduce to class-token maps, entropy, distance, border
 * fraction, head similarity and rollout (definitions in {@code dev.gaze.stats}).
 *
 * <p>Data flow: model (taps) -&gt; <b>reduce</b> -&gt; job (rows) -&gt; aggregate.
 */
package dev.gaze.reduce;
