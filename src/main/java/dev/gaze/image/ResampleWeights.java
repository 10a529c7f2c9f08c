package dev.gaze.image;

/**
 * The antialiased filter weights for resampling one axis from {@code inSize} to {@code outSize}
 * samples, as Pillow's {@code precompute_coeffs} for {@code BILINEAR} and {@code BICUBIC}.
 *
 * <p>Output sample {@code i} is centred at {@code (i + 0.5) * scale} in input coordinates, where
 * {@code scale = inSize / outSize}. When downscaling, the filter is stretched by {@code scale} (its
 * support becomes {@code scale} instead of 1) so that every input sample contributes; the window is
 * clipped at the edges and the weights of each output sample are normalised to sum to 1.
 */
final class ResampleWeights {

  /** First input index of each output sample's window. */
  final int[] start;

  /** Number of input samples in each window. */
  final int[] count;

  /** Weights, {@code stride} per output sample, only the first {@code count[i]} used. */
  final double[] weights;

  /** Distance between the weights of consecutive output samples. */
  final int stride;

  private ResampleWeights(int[] start, int[] count, double[] weights, int stride) {
    this.start = start;
    this.count = count;
    this.weights = weights;
    this.stride = stride;
  }

  /** Pillow's bilinear (triangle) filter, support 1. */
  static double triangle(double x) {
    return Interpolation.BILINEAR.weight(x);
  }

  static ResampleWeights of(int inSize, int outSize) {
    return of(inSize, outSize, Interpolation.BILINEAR);
  }

  static ResampleWeights of(int inSize, int outSize, Interpolation filter) {
    double scale = (double) inSize / outSize;
    double filterScale = Math.max(scale, 1.0);
    double support = filter.support() * filterScale;
    int stride = (int) Math.ceil(support) * 2 + 1;
    int[] start = new int[outSize];
    int[] count = new int[outSize];
    double[] weights = new double[outSize * stride];
    for (int i = 0; i < outSize; i++) {
      double center = (i + 0.5) * scale;
      // (int) truncates towards zero, as the C cast in Pillow does.
      int min = Math.max((int) (center - support + 0.5), 0);
      int max = Math.min((int) (center + support + 0.5), inSize);
      int n = max - min;
      double sum = 0;
      for (int k = 0; k < n; k++) {
        double w = filter.weight((k + min - center + 0.5) / filterScale);
        weights[i * stride + k] = w;
        sum += w;
      }
      if (sum != 0) {
        for (int k = 0; k < n; k++) {
          weights[i * stride + k] /= sum;
        }
      }
      start[i] = min;
      count[i] = n;
    }
    return new ResampleWeights(start, count, weights, stride);
  }
}
