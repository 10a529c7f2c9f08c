package dev.gaze.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Round tick values (1, 2 or 5 times a power of ten apart) for an axis, and their labels. */
final class Ticks {

  private Ticks() {}

  /** About {@code target} round values inside {@code [lo, hi]}, ascending; at least one. */
  static List<Double> between(double lo, double hi, int target) {
    List<Double> ticks = new ArrayList<>();
    if (!(hi > lo)) {
      ticks.add(lo);
      return ticks;
    }
    double step = step(hi - lo, target);
    long first = (long) Math.ceil(lo / step - 1e-9);
    long last = (long) Math.floor(hi / step + 1e-9);
    for (long k = first; k <= last; k++) {
      ticks.add(k * step);
    }
    if (ticks.isEmpty()) {
      ticks.add(lo);
    }
    return ticks;
  }

  /** Round integer ticks in {@code [0, count)} for an index axis (channels, classes). */
  static List<Integer> indices(int count, int target) {
    List<Integer> ticks = new ArrayList<>();
    if (count <= 0) {
      return ticks;
    }
    long step = Math.max(1, Math.round(step(Math.max(1, count - 1), target)));
    for (long i = 0; i < count; i += step) {
      ticks.add((int) i);
    }
    return ticks;
  }

  /** The tick spacing: 1, 2 or 5 times a power of ten, giving about {@code target} ticks. */
  static double step(double span, int target) {
    double raw = span / Math.max(1, target);
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    double residual = raw / magnitude;
    double nice = residual < 1.5 ? 1 : residual < 3.5 ? 2 : residual < 7.5 ? 5 : 10;
    return nice * magnitude;
  }

  /**
   * A short label for {@code value}: plain decimals with no trailing zeros for ordinary magnitudes,
   * scientific notation for very large or very small ones.
   */
  static String label(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    double abs = Math.abs(value);
    if (abs < 1e-12) {
      return "0";
    }
    if (abs >= 1e5 || abs < 1e-3) {
      return String.format(Locale.ROOT, "%.2e", value);
    }
    BigDecimal rounded = new BigDecimal(String.format(Locale.ROOT, "%.4g", value));
    return rounded.stripTrailingZeros().toPlainString();
  }
}
