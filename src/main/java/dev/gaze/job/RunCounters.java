package dev.gaze.job;

import dev.gaze.image.DecodePath;
import dev.gaze.job.StageTimes.Stage;
import java.io.Serializable;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * The run's named Spark accumulators, updated by the inference tasks so that the Spark UI (and
 * {@code analyze}'s progress line, which reads them from task events) shows the counts while the
 * run goes: {@value #IMAGES} (images analysed), {@value #FAILED} (records that failed), per stage,
 * {@code gaze.ns.<stage>} (nanoseconds summed over threads; see {@link StageTimes}) and, per
 * decoder, {@code gaze.decoded.<path>} (images it decoded: {@code native}, {@code imageio}).
 */
public final class RunCounters implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The accumulator of analysed images. */
  public static final String IMAGES = "gaze.images";

  /** The accumulator of records that could not be analysed. */
  public static final String FAILED = "gaze.failed";

  /** The accumulator of records whose results a resumed run reused from the interrupted one. */
  public static final String REUSED = "gaze.reused";

  /** The prefix of the per-stage nanosecond accumulators. */
  public static final String NANOS_PREFIX = "gaze.ns.";

  /** The prefix of the per-decoder image counts. */
  public static final String DECODED_PREFIX = "gaze.decoded.";

  /** How many rows pass between two flushes of the stage times into the accumulators. */
  private static final int FLUSH_EVERY = 64;

  private final LongAccumulator images;
  private final LongAccumulator failed;
  private final LongAccumulator reused;
  private final EnumMap<Stage, LongAccumulator> nanos;
  private final EnumMap<DecodePath, LongAccumulator> decoded;

  private RunCounters(
      LongAccumulator images,
      LongAccumulator failed,
      LongAccumulator reused,
      EnumMap<Stage, LongAccumulator> nanos,
      EnumMap<DecodePath, LongAccumulator> decoded) {
    this.images = images;
    this.failed = failed;
    this.reused = reused;
    this.nanos = nanos;
    this.decoded = decoded;
  }

  /** Registers a fresh set of accumulators with {@code sc}. */
  public static RunCounters register(SparkContext sc) {
    EnumMap<Stage, LongAccumulator> nanos = new EnumMap<>(Stage.class);
    for (Stage s : Stage.values()) {
      nanos.put(s, sc.longAccumulator(nanosName(s)));
    }
    EnumMap<DecodePath, LongAccumulator> decoded = new EnumMap<>(DecodePath.class);
    for (DecodePath p : DecodePath.values()) {
      decoded.put(p, sc.longAccumulator(DECODED_PREFIX + p.label()));
    }
    return new RunCounters(
        sc.longAccumulator(IMAGES),
        sc.longAccumulator(FAILED),
        sc.longAccumulator(REUSED),
        nanos,
        decoded);
  }

  /** The name of {@code stage}'s accumulator, as {@code gaze.ns.decode}. */
  public static String nanosName(Stage stage) {
    return NANOS_PREFIX + stage.name().toLowerCase(Locale.ROOT);
  }

  /** Analysed images so far (on the driver: of finished tasks). */
  public long images() {
    return images.value();
  }

  /** Failed records so far (on the driver: of finished tasks). */
  public long failed() {
    return failed.value();
  }

  /** Counts the records of a partition whose results were reused (on the task thread). */
  void addReused(long records) {
    reused.add(records);
  }

  /**
   * Images decoded per decoder so far (on the driver: of finished tasks), keyed by {@link
   * DecodePath#label()}, for {@code run.json}.
   */
  public Map<String, Long> decoded() {
    Map<String, Long> m = new java.util.LinkedHashMap<>();
    decoded.forEach((p, a) -> m.put(p.label(), a.value()));
    return m;
  }

  /** Nanoseconds per stage so far (on the driver: of finished tasks). */
  public Map<Stage, Long> nanos() {
    Map<Stage, Long> m = new EnumMap<>(Stage.class);
    nanos.forEach((s, a) -> m.put(s, a.value()));
    return m;
  }

  /**
   * Counts the results that pass, adds {@code times} (which the inference adds to) into the stage
   * accumulators every few rows and at the end, and counts the time the consumer spends between two
   * rows (turning them into rows and writing them) as {@link Stage#WRITE}. Runs on the task thread,
   * as accumulators must be updated.
   */
  Iterator<ImageResult> track(Iterator<ImageResult> results, StageTimes times) {
    return new Iterator<>() {
      private final long[] flushed = new long[Stage.values().length];
      private final long[] flushedDecoded = new long[DecodePath.values().length];
      private long returned;
      private long rows;

      @Override
      public boolean hasNext() {
        if (returned != 0) {
          times.add(Stage.WRITE, System.nanoTime() - returned);
          returned = 0;
        }
        boolean more = results.hasNext();
        if (!more) {
          flush();
        }
        return more;
      }

      @Override
      public ImageResult next() {
        if (returned != 0) {
          times.add(Stage.WRITE, System.nanoTime() - returned);
        }
        ImageResult r = results.next();
        (r.error() == null ? images : failed).add(1);
        if (++rows % FLUSH_EVERY == 0) {
          flush();
        }
        returned = System.nanoTime();
        return r;
      }

      private void flush() {
        for (Stage s : Stage.values()) {
          long now = times.nanos(s);
          nanos.get(s).add(now - flushed[s.ordinal()]);
          flushed[s.ordinal()] = now;
        }
        for (DecodePath p : DecodePath.values()) {
          long now = times.decoded(p);
          decoded.get(p).add(now - flushedDecoded[p.ordinal()]);
          flushedDecoded[p.ordinal()] = now;
        }
      }
    };
  }
}
