package dev.gaze.stats;

/**
 * The count, mean and sum of squared deviations ({@code M2}) of a set of values: what a population
 * standard deviation is made of, and what two disjoint sets' statistics combine through. {@link
 * #merge} is Chan, Golub and LeVeque's pairwise formula {@code M2 = M2a + M2b + delta^2 na nb / n}
 * (with {@code delta = mean_b - mean_a}), which adds only non-negative terms and so keeps the
 * precision that {@code E[x^2] - E[x]^2} loses to cancellation when the mean is large beside the
 * spread.
 *
 * @param count how many values, at least 0
 * @param mean their mean (0 when there are none)
 * @param m2 the sum of their squared deviations from the mean, at least 0
 */
public record Moments(long count, double mean, double m2) {

  /** No values. */
  public static final Moments EMPTY = new Moments(0, 0, 0);

  /** Checks the count. */
  public Moments {
    if (count < 0) {
      throw new IllegalArgumentException("a count cannot be negative, got " + count);
    }
  }

  /**
   * The moments behind a count, a mean and a population standard deviation (as Spark's {@code avg}
   * and {@code stddev_pop} give them): {@code M2 = n std^2}.
   */
  public static Moments ofStd(long count, double mean, double std) {
    return new Moments(count, mean, count * std * std);
  }

  /** The moments of these values, by the two-pass definition (for tests and small inputs). */
  public static Moments of(double... values) {
    if (values.length == 0) {
      return EMPTY;
    }
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    double mean = sum / values.length;
    double m2 = 0;
    for (double v : values) {
      m2 += (v - mean) * (v - mean);
    }
    return new Moments(values.length, mean, m2);
  }

  /** The moments of the union of this set and a disjoint {@code other}. */
  public Moments merge(Moments other) {
    if (other.count == 0) {
      return this;
    }
    if (count == 0) {
      return other;
    }
    long n = count + other.count;
    double delta = other.mean - mean;
    double mergedMean = weightedMean(count, mean, other.count, other.mean);
    double mergedM2 = m2 + other.m2 + delta * delta * ((double) count * other.count / n);
    return new Moments(n, mergedMean, mergedM2);
  }

  /** The population standard deviation {@code sqrt(M2 / n)}; 0 for no values. */
  public double std() {
    return count == 0 ? 0 : Math.sqrt(m2 / count);
  }

  /**
   * The mean of the union of two disjoint sets with means {@code a} over {@code na} values and
   * {@code b} over {@code nb}: {@code a + (b - a) nb / n}, which is exact when {@code a == b}. A
   * set with no values does not count (its mean may be anything); both empty give 0.
   */
  public static double weightedMean(long na, double a, long nb, double b) {
    if (nb == 0) {
      return na == 0 ? 0 : a;
    }
    if (na == 0) {
      return b;
    }
    if (a == b) {
      return a;
    }
    return a + (b - a) * ((double) nb / (na + nb));
  }

  /** {@link #weightedMean(long, double, long, double)} element by element. */
  public static double[] weightedMeans(long na, double[] a, long nb, double[] b) {
    requireSameLength(a, b);
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = weightedMean(na, a[i], nb, b[i]);
    }
    return out;
  }

  /**
   * The population standard deviations of the unions, element by element, of two disjoint sets with
   * these counts, means and standard deviations (see {@link #merge}).
   */
  public static double[] mergedStds(
      long na, double[] meanA, double[] stdA, long nb, double[] meanB, double[] stdB) {
    requireSameLength(meanA, stdA);
    requireSameLength(meanA, meanB);
    requireSameLength(meanB, stdB);
    double[] out = new double[meanA.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = ofStd(na, meanA[i], stdA[i]).merge(ofStd(nb, meanB[i], stdB[i])).std();
    }
    return out;
  }

  private static void requireSameLength(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          "arrays of different lengths cannot be merged: " + a.length + " vs " + b.length);
    }
  }
}
