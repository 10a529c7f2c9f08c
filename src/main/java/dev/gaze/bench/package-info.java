/**
 * Rerunnable benchmarks (not timed tests): {@code gaze bench} measures, in one run and on the same
 * batches, the model's plain forward against the hooked forward with every tap reduced, and the
 * whole per-partition inference stage with decoding.
 */
package dev.gaze.bench;
