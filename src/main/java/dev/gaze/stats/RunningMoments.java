package dev.gaze.stats;

/**
 * Element-wise running moments of a stream of equal-length vectors, in double: the count, the mean
 * and the sum of squared deviations from the mean ({@code M2}) of every element, by Welford's
 * update, so that no sum of squares ever cancels against a squared sum.
 *
 * <p>Two sets of moments over disjoint data combine with Chan et al.'s pairwise formula ({@link
 * #merge}); the population variance is {@code M2 / n}. Not thread-safe.
 */
public final class RunningMoments {

  private long count;
  private final double[] mean;
  private final double[] m2;

  /** Empty moments of {@code length}-element vectors. */
  public RunningMoments(int length) {
    this.mean = new double[length];
    this.m2 = new double[length];
  }

  /** RunningMoments with the given state (arrays copied), e.g. read back from a table. */
  public static RunningMoments of(long count, double[] mean, double[] m2) {
    if (mean.length != m2.length) {
      throw new IllegalArgumentException(
          "mean and M2 differ in length: " + mean.length + " vs " + m2.length);
    }
    RunningMoments m = new RunningMoments(mean.length);
    m.count = count;
    System.arraycopy(mean, 0, m.mean, 0, mean.length);
    System.arraycopy(m2, 0, m.m2, 0, m2.length);
    return m;
  }

  /** Adds one vector (widened to double). */
  public void add(float[] x) {
    checkLength(x.length);
    count++;
    double n = count;
    for (int i = 0; i < x.length; i++) {
      double delta = x[i] - mean[i];
      mean[i] += delta / n;
      m2[i] += delta * (x[i] - mean[i]);
    }
  }

  /** Adds {@code other}'s data to this one's (Chan et al.); {@code other} is unchanged. */
  public void merge(RunningMoments other) {
    checkLength(other.mean.length);
    if (other.count == 0) {
      return;
    }
    if (count == 0) {
      count = other.count;
      System.arraycopy(other.mean, 0, mean, 0, mean.length);
      System.arraycopy(other.m2, 0, m2, 0, m2.length);
      return;
    }
    double na = count;
    double nb = other.count;
    double n = na + nb;
    for (int i = 0; i < mean.length; i++) {
      double delta = other.mean[i] - mean[i];
      mean[i] += delta * (nb / n);
      m2[i] += other.m2[i] + delta * delta * (na * nb / n);
    }
    count += other.count;
  }

  /** How many vectors were added. */
  public long count() {
    return count;
  }

  /** The element-wise means (a copy). */
  public double[] mean() {
    return mean.clone();
  }

  /** The element-wise sums of squared deviations from the mean (a copy). */
  public double[] m2() {
    return m2.clone();
  }

  /** The element-wise population standard deviations, {@code sqrt(M2 / n)}; NaN when empty. */
  public double[] populationStd() {
    double[] std = new double[m2.length];
    for (int i = 0; i < std.length; i++) {
      std[i] = Math.sqrt(Math.max(0, m2[i]) / count);
    }
    return std;
  }

  /** The vectors' length. */
  public int length() {
    return mean.length;
  }

  private void checkLength(int length) {
    if (length != mean.length) {
      throw new IllegalArgumentException(
          "vector of " + length + " elements added to moments of " + mean.length);
    }
  }
}
