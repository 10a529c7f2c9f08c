package dev.gaze.job;

import dev.gaze.image.DecodePath;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Nanoseconds spent in each stage of the inference path, summed over the threads that ran it (so
 * with decode threads, decode time can exceed wall time), and the images each decoder decoded. Safe
 * to add to from any thread.
 */
public final class StageTimes {

  /** The stages one record goes through on an executor. */
  public enum Stage {
    /** reading records from the source (tar parsing, decompression, file system) */
    READ,
    /** JPEG/PNG to pixels */
    DECODE,
    /** resize, crop, normalise into the input tensor */
    PREPROCESS,
    /** the hooked forward pass, reductions excluded */
    FORWARD,
    /** the per-tap reductions on the device and the copy of their results */
    REDUCE,
    /** turning results into rows and writing the per-image table (the task's consumer) */
    WRITE
  }

  private final Map<Stage, LongAdder> nanos = new EnumMap<>(Stage.class);
  private final Map<DecodePath, LongAdder> decoded = new EnumMap<>(DecodePath.class);

  /** All stages at zero. */
  public StageTimes() {
    for (Stage s : Stage.values()) {
      nanos.put(s, new LongAdder());
    }
    for (DecodePath p : DecodePath.values()) {
      decoded.put(p, new LongAdder());
    }
  }

  /** Adds {@code value} nanoseconds to {@code stage}. */
  public void add(Stage stage, long value) {
    nanos.get(stage).add(value);
  }

  /** The nanoseconds spent in {@code stage} so far. */
  public long nanos(Stage stage) {
    return nanos.get(stage).sum();
  }

  /** Counts one image decoded by {@code path}. */
  public void countDecoded(DecodePath path) {
    decoded.get(path).increment();
  }

  /** The images {@code path} decoded so far. */
  public long decoded(DecodePath path) {
    return decoded.get(path).sum();
  }
}
