package dev.gaze.findings;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code redundant_heads}: pairs of heads of one attention tap whose class-token maps have a cosine
 * similarity above {@link FindingOptions#redundantCosine()} (default 0.95), candidates for pruning.
 * Severity {@code (cosine - threshold) / (1 - threshold)}; the finding's head is the pair's lower
 * head, the evidence names both.
 *
 * @param options the thresholds
 */
public record RedundantHeadsDetector(FindingOptions options) implements Detector {

  /** This detector's kind. */
  public static final String KIND = "redundant_heads";

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public List<Finding> detect(FindingInputs inputs) {
    double threshold = options.redundantCosine();
    List<Finding> findings = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (HeadPairRow pair : inputs.headPairs()) {
      if (pair.headA() == pair.headB()
          || !Double.isFinite(pair.cosine())
          || pair.cosine() <= threshold) {
        continue;
      }
      int low = Math.min(pair.headA(), pair.headB());
      int high = Math.max(pair.headA(), pair.headB());
      if (!seen.add(pair.tap() + "\u0000" + low + "\u0000" + high)) {
        continue; // the table may hold both (a, b) and (b, a)
      }
      String summary =
          String.format(
              Locale.ROOT,
              "Heads %d and %d of tap %s attend alike: their class-token maps have cosine %.3f"
                  + " (above %.2f), so one of them may be redundant.",
              low,
              high,
              pair.tap(),
              pair.cosine(),
              threshold);
      String evidence =
          new Evidence()
              .put("head_a", low)
              .put("head_b", high)
              .put("cosine", pair.cosine())
              .put("redundant_cosine", threshold)
              .json();
      double severity = Math.min(1, (pair.cosine() - threshold) / (1 - threshold));
      findings.add(
          new Finding(KIND, severity, Finding.NO_CLASS, pair.tap(), low, summary, evidence));
    }
    return findings;
  }
}
