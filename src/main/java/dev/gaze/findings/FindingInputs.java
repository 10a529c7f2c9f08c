package dev.gaze.findings;

import dev.gaze.aggregate.ActivationStats;
import dev.gaze.aggregate.ConfusionCell;
import java.util.List;
import java.util.Set;

/**
 * Everything the detectors may read: the aggregated tables as Java values. The attention lists are
 * empty for a model without attention taps.
 *
 * @param taps the analysed taps in forward order
 * @param classNames the class names, index = class id
 * @param stats the {@code activation_stats} rows
 * @param confusion the {@code confusion} rows
 * @param attention the {@code attention_stats} rows and any {@code attention_rollout} rows
 * @param headPairs the {@code head_similarity} rows
 * @param tokenTaps the taps that are a Transformer's output tokens (the residual stream, reduced as
 *     the feature map of the patch tokens): signed by design, unlike a ReLU's outputs
 */
public record FindingInputs(
    List<String> taps,
    List<String> classNames,
    List<ActivationStats> stats,
    List<ConfusionCell> confusion,
    List<AttentionRow> attention,
    List<HeadPairRow> headPairs,
    Set<String> tokenTaps) {

  /** Copies the lists; null lists and sets become empty ones. */
  public FindingInputs {
    taps = taps == null ? List.of() : List.copyOf(taps);
    tokenTaps = tokenTaps == null ? Set.of() : Set.copyOf(tokenTaps);
    classNames = classNames == null ? List.of() : List.copyOf(classNames);
    stats = stats == null ? List.of() : List.copyOf(stats);
    confusion = confusion == null ? List.of() : List.copyOf(confusion);
    attention = attention == null ? List.of() : List.copyOf(attention);
    headPairs = headPairs == null ? List.of() : List.copyOf(headPairs);
  }

  /** Inputs without token taps. */
  public FindingInputs(
      List<String> taps,
      List<String> classNames,
      List<ActivationStats> stats,
      List<ConfusionCell> confusion,
      List<AttentionRow> attention,
      List<HeadPairRow> headPairs) {
    this(taps, classNames, stats, confusion, attention, headPairs, Set.of());
  }

  /** Inputs of a model without attention tables. */
  public static FindingInputs of(
      List<String> taps,
      List<String> classNames,
      List<ActivationStats> stats,
      List<ConfusionCell> confusion) {
    return new FindingInputs(taps, classNames, stats, confusion, List.of(), List.of());
  }

  /** The name of class {@code id}, or {@code "#id"} when it has none. */
  public String className(int id) {
    return id >= 0 && id < classNames.size() ? classNames.get(id) : "#" + id;
  }

  /**
   * The taps that have rows, in forward order: {@link #taps()} first, then any others in the order
   * their rows come.
   */
  public List<String> tapsInOrder() {
    java.util.LinkedHashSet<String> order = new java.util.LinkedHashSet<>();
    java.util.Set<String> present = new java.util.HashSet<>();
    stats.forEach(r -> present.add(r.tap()));
    for (String tap : taps) {
      if (present.contains(tap)) {
        order.add(tap);
      }
    }
    stats.forEach(r -> order.add(r.tap()));
    return List.copyOf(order);
  }
}
