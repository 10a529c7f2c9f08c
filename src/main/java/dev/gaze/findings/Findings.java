package dev.gaze.findings;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The findings' entry point: runs every detector and ranks what they found. */
public final class Findings {

  /** The order in which findings of equal severity are listed. */
  public static final List<String> KINDS =
      List.of(
          DeadChannelsDetector.KIND,
          BorderAttentionDetector.KIND,
          AtypicalClassDetector.KIND,
          LowHighFrequencyDetector.KIND,
          RedundantHeadsDetector.KIND,
          ConfusedClassesDetector.KIND);

  private Findings() {}

  /** Every detector, with these thresholds, in {@link #KINDS} order. */
  public static List<Detector> detectors(FindingOptions options) {
    return List.of(
        new DeadChannelsDetector(options),
        new BorderAttentionDetector(options),
        new AtypicalClassDetector(options),
        new LowHighFrequencyDetector(options),
        new RedundantHeadsDetector(options),
        new ConfusedClassesDetector(options));
  }

  /**
   * What every detector finds in {@code inputs}, most severe first; ties by kind (in {@link #KINDS}
   * order), tap, class and head, so the order depends only on the inputs.
   */
  public static List<Finding> detect(FindingInputs inputs, FindingOptions options) {
    List<Finding> all = new ArrayList<>();
    for (Detector detector : detectors(options)) {
      all.addAll(detector.detect(inputs));
    }
    all.sort(ORDER);
    return List.copyOf(all);
  }

  /** Most severe first, then by kind, tap, class, head and summary. */
  public static final Comparator<Finding> ORDER =
      Comparator.comparingDouble(Finding::severity)
          .reversed()
          .thenComparingInt(f -> kindRank(f.kind()))
          .thenComparing(Finding::tap)
          .thenComparingInt(Finding::classId)
          .thenComparingInt(Finding::head)
          .thenComparing(Finding::summary);

  private static int kindRank(String kind) {
    int i = KINDS.indexOf(kind);
    return i < 0 ? KINDS.size() : i;
  }
}
