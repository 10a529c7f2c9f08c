package dev.gaze.report;

/**
 * The closed range of values one colour scale spans.
 *
 * @param lo the value drawn with the first colour
 * @param hi the value drawn with the last colour, {@code >= lo}
 */
record ValueRange(double lo, double hi) {

  ValueRange {
    if (!(Double.isFinite(lo) && Double.isFinite(hi) && lo <= hi)) {
      throw new IllegalArgumentException(
          "a value range needs finite lo <= hi, got [" + lo + ", " + hi + "]");
    }
  }

  /**
   * The range spanned by the finite values of {@code arrays}. A degenerate range (one value, or
   * none) is widened so that a colour scale over it can still be drawn: [v - 0.5, v + 0.5] for a
   * single value v, [0, 1] when there is no finite value.
   */
  static ValueRange of(double[]... arrays) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double[] array : arrays) {
      for (double v : array) {
        if (Double.isFinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    if (lo > hi) {
      return new ValueRange(0, 1);
    }
    if (lo == hi) {
      return new ValueRange(lo - 0.5, hi + 0.5);
    }
    return new ValueRange(lo, hi);
  }

  /** Where {@code value} lies in the range, 0 at {@code lo} and 1 at {@code hi}, unclamped. */
  double fraction(double value) {
    return hi > lo ? (value - lo) / (hi - lo) : 0.5;
  }
}
