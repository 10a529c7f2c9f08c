package dev.gaze.findings;

/**
 * The values of one {@code attention_stats} row (or an {@code attention_rollout} row, with {@code
 * head == -1}) that the attention detectors read: how one head of one attention tap attends from
 * the class token, over the images of one class.
 *
 * @param classId the class, or -1 for the dataset-wide row
 * @param className the class name
 * @param tap the attention tap
 * @param head the head, or -1 for rollout / head-averaged rows
 * @param images images behind the row
 * @param gridH the patch grid's height
 * @param gridW the patch grid's width
 * @param clsAttention row-major {@code gridH * gridW}: mean class-token attention per patch
 * @param entropyMean mean entropy of the class-token attention
 * @param entropyStd its standard deviation over images
 * @param distanceMean mean attention distance
 * @param distanceStd its standard deviation over images
 * @param borderFraction mean share of the class-token attention on the outer ring of patches
 */
public record AttentionRow(
    int classId,
    String className,
    String tap,
    int head,
    long images,
    int gridH,
    int gridW,
    double[] clsAttention,
    double entropyMean,
    double entropyStd,
    double distanceMean,
    double distanceStd,
    double borderFraction) {

  /** The {@link #tap()} of the rows of the {@code attention_rollout} table. */
  public static final String ROLLOUT_TAP = "rollout";

  /**
   * The share of the patches that lie on the outer ring: what a uniform attention would put there.
   */
  public double uniformBorderShare() {
    if (gridH <= 0 || gridW <= 0) {
      return Double.NaN;
    }
    long all = (long) gridH * gridW;
    long inner = (long) Math.max(0, gridH - 2) * Math.max(0, gridW - 2);
    return (double) (all - inner) / all;
  }
}
