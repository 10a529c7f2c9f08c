package dev.gaze.findings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code border_attention}: classes whose class-token attention (or rollout, {@code head == -1})
 * falls on the outer ring of patches far more than is typical for the dataset. For each (tap,
 * head), over the per-class rows, a class is reported when the {@link RobustScore modified z-score}
 * of its border fraction against the distribution over classes is above {@link
 * FindingOptions#borderZ()} and the fraction exceeds the median over classes by at least {@link
 * FindingOptions#borderMinExcess()}. Needs at least 3 classes. Severity {@code 1 - borderZ / z} (1
 * when the other classes' fractions are all equal).
 *
 * @param options the thresholds
 */
public record BorderAttentionDetector(FindingOptions options) implements Detector {

  /** This detector's kind. */
  public static final String KIND = "border_attention";

  /** Fewer classes than this give no distribution to compare against. */
  static final int MIN_CLASSES = 3;

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public List<Finding> detect(FindingInputs inputs) {
    Map<String, List<AttentionRow>> groups = new LinkedHashMap<>();
    for (AttentionRow row : inputs.attention()) {
      if (row.classId() >= 0 && Double.isFinite(row.borderFraction())) {
        groups.computeIfAbsent(row.tap() + "\u0000" + row.head(), k -> new ArrayList<>()).add(row);
      }
    }
    List<Finding> findings = new ArrayList<>();
    for (List<AttentionRow> rows : groups.values()) {
      if (rows.size() < MIN_CLASSES) {
        continue;
      }
      double[] fractions = rows.stream().mapToDouble(AttentionRow::borderFraction).toArray();
      RobustScore score = RobustScore.of(fractions);
      for (AttentionRow row : rows) {
        double z = score.z(row.borderFraction());
        double excess = row.borderFraction() - score.median();
        if (z > options.borderZ() && excess >= options.borderMinExcess()) {
          findings.add(finding(row, score, z));
        }
      }
    }
    return findings;
  }

  private Finding finding(AttentionRow row, RobustScore score, double z) {
    String where =
        row.tap().equals(AttentionRow.ROLLOUT_TAP)
            ? "the attention rollout"
            : row.head() < 0
                ? "the head mean of tap " + row.tap()
                : "head " + row.head() + " of tap " + row.tap();
    String summary =
        String.format(
            Locale.ROOT,
            "Class '%s' is recognised by its border: %s puts %.1f%% of the class-token attention"
                + " on the outer ring of patches, against a median of %.1f%% over classes (robust"
                + " z %s); check the images for frames, marks or watermarks.",
            row.className(),
            where,
            100 * row.borderFraction(),
            100 * score.median(),
            Double.isInfinite(z) ? "infinite" : String.format(Locale.ROOT, "%.1f", z));
    String evidence =
        new Evidence()
            .put("class_name", row.className())
            .put("border_fraction", row.borderFraction())
            .put("median", score.median())
            .put("mad", score.mad())
            .put("robust_z", z)
            .put("uniform_share", row.uniformBorderShare())
            .put("images", row.images())
            .put("border_z", options.borderZ())
            .put("border_min_excess", options.borderMinExcess())
            .json();
    double severity = Double.isInfinite(z) ? 1 : 1 - options.borderZ() / z;
    return new Finding(KIND, severity, row.classId(), row.tap(), row.head(), summary, evidence);
  }
}
