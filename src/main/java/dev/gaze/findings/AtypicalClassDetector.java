package dev.gaze.findings;

import dev.gaze.aggregate.ActivationStats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code atypical_class}: classes whose mean spatial map or channel profile of a tap is far from
 * the other classes'. Per tap and measure ({@code map}: the channel-averaged {@code spatialMean};
 * {@code profile}: the {@code channelMean} vector), over the per-class rows of that tap:
 *
 * <ol>
 *   <li>the leave-one-out distance of class k is {@code d_k = ||x_k - c_k|| / s}, where {@code c_k}
 *       is the mean of the other classes' vectors and {@code s} the root mean square of all
 *       classes' norms {@code sqrt(mean_j ||x_j||^2)} (so that {@code d} has no unit);
 *   <li>the class is atypical there when the {@link RobustScore modified z-score} of {@code d_k}
 *       over the classes' distances is above {@link FindingOptions#atypicalZ()} and {@code d_k} is
 *       at least {@link FindingOptions#atypicalMinRatio()} times their median.
 * </ol>
 *
 * One finding per class, at the tap and measure with the highest score; the evidence lists every
 * tap and measure where the class passed; at most {@link FindingOptions#atypicalTop()} classes, the
 * most severe first. Needs at least {@value #MIN_CLASSES} classes. Severity {@code 1 - atypicalZ /
 * z} (1 when the other classes' distances are all equal).
 *
 * @param options the thresholds
 */
public record AtypicalClassDetector(FindingOptions options) implements Detector {

  /** This detector's kind. */
  public static final String KIND = "atypical_class";

  /** The measure of the channel-averaged mean map. */
  public static final String MAP = "map";

  /** The measure of the per-channel means. */
  public static final String PROFILE = "profile";

  /** Fewer classes than this give no distribution to compare against. */
  public static final int MIN_CLASSES = 5;

  /**
   * One class's distance from the others at one tap and measure, and its score.
   *
   * @param classId the class
   * @param className its name
   * @param tap the tap
   * @param measure {@link #MAP} or {@link #PROFILE}
   * @param distance the leave-one-out distance {@code d_k}
   * @param median the median of the distances over the tap's classes
   * @param mad their median absolute deviation
   * @param z the modified z-score of {@code distance}
   * @param images the class's images
   */
  public record Score(
      int classId,
      String className,
      String tap,
      String measure,
      double distance,
      double median,
      double mad,
      double z,
      long images) {}

  @Override
  public String kind() {
    return KIND;
  }

  /**
   * Every class's score at every tap and measure that has at least {@value #MIN_CLASSES} classes,
   * in the order of {@code taps} (then any other taps in row order), map before profile, class id
   * order within.
   */
  public static List<Score> scores(List<ActivationStats> stats, List<String> taps) {
    Map<String, List<ActivationStats>> byTap = new LinkedHashMap<>();
    for (String tap : taps) {
      byTap.put(tap, new ArrayList<>());
    }
    for (ActivationStats row : stats) {
      if (!row.isDatasetWide()) {
        byTap.computeIfAbsent(row.tap(), t -> new ArrayList<>()).add(row);
      }
    }
    List<Score> scores = new ArrayList<>();
    for (Map.Entry<String, List<ActivationStats>> e : byTap.entrySet()) {
      List<ActivationStats> rows = new ArrayList<>(e.getValue());
      rows.sort(java.util.Comparator.comparingInt(ActivationStats::classId));
      if (rows.size() < MIN_CLASSES) {
        continue;
      }
      ActivationStats first = rows.get(0);
      if (first.height() * first.width() >= 2) {
        scores.addAll(score(e.getKey(), MAP, rows, ActivationStats::spatialMean));
      }
      if (first.channels() >= 2) {
        scores.addAll(score(e.getKey(), PROFILE, rows, ActivationStats::channelMean));
      }
    }
    return scores;
  }

  /**
   * Per class, its highest score over taps and measures (see {@link #scores}); classes without a
   * finite score are absent.
   */
  public static Map<Integer, Score> highest(List<Score> scores) {
    Map<Integer, Score> best = new HashMap<>();
    for (Score s : scores) {
      if (!Double.isNaN(s.z())) {
        best.merge(s.classId(), s, (a, b) -> b.z() > a.z() ? b : a);
      }
    }
    return best;
  }

  @Override
  public List<Finding> detect(FindingInputs inputs) {
    Map<Integer, List<Score>> flagged = new LinkedHashMap<>();
    for (Score s : scores(inputs.stats(), inputs.tapsInOrder())) {
      if (s.z() > options.atypicalZ() && s.distance() >= options.atypicalMinRatio() * s.median()) {
        flagged.computeIfAbsent(s.classId(), k -> new ArrayList<>()).add(s);
      }
    }
    List<Finding> findings = new ArrayList<>();
    flagged.forEach((classId, list) -> findings.add(finding(list)));
    findings.sort(
        java.util.Comparator.comparingDouble(Finding::severity)
            .reversed()
            .thenComparingInt(Finding::classId));
    return List.copyOf(findings.subList(0, Math.min(options.atypicalTop(), findings.size())));
  }

  private static List<Score> score(
      String tap,
      String measure,
      List<ActivationStats> rows,
      java.util.function.Function<ActivationStats, double[]> vector) {
    int n = rows.size();
    int dim = vector.apply(rows.get(0)).length;
    double[] sum = new double[dim];
    double squares = 0;
    for (ActivationStats row : rows) {
      double[] x = vector.apply(row);
      for (int i = 0; i < dim; i++) {
        double v = finite(x[i]);
        sum[i] += v;
        squares += v * v;
      }
    }
    double scale = Math.sqrt(squares / n);
    if (!(scale > 0)) {
      return List.of();
    }
    double[] distances = new double[n];
    for (int k = 0; k < n; k++) {
      double[] x = vector.apply(rows.get(k));
      double d2 = 0;
      for (int i = 0; i < dim; i++) {
        double v = finite(x[i]);
        double others = (sum[i] - v) / (n - 1);
        d2 += (v - others) * (v - others);
      }
      distances[k] = Math.sqrt(d2) / scale;
    }
    RobustScore robust = RobustScore.of(distances);
    List<Score> scores = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      ActivationStats row = rows.get(k);
      scores.add(
          new Score(
              row.classId(),
              row.className(),
              tap,
              measure,
              distances[k],
              robust.median(),
              robust.mad(),
              robust.z(distances[k]),
              row.images()));
    }
    return scores;
  }

  /** A missing (non-finite) value counts as 0, so one NaN cannot hide a class. */
  private static double finite(double v) {
    return Double.isFinite(v) ? v : 0;
  }

  private Finding finding(List<Score> passed) {
    Score top = passed.get(0);
    for (Score s : passed) {
      if (s.z() > top.z()) {
        top = s;
      }
    }
    String what = top.measure().equals(MAP) ? "mean spatial map" : "channel profile";
    String z = Double.isInfinite(top.z()) ? "infinite" : format("%.1f", top.z());
    String summary =
        format(
            "Class '%s' is unlike the others: at tap %s its %s is %.2f from the other classes'"
                + " mean (relative distance), %.1f times the median over classes (robust z %s)%s;"
                + " check its images and labels.",
            top.className(),
            top.tap(),
            what,
            top.distance(),
            top.median() > 0 ? top.distance() / top.median() : Double.POSITIVE_INFINITY,
            z,
            passed.size() > 1
                ? format(", and at %d more tap/measure pairs", passed.size() - 1)
                : "");
    Map<String, Double> where = new LinkedHashMap<>();
    for (Score s : passed) {
      where.put(s.tap() + "/" + s.measure(), s.z());
    }
    String evidence =
        new Evidence()
            .put("class_name", top.className())
            .put("measure", top.measure())
            .put("distance", top.distance())
            .put("median", top.median())
            .put("mad", top.mad())
            .put("robust_z", top.z())
            .put("images", top.images())
            .putMap("passed", where)
            .put("atypical_z", options.atypicalZ())
            .put("atypical_min_ratio", options.atypicalMinRatio())
            .put("atypical_top", options.atypicalTop())
            .json();
    double severity = Double.isInfinite(top.z()) ? 1 : 1 - options.atypicalZ() / top.z();
    return new Finding(
        KIND, severity, top.classId(), top.tap(), Finding.NO_HEAD, summary, evidence);
  }

  private static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
