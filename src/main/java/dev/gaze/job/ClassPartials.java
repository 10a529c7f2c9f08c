package dev.gaze.job;

import dev.gaze.aggregate.ActivationStats;
import dev.gaze.reduce.AttentionStats;
import dev.gaze.reduce.TapStats;
import dev.gaze.stats.RunningMoments;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Combines one task's analysed images per class into the mergeable rows of {@code Schemas.PARTIAL}:
 * for each class seen, the count, the predictions, running moments (Welford, in double) of the
 * statistics whose spread is reported, and double sums of those whose mean is; and the same over
 * all the task's images as a row of class {@link ActivationStats#ALL_CLASSES} (without
 * predictions), so that the dataset-wide results are one merge of those rows rather than a second
 * merge of the per-class results. Records that could not be analysed become error rows as they
 * come.
 *
 * <p>The state grows with the classes a task sees; past {@code maxBytes} of state the caller drains
 * it ({@link #isFull}) and goes on with empty state: two rows of one class from one task merge like
 * rows from two tasks. Not thread-safe.
 */
final class ClassPartials {

  private final long maxBytes;
  private final Map<Integer, ClassState> classes = new TreeMap<>();
  private ClassState all;
  private long bytes;
  private String source;
  private String key;

  /** Empty state that reports itself full past {@code maxBytes} (at least one class is kept). */
  ClassPartials(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** The error row of a record that could not be analysed. */
  static Row errorRow(ImageResult r) {
    return RowFactory.create(
        r.source(), r.key(), r.label(), r.error(), 0L, null, null, null, null, null, null, null);
  }

  /**
   * Adds an analysed image.
   *
   * @param inputSide the input map's height and width, used when the image has one
   */
  void add(ImageResult r, int[] inputSide) {
    if (r.error() != null || r.label() == null) {
      throw new IllegalArgumentException("not an analysed, labelled image: " + r.key());
    }
    if (source == null) {
      source = r.source();
      key = r.key();
    }
    ClassState state = classes.get(r.label());
    if (state == null) {
      state = new ClassState(r, inputSide);
      classes.put(r.label(), state);
      bytes += state.bytes();
    }
    state.add(r);
    if (all == null) {
      all = new ClassState(r, inputSide);
      bytes += all.bytes();
    }
    all.add(r);
  }

  /** Whether the state has reached its byte limit and should be drained. */
  boolean isFull() {
    return bytes >= maxBytes;
  }

  /** Whether no image was added since the last drain. */
  boolean isEmpty() {
    return classes.isEmpty();
  }

  /**
   * One row per class held, in class order, then the row of all of them ({@link
   * ActivationStats#ALL_CLASSES}); the state is empty afterwards.
   */
  List<Row> drain() {
    List<Row> rows = new ArrayList<>(classes.size() + 1);
    for (Map.Entry<Integer, ClassState> e : classes.entrySet()) {
      rows.add(e.getValue().row(source, key, e.getKey(), true));
    }
    if (all != null) {
      rows.add(all.row(source, key, ActivationStats.ALL_CLASSES, false));
    }
    classes.clear();
    all = null;
    bytes = 0;
    source = null;
    key = null;
    return rows;
  }

  /** One class's state. */
  private static final class ClassState {
    private long images;
    private final Map<Integer, Long> predictions = new TreeMap<>();
    private final List<TapState> taps = new ArrayList<>();
    private final List<AttentionState> attention = new ArrayList<>();
    private final double[] rollout;
    private final double[] input;
    private final int[] inputSide;

    ClassState(ImageResult first, int[] inputSide) {
      for (TapStats t : first.taps()) {
        taps.add(new TapState(t));
      }
      for (AttentionStats a : first.attention()) {
        attention.add(new AttentionState(a));
      }
      rollout = first.rollout() == null ? null : new double[first.rollout().length];
      input = first.inputMap() == null ? null : new double[first.inputMap().length];
      this.inputSide = inputSide;
    }

    long bytes() {
      long doubles = (rollout == null ? 0 : rollout.length) + (input == null ? 0 : input.length);
      for (TapState t : taps) {
        doubles += t.doubles();
      }
      for (AttentionState a : attention) {
        doubles += a.doubles();
      }
      return 8 * doubles + 256;
    }

    void add(ImageResult r) {
      if (r.taps().size() != taps.size() || r.attention().size() != attention.size()) {
        throw new IllegalStateException(
            "image " + r.key() + " has other taps than the first image of its class");
      }
      images++;
      predictions.merge(r.predicted(), 1L, Long::sum);
      for (int i = 0; i < taps.size(); i++) {
        taps.get(i).add(r.taps().get(i));
      }
      for (int i = 0; i < attention.size(); i++) {
        attention.get(i).add(r.attention().get(i));
      }
      if (rollout != null) {
        addTo(rollout, r.rollout(), "rollout");
      }
      if (input != null) {
        addTo(input, r.inputMap(), "input map");
      }
    }

    /** The state as a partial row of class {@code classId}, its predictions only if asked. */
    Row row(String source, String key, int classId, boolean withPredictions) {
      Row[] counts = null;
      if (withPredictions) {
        counts = new Row[predictions.size()];
        int i = 0;
        for (Map.Entry<Integer, Long> e : predictions.entrySet()) {
          counts[i++] = RowFactory.create(e.getKey(), e.getValue());
        }
      }
      Row[] tapRows = taps.stream().map(TapState::row).toArray(Row[]::new);
      Row[] attentionRows =
          attention.isEmpty()
              ? null
              : attention.stream().map(AttentionState::row).toArray(Row[]::new);
      boolean hasInput = input != null;
      return RowFactory.create(
          source,
          key,
          classId,
          null,
          images,
          counts,
          tapRows,
          attentionRows,
          rollout,
          input,
          hasInput ? inputSide[0] : null,
          hasInput ? inputSide[1] : null);
    }
  }

  /** One feature-map or token tap of one class. */
  private static final class TapState {
    private final String tap;
    private final int height;
    private final int width;
    private final RunningMoments mean;
    private final double[] max;
    private final double[] zero;
    private final double[] spatial;

    TapState(TapStats first) {
      tap = first.tap();
      height = first.mapHeight();
      width = first.mapWidth();
      int channels = first.channelMean().length;
      mean = new RunningMoments(channels);
      max = new double[channels];
      zero = new double[channels];
      spatial = new double[first.spatial().length];
    }

    long doubles() {
      return 2L * mean.length() + max.length + zero.length + spatial.length;
    }

    void add(TapStats s) {
      if (!s.tap().equals(tap) || s.mapHeight() != height || s.mapWidth() != width) {
        throw new IllegalStateException(
            "tap " + s.tap() + " " + s.mapHeight() + "x" + s.mapWidth() + " where " + tap + " was");
      }
      mean.add(s.channelMean());
      addTo(max, s.channelMax(), tap);
      addTo(zero, s.channelZeroFraction(), tap);
      addTo(spatial, s.spatial(), tap);
    }

    Row row() {
      return RowFactory.create(tap, height, width, mean.mean(), mean.m2(), max, zero, spatial);
    }
  }

  /** One attention tap of one class. */
  private static final class AttentionState {
    private final String tap;
    private final int heads;
    private final int gridSide;
    private final double[] maps;
    private final RunningMoments entropy;
    private final RunningMoments distance;
    private final double[] border;
    private final double[] cosine;

    AttentionState(AttentionStats first) {
      tap = first.tap();
      heads = first.heads();
      gridSide = first.gridSide();
      maps = new double[first.classMaps().length];
      entropy = new RunningMoments(first.entropy().length);
      distance = new RunningMoments(first.distance().length);
      border = new double[first.borderFraction().length];
      cosine = new double[first.cosine().length];
    }

    long doubles() {
      return maps.length
          + 2L * entropy.length()
          + 2L * distance.length()
          + border.length
          + cosine.length;
    }

    void add(AttentionStats a) {
      if (!a.tap().equals(tap) || a.heads() != heads || a.gridSide() != gridSide) {
        throw new IllegalStateException("attention tap " + a.tap() + " where " + tap + " was");
      }
      addTo(maps, a.classMaps(), tap);
      entropy.add(a.entropy());
      distance.add(a.distance());
      addTo(border, a.borderFraction(), tap);
      addTo(cosine, a.cosine(), tap);
    }

    Row row() {
      return RowFactory.create(
          tap,
          heads,
          gridSide,
          maps,
          entropy.mean(),
          entropy.m2(),
          distance.mean(),
          distance.m2(),
          border,
          cosine);
    }
  }

  private static void addTo(double[] sum, float[] x, String what) {
    if (x.length != sum.length) {
      throw new IllegalStateException(
          what + ": " + x.length + " values where " + sum.length + " were");
    }
    for (int i = 0; i < x.length; i++) {
      sum[i] += x[i];
    }
  }
}
