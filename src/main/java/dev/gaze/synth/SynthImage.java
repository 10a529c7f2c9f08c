package dev.gaze.synth;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * Renders one synthetic image: a class-dependent object (one of five shapes, in the class's hue,
 * with a checker texture of the class's cell size) on a class-dependent background (a gradient in
 * another hue, with stripes of the class's orientation and period), placed, sized, rotated and lit
 * at random, plus per-pixel noise. Classes differ in shape, colours and textures, so a model's
 * activations differ between them; images of one class vary.
 *
 * <p>Pure arithmetic on the pixels (no Java2D), so the result depends only on the arguments.
 */
final class SynthImage {

  private static final int SHAPES = 5;
  private static final double GOLDEN = 0.6180339887498949;

  private SynthImage() {}

  /** The pixels of image {@code index} of class {@code classId}, drawn from {@code rng}. */
  static BufferedImage render(int classId, int width, int height, SplittableRandom rng) {
    int shape = classId % SHAPES;
    double objectHue = frac(classId * GOLDEN);
    double backgroundHue = frac(objectHue + 0.3 + 0.13 * ((classId / SHAPES) % 4));
    double stripeAngle = Math.toRadians((classId * 37) % 180);
    double stripePeriod = 7 + 5 * (classId % 5);
    int cell = 4 + 3 * ((classId / 2) % 5);

    double side = Math.min(width, height);
    double cx = width * (0.3 + 0.4 * rng.nextDouble());
    double cy = height * (0.3 + 0.4 * rng.nextDouble());
    double radius = side * (0.18 + 0.14 * rng.nextDouble());
    double rotation = rng.nextDouble() * Math.PI;
    double light = 0.75 + 0.25 * rng.nextDouble();
    double gradientAngle = rng.nextDouble() * 2 * Math.PI;
    double phase = rng.nextDouble() * 2 * Math.PI;
    int noise = 4 + rng.nextInt(9);
    int[] objectRgb = hsv(objectHue + 0.04 * (rng.nextDouble() - 0.5), 0.75, 0.95 * light);
    int[] objectDark = hsv(objectHue, 0.9, 0.55 * light);
    int[] backA = hsv(backgroundHue, 0.45, 0.85 * light);
    int[] backB = hsv(backgroundHue + 0.08, 0.6, 0.35 * light);

    // sin(kx x + ky y + phase) = sin(ax) cos(by) + cos(ax) sin(by): two tables, no sin per pixel
    double kx = 2 * Math.PI / stripePeriod * Math.cos(stripeAngle);
    double ky = 2 * Math.PI / stripePeriod * Math.sin(stripeAngle);
    double[] sinX = new double[width];
    double[] cosX = new double[width];
    for (int x = 0; x < width; x++) {
      sinX[x] = Math.sin(kx * x + phase);
      cosX[x] = Math.cos(kx * x + phase);
    }
    double gx = Math.cos(gradientAngle) / width;
    double gy = Math.sin(gradientAngle) / height;
    double cosR = Math.cos(rotation);
    double sinR = Math.sin(rotation);

    int[] pixels = new int[width * height];
    for (int y = 0; y < height; y++) {
      double sinY = Math.sin(ky * y);
      double cosY = Math.cos(ky * y);
      for (int x = 0; x < width; x++) {
        double u = ((x - cx) * cosR + (y - cy) * sinR) / radius;
        double v = (-(x - cx) * sinR + (y - cy) * cosR) / radius;
        double r;
        double g;
        double b;
        if (inside(shape, u, v)) {
          boolean dark = ((Math.floorDiv(x, cell) + Math.floorDiv(y, cell)) & 1) == 0;
          int[] c = dark ? objectDark : objectRgb;
          r = c[0];
          g = c[1];
          b = c[2];
        } else {
          double t = clamp01(0.5 + (x - width / 2.0) * gx + (y - height / 2.0) * gy);
          double stripe = 28 * (sinX[x] * cosY + cosX[x] * sinY);
          r = backA[0] + t * (backB[0] - backA[0]) + stripe;
          g = backA[1] + t * (backB[1] - backA[1]) + stripe;
          b = backA[2] + t * (backB[2] - backA[2]) + stripe;
        }
        int n = noise;
        pixels[y * width + x] =
            channel(r + rng.nextInt(-n, n + 1)) << 16
                | channel(g + rng.nextInt(-n, n + 1)) << 8
                | channel(b + rng.nextInt(-n, n + 1));
      }
    }
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    image.getRaster().setDataElements(0, 0, width, height, pixels);
    return image;
  }

  /** Whether (u, v), in units of the object's radius around its centre, is inside the shape. */
  private static boolean inside(int shape, double u, double v) {
    double d2 = u * u + v * v;
    return switch (shape) {
      case 0 -> d2 < 1; // disc
      case 1 -> Math.abs(u) < 0.85 && Math.abs(v) < 0.85; // square
      case 2 -> v < 0.5 && v > -1 + 1.7 * Math.abs(u); // triangle
      case 3 -> d2 < 1 && d2 > 0.36; // ring
      default -> (Math.abs(u) < 0.3 && Math.abs(v) < 1) || (Math.abs(v) < 0.3 && Math.abs(u) < 1);
    };
  }

  /** HSV (hue wrapping, saturation and value in [0, 1]) to 8-bit RGB. */
  static int[] hsv(double hue, double saturation, double value) {
    double h = frac(hue) * 6;
    int sector = (int) h % 6;
    double f = h - Math.floor(h);
    double p = value * (1 - saturation);
    double q = value * (1 - saturation * f);
    double t = value * (1 - saturation * (1 - f));
    double[] rgb =
        switch (sector) {
          case 0 -> new double[] {value, t, p};
          case 1 -> new double[] {q, value, p};
          case 2 -> new double[] {p, value, t};
          case 3 -> new double[] {p, q, value};
          case 4 -> new double[] {t, p, value};
          default -> new double[] {value, p, q};
        };
    return new int[] {channel(rgb[0] * 255), channel(rgb[1] * 255), channel(rgb[2] * 255)};
  }

  private static double frac(double x) {
    return x - Math.floor(x);
  }

  private static double clamp01(double x) {
    return x < 0 ? 0 : Math.min(1, x);
  }

  private static int channel(double v) {
    long r = Math.round(v);
    return r < 0 ? 0 : (int) Math.min(255, r);
  }
}
