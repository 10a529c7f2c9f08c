package dev.gaze.findings;

import java.util.Arrays;

/**
 * The median and the median absolute deviation (MAD) of a sample, and the modified z-score of
 * Iglewicz and Hoaglin: {@code (x - median) / (1.4826 * MAD)}, which is the ordinary z-score for
 * normal data but is not pulled by the outliers it is meant to find.
 *
 * @param median the sample's median
 * @param mad the median of the absolute deviations from the median
 */
record RobustScore(double median, double mad) {

  /** Makes the MAD a consistent estimator of the standard deviation for normal data. */
  static final double NORMAL_CONSISTENCY = 1.4826;

  /**
   * The median and MAD of {@code values}.
   *
   * @throws IllegalArgumentException if {@code values} is empty
   */
  static RobustScore of(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("a robust score needs at least one value");
    }
    double median = median(values.clone());
    double[] deviations = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      deviations[i] = Math.abs(values[i] - median);
    }
    return new RobustScore(median, median(deviations));
  }

  /**
   * The modified z-score of {@code x}; when the MAD is 0 (most values equal), +infinity for values
   * above the median, -infinity below, 0 at it.
   */
  double z(double x) {
    double scale = NORMAL_CONSISTENCY * mad;
    if (scale > 0) {
      return (x - median) / scale;
    }
    return x > median ? Double.POSITIVE_INFINITY : x < median ? Double.NEGATIVE_INFINITY : 0;
  }

  private static double median(double[] values) {
    Arrays.sort(values);
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }
}
