package dev.gaze.job;

/**
 * Where a run's inference stands at one moment, from its {@link RunCounters} accumulators.
 *
 * @param images images analysed so far
 * @param failed records that failed so far
 * @param reused records whose results a resumed run took from the interrupted one (not counted in
 *     {@code images}, {@code failed} or the rate)
 * @param total records in the dataset when known (every inference task finished), else an estimate
 *     from the finished tasks' mean times the task count, or -1 before any task finished
 * @param exact whether {@code total} is known rather than estimated
 * @param elapsedSeconds seconds since the run started
 * @param inferenceSeconds seconds since the inference stage's first task started, or, once every
 *     task finished, until the last one did; 0 before it started
 */
public record ProgressSnapshot(
    long images,
    long failed,
    long reused,
    long total,
    boolean exact,
    double elapsedSeconds,
    double inferenceSeconds) {

  /** Records done: analysed, failed or reused. */
  public long done() {
    return images + failed + reused;
  }

  /** Records per second analysed (or failed) by the inference stage, or 0. */
  public double rate() {
    return inferenceSeconds > 0 ? (images + failed) / inferenceSeconds : 0;
  }

  /** Whether every inference task finished (what follows is aggregation and writing). */
  public boolean inferenceDone() {
    return exact;
  }

  /** Seconds left at the current rate, or -1 when not known. */
  public double etaSeconds() {
    if (total < 0 || rate() <= 0) {
      return -1;
    }
    return Math.max(0, total - done()) / rate();
  }
}
