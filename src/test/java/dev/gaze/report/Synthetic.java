package dev.gaze.report;

import dev.gaze.aggregate.ActivationStats;
import dev.gaze.aggregate.ConfusionCell;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntToDoubleFunction;

/** Synthetic {@code activation_stats} and {@code confusion} rows for the report's tests. */
final class Synthetic {

  private Synthetic() {}

  /** The rows of one tap: a row per class plus the dataset-wide row, with a given map per class. */
  static List<ActivationStats> tap(
      String tap,
      List<String> classNames,
      int channels,
      int height,
      int width,
      long imagesPerClass,
      MapFunction map,
      int[] deadChannels,
      long seed) {
    Random random = new Random(seed);
    List<ActivationStats> rows = new ArrayList<>();
    double[] allMean = new double[channels];
    double[] allMax = new double[channels];
    double[] allZero = new double[channels];
    double[] allMap = new double[height * width];
    for (int k = 0; k < classNames.size(); k++) {
      double[] mean = new double[channels];
      double[] std = new double[channels];
      double[] max = new double[channels];
      double[] zero = new double[channels];
      for (int c = 0; c < channels; c++) {
        boolean dead = contains(deadChannels, c);
        mean[c] = dead ? 0 : 0.2 + random.nextDouble() + (c % classNames.size() == k ? 1.5 : 0);
        std[c] = dead ? 0 : 0.1 * random.nextDouble();
        max[c] = dead ? 0 : mean[c] * 3;
        zero[c] = dead ? 1 : 0.2 + 0.6 * random.nextDouble();
        allMean[c] += mean[c] / classNames.size();
        allMax[c] += max[c] / classNames.size();
        allZero[c] += zero[c] / classNames.size();
      }
      final int classId = k;
      double[] spatial = fill(height * width, i -> map.value(classId, i / width, i % width));
      for (int i = 0; i < spatial.length; i++) {
        allMap[i] += spatial[i] / classNames.size();
      }
      rows.add(
          new ActivationStats(
              k,
              classNames.get(k),
              tap,
              imagesPerClass,
              channels,
              height,
              width,
              mean,
              std,
              max,
              zero,
              spatial));
    }
    for (int c : deadChannels) {
      allZero[c] = 1.0;
      allMax[c] = 0.0;
    }
    rows.add(
        new ActivationStats(
            ActivationStats.ALL_CLASSES,
            ActivationStats.ALL_CLASSES_NAME,
            tap,
            imagesPerClass * classNames.size(),
            channels,
            height,
            width,
            allMean,
            new double[channels],
            allMax,
            allZero,
            allMap));
    return rows;
  }

  /** A Gaussian blob of height 1 centred on ({@code cy}, {@code cx}) in a map. */
  static double blob(int y, int x, double cy, double cx, double sigma) {
    double d2 = (y - cy) * (y - cy) + (x - cx) * (x - cx);
    return Math.exp(-d2 / (2 * sigma * sigma));
  }

  /** A confusion table with the given diagonal counts and {@code off} images on each neighbour. */
  static List<ConfusionCell> confusion(long[] diagonal, long off) {
    List<ConfusionCell> cells = new ArrayList<>();
    int n = diagonal.length;
    for (int k = 0; k < n; k++) {
      cells.add(new ConfusionCell(k, k, diagonal[k]));
      if (off > 0) {
        cells.add(new ConfusionCell(k, (k + 1) % n, off));
      }
    }
    return cells;
  }

  /** The value of a class's mean map at a position. */
  @FunctionalInterface
  interface MapFunction {
    /** The value for class {@code classId} at row {@code y}, column {@code x}. */
    double value(int classId, int y, int x);
  }

  private static double[] fill(int n, IntToDoubleFunction f) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = f.applyAsDouble(i);
    }
    return a;
  }

  private static boolean contains(int[] values, int v) {
    for (int x : values) {
      if (x == v) {
        return true;
      }
    }
    return false;
  }
}
