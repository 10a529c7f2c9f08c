package dev.gaze.job;

/**
 * Where a run's inference stands at one moment, from its {@link RunCounters} accumulators.
 *
 * @param images images analysed so far
 * @param failed records that failed so far
 * @param total records in the dataset when known (every inference task finished), else an estimate
 *     from the finished tasks' mean times the task count, or -1 before any task finished
 * @param exact whether {@code total} is known rather than estimated
 * @param elapsedSeconds seconds since the run started
 */
public record ProgressSnapshot(
    long images, long failed, long total, boolean exact, double elapsedSeconds) {

  /** Records done, analysed or failed. */
  public long done() {
    return images + failed;
  }

  /** Records per second since the run started, or 0. */
  public double rate() {
    return elapsedSeconds > 0 ? done() / elapsedSeconds : 0;
  }

  /** Seconds left at the current rate, or -1 when not known. */
  public double etaSeconds() {
    if (total < 0 || rate() <= 0) {
      return -1;
    }
    return Math.max(0, total - done()) / rate();
  }
}
