package dev.gaze.findings;

import dev.gaze.aggregate.ActivationStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code dead_channels}: per tap, the channels that never respond over the whole dataset
 * (dataset-wide zero fraction 1, or mean spatial max {@code <= 0}); severity = the share of the
 * tap's channels that are dead, and the summary says so when more than {@link
 * FindingOptions#deadTapFraction()} are. Not for token taps ({@link FindingInputs#tokenTaps()}): a
 * channel of a Transformer's residual stream that is negative everywhere still carries what varies
 * in it, and the next LayerNorm rescales it, so "never above 0" is no sign of a dead unit there. A
 * second finding per tap when its per-class spatial maps are flat across classes ({@link
 * SpatialMetrics#spreadAcrossMaps} below {@link FindingOptions#flatSpread()}); severity {@code 1 -
 * spread / flatSpread}.
 *
 * @param options the thresholds
 */
public record DeadChannelsDetector(FindingOptions options) implements Detector {

  /** This detector's kind. */
  public static final String KIND = "dead_channels";

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public List<Finding> detect(FindingInputs inputs) {
    List<Finding> findings = new ArrayList<>();
    for (String tap : inputs.tapsInOrder()) {
      List<ActivationStats> rows =
          inputs.stats().stream().filter(r -> r.tap().equals(tap)).toList();
      if (!inputs.tokenTaps().contains(tap)) {
        datasetWide(rows).ifPresent(all -> dead(tap, all).ifPresent(findings::add));
      }
      flat(tap, rows).ifPresent(findings::add);
    }
    return findings;
  }

  /** The indices of the dead channels of a dataset-wide row, ascending. */
  public static List<Integer> deadChannels(ActivationStats all) {
    List<Integer> dead = new ArrayList<>();
    for (int c = 0; c < all.channels(); c++) {
      if (all.channelZeroFraction()[c] >= 1.0 || all.channelMax()[c] <= 0) {
        dead.add(c);
      }
    }
    return dead;
  }

  private Optional<Finding> dead(String tap, ActivationStats all) {
    List<Integer> dead = deadChannels(all);
    if (dead.isEmpty()) {
      return Optional.empty();
    }
    double fraction = (double) dead.size() / all.channels();
    boolean most = fraction > options.deadTapFraction();
    String summary =
        String.format(
            Locale.ROOT,
            "%s%d of %d channels of tap %s never respond on any of the %d images (channels %s).",
            most ? "Most of the tap is dead: " : "",
            dead.size(),
            all.channels(),
            tap,
            all.images(),
            ranges(dead));
    String evidence =
        new Evidence()
            .put("reason", "dead")
            .put("channels", all.channels())
            .put("images", all.images())
            .putInts("dead_channels", dead)
            .put("dead_fraction", fraction)
            .put("mostly_dead", most)
            .put("dead_tap_fraction", options.deadTapFraction())
            .json();
    return Optional.of(
        new Finding(KIND, fraction, Finding.NO_CLASS, tap, Finding.NO_HEAD, summary, evidence));
  }

  private Optional<Finding> flat(String tap, List<ActivationStats> rows) {
    List<ActivationStats> classes = rows.stream().filter(r -> !r.isDatasetWide()).toList();
    if (classes.size() < 2 || classes.get(0).spatialMean().length == 0) {
      return Optional.empty();
    }
    double spread =
        SpatialMetrics.spreadAcrossMaps(
            classes.stream().map(ActivationStats::spatialMean).toList());
    if (spread >= options.flatSpread()) {
      return Optional.empty();
    }
    String summary =
        String.format(
            Locale.ROOT,
            "The spatial map of tap %s is flat across classes: the %d per-class maps differ by"
                + " %.2g%% of their size (threshold %.2g%%), so the tap carries no class"
                + " information in where it responds.",
            tap,
            classes.size(),
            100 * spread,
            100 * options.flatSpread());
    String evidence =
        new Evidence()
            .put("reason", "flat")
            .put("classes", classes.size())
            .put("spread", spread)
            .put("flat_spread", options.flatSpread())
            .json();
    return Optional.of(
        new Finding(
            KIND,
            1 - spread / options.flatSpread(),
            Finding.NO_CLASS,
            tap,
            Finding.NO_HEAD,
            summary,
            evidence));
  }

  private static Optional<ActivationStats> datasetWide(List<ActivationStats> rows) {
    return rows.stream().filter(ActivationStats::isDatasetWide).findFirst();
  }

  /** {@code [1, 2, 3, 7]} as {@code "1-3, 7"}. */
  static String ranges(List<Integer> sorted) {
    StringBuilder s = new StringBuilder();
    int i = 0;
    while (i < sorted.size()) {
      int j = i;
      while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) {
        j++;
      }
      if (s.length() > 0) {
        s.append(", ");
      }
      s.append(sorted.get(i));
      if (j > i) {
        s.append('-').append(sorted.get(j));
      }
      i = j + 1;
    }
    return s.toString();
  }
}
