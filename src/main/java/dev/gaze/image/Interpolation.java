package dev.gaze.image;

/**
 * The filter an image is resized with, antialiased as Pillow's {@code Image.resize} (and so
 * torchvision's {@code Resize} on Pillow images) does: when downscaling, the filter is stretched by
 * the scale factor.
 */
public enum Interpolation {
  /** Pillow's {@code BILINEAR}: a triangle filter of support 1. */
  BILINEAR(1.0) {
    @Override
    double weight(double x) {
      double a = Math.abs(x);
      return a < 1.0 ? 1.0 - a : 0.0;
    }
  },
  /**
   * Pillow's {@code BICUBIC}: Keys' cubic convolution with {@code a = -0.5}, support 2. Its
   * negative lobes can overshoot [0, 1]; like Pillow on 8-bit images, results are clamped to it.
   */
  BICUBIC(2.0) {
    @Override
    double weight(double x) {
      double a = -0.5;
      double t = Math.abs(x);
      if (t < 1.0) {
        return ((a + 2.0) * t - (a + 3.0)) * t * t + 1.0;
      }
      if (t < 2.0) {
        return (((t - 5.0) * t + 8.0) * t - 4.0) * a;
      }
      return 0.0;
    }
  };

  private final double support;

  Interpolation(double support) {
    this.support = support;
  }

  /** The filter's half-width at scale 1, in input samples. */
  double support() {
    return support;
  }

  /** The filter's weight at distance {@code x} (in filter units) from the output sample. */
  abstract double weight(double x);

  /** Whether the filter has negative weights, so that results must be clamped to [0, 1]. */
  boolean overshoots() {
    return this == BICUBIC;
  }

  /** The manifest's and the CLI's name: {@code bilinear}, {@code bicubic}. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
