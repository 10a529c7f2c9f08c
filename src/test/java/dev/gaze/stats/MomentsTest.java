package dev.gaze.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The merge of counts, means and population standard deviations against the straightforward
 * computation over the raw values of the union.
 */
class MomentsTest {

  /** The population standard deviation by the two-pass definition, in double. */
  private static double directStd(double[] v) {
    double mean = Arrays.stream(v).sum() / v.length;
    double s = 0;
    for (double x : v) {
      s += (x - mean) * (x - mean);
    }
    return Math.sqrt(s / v.length);
  }

  private static double directMean(double[] v) {
    return Arrays.stream(v).sum() / v.length;
  }

  private static double relative(double a, double b) {
    return a == b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
  }

  @Test
  void mergingPartsGivesTheStatisticsOfTheUnion() {
    Random random = new Random(7);
    for (int trial = 0; trial < 50; trial++) {
      int parts = 1 + random.nextInt(6);
      double[][] values = new double[parts][];
      for (int p = 0; p < parts; p++) {
        values[p] = new double[1 + random.nextInt(300)];
        double centre = random.nextGaussian() * 10;
        for (int i = 0; i < values[p].length; i++) {
          values[p][i] = centre + random.nextGaussian() * (1 + p);
        }
      }
      Moments merged = Moments.EMPTY;
      for (double[] part : values) {
        // as a run's table gives them: count, mean, population std
        merged = merged.merge(Moments.ofStd(part.length, directMean(part), directStd(part)));
      }
      double[] all = Arrays.stream(values).flatMapToDouble(Arrays::stream).toArray();
      assertThat(merged.count()).isEqualTo(all.length);
      assertThat(relative(merged.mean(), directMean(all))).isLessThan(1e-12);
      assertThat(relative(merged.std(), directStd(all))).isLessThan(1e-12);
      assertThat(relative(merged.std(), Moments.of(all).std())).isLessThan(1e-12);
    }
  }

  @Test
  void keepsPrecisionWhereTheNaiveFormulaLosesIt() {
    // A million-scale offset with a spread of 1e-3: E[x^2] - E[x]^2 cancels all but noise. (The
    // halves share their mean: a difference of means far below it is only known to the means'
    // own rounding, 1e-10 here, which no formula can undo.)
    Random random = new Random(11);
    double[] a = new double[5000];
    double[] b = new double[3000];
    for (int i = 0; i < a.length; i++) {
      a[i] = 1e6 + random.nextGaussian() * 1e-3;
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = 1e6 + random.nextGaussian() * 1e-3;
    }
    double[] all = new double[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    double truth = directStd(all);

    double sum = 0;
    double squares = 0;
    for (double x : all) {
      sum += x;
      squares += x * x;
    }
    double naiveVariance = squares / all.length - (sum / all.length) * (sum / all.length);
    double naive = Math.sqrt(Math.max(0, naiveVariance));
    assertThat(relative(naive, truth)).as("the naive formula fails here").isGreaterThan(1e-2);

    Moments merged =
        Moments.ofStd(a.length, directMean(a), directStd(a))
            .merge(Moments.ofStd(b.length, directMean(b), directStd(b)));
    assertThat(relative(merged.std(), truth)).isLessThan(1e-9);
    double[] stds =
        Moments.mergedStds(
            a.length,
            new double[] {directMean(a)},
            new double[] {directStd(a)},
            b.length,
            new double[] {directMean(b)},
            new double[] {directStd(b)});
    assertThat(relative(stds[0], truth)).isLessThan(1e-9);
  }

  @Test
  void weightedMeansAreTheMeansOfTheUnion() {
    Random random = new Random(3);
    double[] a = random.doubles(17, -5, 9).toArray();
    double[] b = random.doubles(40, 2, 3).toArray();
    double[] both = new double[a.length + b.length];
    System.arraycopy(a, 0, both, 0, a.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    assertThat(
            relative(
                Moments.weightedMean(a.length, directMean(a), b.length, directMean(b)),
                directMean(both)))
        .isLessThan(1e-14);
    double[] means =
        Moments.weightedMeans(
            a.length, new double[] {directMean(a), 1}, b.length, new double[] {directMean(b), 1});
    assertThat(means[1]).isEqualTo(1.0);
    assertThat(Moments.weightedMean(0, Double.NaN, 4, 2.5)).isEqualTo(2.5);
    assertThat(Moments.weightedMean(4, 2.5, 0, Double.NaN)).isEqualTo(2.5);
    assertThat(Moments.weightedMean(0, 1, 0, 2)).isZero();
  }

  @Test
  void emptySidesAndSingleValues() {
    Moments one = Moments.of(3.0);
    assertThat(one.std()).isZero();
    assertThat(one.merge(Moments.EMPTY)).isEqualTo(one);
    assertThat(Moments.EMPTY.merge(one)).isEqualTo(one);
    Moments two = one.merge(Moments.of(5.0));
    assertThat(two.count()).isEqualTo(2);
    assertThat(two.mean()).isEqualTo(4.0);
    assertThat(two.std()).isEqualTo(1.0);
    assertThat(Moments.EMPTY.std()).isZero();
    assertThatThrownBy(() -> new Moments(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Moments.weightedMeans(1, new double[1], 1, new double[2]))
        .hasMessageContaining("different lengths");
  }
}
