package dev.gaze.findings;

import dev.gaze.aggregate.ActivationStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code low_high_frequency}: early taps whose per-class mean spatial maps carry little
 * high-frequency energy. A tap's ratio is the mean over its classes of {@link
 * SpatialMetrics#highFrequencyRatio} (white noise = 1, a smooth blob close to 0); the early taps
 * are the first {@code ceil(hfEarlyFraction * n)} of the {@code n} taps with maps of at least 3 x
 * 3, in forward order; one is reported when its ratio is below {@link FindingOptions#hfMinRatio()},
 * with severity {@code 1 - ratio / hfMinRatio}. The evidence lists every tap's ratio for
 * comparison.
 *
 * @param options the thresholds
 */
public record LowHighFrequencyDetector(FindingOptions options) implements Detector {

  /** This detector's kind. */
  public static final String KIND = "low_high_frequency";

  @Override
  public String kind() {
    return KIND;
  }

  /**
   * The high-frequency ratio of every tap with a map of at least 3 x 3 and at least one class row
   * whose map is not constant, in forward order.
   */
  public static Map<String, Double> ratios(FindingInputs inputs) {
    Map<String, Double> ratios = new LinkedHashMap<>();
    for (String tap : inputs.tapsInOrder()) {
      double sum = 0;
      int n = 0;
      for (ActivationStats row : inputs.stats()) {
        if (row.tap().equals(tap) && !row.isDatasetWide()) {
          double r =
              SpatialMetrics.highFrequencyRatio(row.spatialMean(), row.height(), row.width());
          if (Double.isFinite(r)) {
            sum += r;
            n++;
          }
        }
      }
      if (n > 0) {
        ratios.put(tap, sum / n);
      }
    }
    return ratios;
  }

  @Override
  public List<Finding> detect(FindingInputs inputs) {
    Map<String, Double> ratios = ratios(inputs);
    int early = (int) Math.ceil(options.hfEarlyFraction() * ratios.size());
    List<Finding> findings = new ArrayList<>();
    int index = 0;
    for (Map.Entry<String, Double> e : ratios.entrySet()) {
      if (index++ >= early) {
        break;
      }
      double ratio = e.getValue();
      if (ratio >= options.hfMinRatio()) {
        continue;
      }
      String summary =
          String.format(
              Locale.ROOT,
              "Early tap %s has little high-frequency response: its per-class maps' Laplacian"
                  + " energy is %.3g of white noise's (threshold %.3g); check input resolution,"
                  + " blur in preprocessing or augmentation.",
              e.getKey(),
              ratio,
              options.hfMinRatio());
      String evidence =
          new Evidence()
              .put("ratio", ratio)
              .put("hf_min_ratio", options.hfMinRatio())
              .put("early_taps", early)
              .putMap("ratios", ratios)
              .json();
      findings.add(
          new Finding(
              KIND,
              1 - ratio / options.hfMinRatio(),
              Finding.NO_CLASS,
              e.getKey(),
              Finding.NO_HEAD,
              summary,
              evidence));
    }
    return findings;
  }
}
