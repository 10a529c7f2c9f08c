package dev.gaze.cli;

import dev.gaze.job.ProgressSnapshot;
import java.util.Locale;

/** The text of {@code analyze}'s progress line. */
final class ProgressLine {

  private ProgressLine() {}

  /**
   * As {@code 12,345 of ~50,000 images (24.7%), 812 images/s, 3 failed, elapsed 0:15, ETA 0:46}
   * (with {@code , 6,000 reused} before the rate when a resumed run took records' results from the
   * interrupted one); {@code ~} marks an estimated total, {@code ?} an unknown one; the rate is the
   * inference stage's. Once inference is done, {@code inference done in 0:20, aggregating} replaces
   * the ETA.
   */
  static String format(ProgressSnapshot p) {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "%,d of ", p.done()));
    if (p.total() < 0) {
      s.append("? images");
    } else {
      s.append(p.exact() ? "" : "~").append(String.format(Locale.ROOT, "%,d images", p.total()));
      if (p.total() > 0) {
        s.append(
            String.format(Locale.ROOT, " (%.1f%%)", Math.min(100.0, 100.0 * p.done() / p.total())));
      }
    }
    if (p.reused() > 0) {
      s.append(String.format(Locale.ROOT, ", %,d reused", p.reused()));
    }
    s.append(String.format(Locale.ROOT, ", %.0f images/s", p.rate()));
    s.append(String.format(Locale.ROOT, ", %,d failed", p.failed()));
    s.append(", elapsed ").append(clock(p.elapsedSeconds()));
    if (p.inferenceDone()) {
      s.append(", inference done in ").append(clock(p.inferenceSeconds()));
      s.append(", aggregating");
    } else {
      s.append(", ETA ").append(p.etaSeconds() < 0 ? "?" : clock(p.etaSeconds()));
    }
    return s.toString();
  }

  /** Seconds as {@code m:ss}, or {@code h:mm:ss} from an hour. */
  static String clock(double seconds) {
    long s = Math.round(seconds);
    if (s >= 3600) {
      return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
    return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
