package dev.gaze.job;

/**
 * The counts of a finished run; {@code imagesSeen == imagesAnalyzed + imagesFailed} always.
 *
 * @param imagesSeen every record read, analysed or not
 * @param imagesAnalyzed records that went through the model
 * @param imagesFailed records that became rows of the errors table
 * @param correct analysed images whose prediction equals their label
 * @param wallSeconds the run's wall time
 */
public record RunSummary(
    long imagesSeen, long imagesAnalyzed, long imagesFailed, long correct, double wallSeconds) {

  /** Top-1 accuracy over the analysed images, or NaN when none was analysed. */
  public double top1() {
    return imagesAnalyzed == 0 ? Double.NaN : correct / (double) imagesAnalyzed;
  }
}
