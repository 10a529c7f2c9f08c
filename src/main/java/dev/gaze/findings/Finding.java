package dev.gaze.findings;

/**
 * One row of the {@code findings} table: something a detector saw in the aggregated tables.
 *
 * @param kind the detector's kind, e.g. {@code "dead_channels"}
 * @param severity in [0, 1], 1 the most severe; defined per kind (see docs/findings.md) and
 *     comparable within a kind
 * @param classId the class concerned, or -1 when the finding is dataset-wide
 * @param tap the tap concerned, or {@code ""} when none
 * @param head the attention head concerned, or -1 when none
 * @param summary one sentence a person can read
 * @param evidence a JSON object with the numbers behind the finding
 */
public record Finding(
    String kind,
    double severity,
    int classId,
    String tap,
    int head,
    String summary,
    String evidence) {

  /** The class id of dataset-wide findings. */
  public static final int NO_CLASS = -1;

  /** The head of findings about no particular head. */
  public static final int NO_HEAD = -1;

  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException if a string is null or the severity is not in [0, 1]
   */
  public Finding {
    if (kind == null || tap == null || summary == null || evidence == null) {
      throw new IllegalArgumentException(
          "finding kind, tap, summary and evidence must be non-null");
    }
    if (!(severity >= 0 && severity <= 1)) {
      throw new IllegalArgumentException(
          "finding severity must be in [0, 1], got " + severity + " (" + kind + ")");
    }
  }
}
