package dev.gaze.findings;

import java.util.List;

/** Pure measures of spatial maps (row-major {@code height * width} arrays) used by detectors. */
final class SpatialMetrics {

  /** The expected squared 5-point Laplacian of unit-variance white noise: 4^2 + 4 * 1^2. */
  static final double WHITE_NOISE_LAPLACIAN = 20.0;

  private SpatialMetrics() {}

  /**
   * The high-frequency energy ratio of a map: the mean over interior positions (not on the outer
   * ring) of the squared 5-point discrete Laplacian {@code 4 x[i][j] - x[i-1][j] - x[i+1][j] -
   * x[i][j-1] - x[i][j+1]}, divided by {@value #WHITE_NOISE_LAPLACIAN} times the map's variance
   * over all positions. Independent white noise gives about 1, a checkerboard 3.2, a constant
   * gradient 0, a smooth blob close to 0.
   *
   * @return the ratio, or NaN when the map is smaller than 3 x 3 or has zero variance
   */
  static double highFrequencyRatio(double[] map, int height, int width) {
    if (height < 3 || width < 3) {
      return Double.NaN;
    }
    double mean = 0;
    for (double v : map) {
      mean += v;
    }
    mean /= map.length;
    double variance = 0;
    for (double v : map) {
      variance += (v - mean) * (v - mean);
    }
    variance /= map.length;
    if (!(variance > 0)) {
      return Double.NaN;
    }
    double energy = 0;
    for (int y = 1; y < height - 1; y++) {
      for (int x = 1; x < width - 1; x++) {
        int i = y * width + x;
        double lap = 4 * map[i] - map[i - width] - map[i + width] - map[i - 1] - map[i + 1];
        energy += lap * lap;
      }
    }
    energy /= (double) (height - 2) * (width - 2);
    return energy / (WHITE_NOISE_LAPLACIAN * variance);
  }

  /**
   * How much maps of one shape differ from each other, relative to their size: the root mean square
   * over positions of the population standard deviation across maps, divided by the root mean
   * square of all values. 0 when every map is the same (or all are zero), about 1 when the maps are
   * unrelated noise around zero.
   *
   * @return the spread, 0 for fewer than two maps
   */
  static double spreadAcrossMaps(List<double[]> maps) {
    if (maps.size() < 2) {
      return 0;
    }
    int n = maps.get(0).length;
    double varianceSum = 0;
    double squareSum = 0;
    for (int i = 0; i < n; i++) {
      double mean = 0;
      for (double[] m : maps) {
        mean += m[i];
      }
      mean /= maps.size();
      for (double[] m : maps) {
        varianceSum += (m[i] - mean) * (m[i] - mean);
        squareSum += m[i] * m[i];
      }
    }
    if (!(squareSum > 0)) {
      return 0;
    }
    return Math.sqrt(varianceSum / squareSum);
  }
}
