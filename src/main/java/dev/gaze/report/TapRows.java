package dev.gaze.report;

import dev.gaze.aggregate.ActivationStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code activation_stats} rows of one tap, checked for a consistent shape: the per-class rows
 * sorted by class id and the dataset-wide row, if present.
 *
 * @param tap the tap's name
 * @param channels the channel count every row has
 * @param height the height of every row's spatial map
 * @param width the width of every row's spatial map
 * @param classRows the rows with {@code classId >= 0}, ascending by class id
 * @param datasetWide the row with {@code classId == -1}, if any
 */
record TapRows(
    String tap,
    int channels,
    int height,
    int width,
    List<ActivationStats> classRows,
    Optional<ActivationStats> datasetWide) {

  /**
   * Groups {@code stats} by tap: first the taps named in {@code tapOrder}, in that order, then any
   * others by name. Taps named in {@code tapOrder} without rows are left out.
   *
   * @throws IllegalArgumentException if a row's arrays do not match its shape, rows of one tap
   *     disagree on the shape, or a tap has two rows for one class
   */
  static List<TapRows> group(List<ActivationStats> stats, List<String> tapOrder) {
    Map<String, List<ActivationStats>> byTap = new TreeMap<>();
    for (ActivationStats row : stats) {
      check(row);
      byTap.computeIfAbsent(row.tap(), t -> new ArrayList<>()).add(row);
    }
    Map<String, List<ActivationStats>> ordered = new LinkedHashMap<>();
    for (String tap : tapOrder) {
      if (byTap.containsKey(tap)) {
        ordered.put(tap, byTap.get(tap));
      }
    }
    byTap.forEach(ordered::putIfAbsent);
    List<TapRows> taps = new ArrayList<>();
    ordered.forEach((tap, rows) -> taps.add(of(tap, rows)));
    return List.copyOf(taps);
  }

  /** These rows with only the class rows of {@code classIds} (the dataset-wide row kept). */
  TapRows only(List<Integer> classIds) {
    Set<Integer> keep = new HashSet<>(classIds);
    return new TapRows(
        tap,
        channels,
        height,
        width,
        classRows.stream().filter(r -> keep.contains(r.classId())).toList(),
        datasetWide);
  }

  /** Whether channel {@code c} never fired: always {@code <= 0} over the whole dataset. */
  boolean isDead(int c) {
    ActivationStats all = datasetWide.orElseThrow();
    return all.channelZeroFraction()[c] >= 1.0 || all.channelMax()[c] <= 0;
  }

  /** How many channels are dead over the whole dataset, empty without a dataset-wide row. */
  Optional<Integer> deadChannels() {
    if (datasetWide.isEmpty()) {
      return Optional.empty();
    }
    int dead = 0;
    for (int c = 0; c < channels; c++) {
      dead += isDead(c) ? 1 : 0;
    }
    return Optional.of(dead);
  }

  /**
   * The dataset-wide zero fraction averaged over channels (ignoring NaN), empty without a
   * dataset-wide row or any finite value.
   */
  Optional<Double> meanZeroFraction() {
    if (datasetWide.isEmpty()) {
      return Optional.empty();
    }
    double sum = 0;
    int n = 0;
    for (double z : datasetWide.get().channelZeroFraction()) {
      if (Double.isFinite(z)) {
        sum += z;
        n++;
      }
    }
    return n == 0 ? Optional.empty() : Optional.of(sum / n);
  }

  /** The images behind the tap: the dataset-wide row's count, else the sum over classes. */
  long images() {
    return datasetWide
        .map(ActivationStats::images)
        .orElseGet(() -> classRows.stream().mapToLong(ActivationStats::images).sum());
  }

  /** The tap's shape as text, e.g. {@code "256 x 14 x 14"}. */
  String shape() {
    return channels + " x " + height + " x " + width;
  }

  private static TapRows of(String tap, List<ActivationStats> rows) {
    ActivationStats first = rows.get(0);
    List<ActivationStats> classRows = new ArrayList<>();
    ActivationStats all = null;
    Set<Integer> seen = new HashSet<>();
    for (ActivationStats row : rows) {
      if (row.channels() != first.channels()
          || row.height() != first.height()
          || row.width() != first.width()) {
        throw new IllegalArgumentException(
            String.format(
                "tap '%s': class %d has shape %d x %d x %d but class %d has %d x %d x %d;"
                    + " all rows of a tap must have one shape",
                tap,
                row.classId(),
                row.channels(),
                row.height(),
                row.width(),
                first.classId(),
                first.channels(),
                first.height(),
                first.width()));
      }
      if (!seen.add(row.classId())) {
        throw new IllegalArgumentException(
            "tap '" + tap + "' has two rows for class id " + row.classId() + "; expected one");
      }
      if (row.isDatasetWide()) {
        all = row;
      } else {
        classRows.add(row);
      }
    }
    classRows.sort(Comparator.comparingInt(ActivationStats::classId));
    return new TapRows(
        tap,
        first.channels(),
        first.height(),
        first.width(),
        List.copyOf(classRows),
        Optional.ofNullable(all));
  }

  private static void check(ActivationStats row) {
    String where = "activation_stats row (tap '" + row.tap() + "', class " + row.classId() + ")";
    if (row.tap() == null || row.className() == null) {
      throw new IllegalArgumentException(where + ": tap and className must not be null");
    }
    if (row.classId() < ActivationStats.ALL_CLASSES) {
      throw new IllegalArgumentException(
          where + ": classId must be >= 0, or -1 for the dataset-wide row");
    }
    if (row.channels() < 0 || row.height() < 0 || row.width() < 0) {
      throw new IllegalArgumentException(where + ": channels, height and width must be >= 0");
    }
    checkLength(where, "channelMean", row.channelMean(), row.channels());
    checkLength(where, "channelStd", row.channelStd(), row.channels());
    checkLength(where, "channelMax", row.channelMax(), row.channels());
    checkLength(where, "channelZeroFraction", row.channelZeroFraction(), row.channels());
    checkLength(where, "spatialMean", row.spatialMean(), row.height() * row.width());
  }

  private static void checkLength(String where, String field, double[] values, int expected) {
    if (values == null || values.length != expected) {
      throw new IllegalArgumentException(
          String.format(
              "%s: %s has %s values, expected %d",
              where, field, values == null ? "no" : String.valueOf(values.length), expected));
    }
  }
}
