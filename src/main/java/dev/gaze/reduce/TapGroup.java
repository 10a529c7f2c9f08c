package dev.gaze.reduce;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * Consecutive taps of one shape kept, as float32, for one stacked reduction, up to a number of
 * bytes: what {@link AttentionReducer} and {@link TokenReducer} share.
 */
final class TapGroup implements AutoCloseable {

  private final NDManager manager;
  private final long limit;
  private final NDList taps = new NDList();
  private long bytes;

  /**
   * @param manager where kept taps live until they are stacked
   * @param limit the most bytes (float32) kept at once
   */
  TapGroup(NDManager manager, long limit) {
    this.manager = manager;
    this.limit = limit;
  }

  boolean isEmpty() {
    return taps.isEmpty();
  }

  /**
   * Whether {@code tap} can join the kept taps: none are kept, or it has their shape and keeps the
   * group within the limit.
   */
  boolean fits(NDArray tap) {
    return taps.isEmpty()
        || (taps.get(0).getShape().equals(tap.getShape()) && bytes + floatBytes(tap) <= limit);
  }

  /** Keeps {@code tap} as float32 (taken over from its manager). */
  void add(NDArray tap) {
    NDArray kept = tap.toType(DataType.FLOAT32, false);
    kept.attach(manager);
    taps.add(kept);
    bytes += floatBytes(tap);
  }

  /**
   * The kept taps stacked on a new first axis {@code [G, ...]}, with them attached to {@code
   * scratch}; the group is empty afterwards.
   */
  NDArray stack(NDManager scratch) {
    NDArray stacked =
        taps.size() == 1 ? taps.get(0).expandDims(0) : NDArrays.stack(new NDList(taps), 0);
    stacked.attach(scratch);
    taps.forEach(a -> a.attach(scratch));
    taps.clear();
    bytes = 0;
    return stacked;
  }

  private static long floatBytes(NDArray tap) {
    return 4L * tap.getShape().size();
  }

  @Override
  public void close() {
    taps.close();
  }
}
