package dev.gaze.job;

import ai.djl.Device;
import dev.gaze.model.HookedModel;
import dev.gaze.model.ModelCache;
import dev.gaze.model.Precision;
import dev.gaze.reduce.AttentionStats;
import dev.gaze.reduce.TapStats;
import dev.gaze.source.ImageRecord;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.CollectionAccumulator;

/**
 * The inference stage of one Spark partition: records in, lazily, batch by batch; out the task's
 * per-class partial rows ({@code Schemas.PARTIAL}, see {@link ClassPartials}) or, when the
 * per-image table is asked for, one row per record ({@code Schemas.PER_IMAGE}). The model comes
 * from the executor's {@link ModelCache}, so every task of a JVM shares one instance per device.
 * The device is the GPU Spark's resource scheduling assigned the task ({@link GpuAssignment}), else
 * the CPU; each task records where it ran in an accumulator that ends up in {@code run.json}.
 */
final class InferencePartition implements FlatMapFunction<Iterator<ImageRecord>, Row> {

  private final String model;
  private final List<String> taps;
  private final int batchSize;
  private final long maxPixels;
  private final int numClasses;
  private final Precision precision;
  private final boolean requireGpu;
  private final CollectionAccumulator<TaskPlacement> placements;
  private final int decodeThreads;
  private final RunCounters counters;
  private final boolean perImage;
  private final HashMap<Integer, Long> reused;

  /**
   * Per-class state a task holds before it emits its rows ({@code gaze.partials.maxBytes}, default
   * 256 MiB): about 1,300 classes of ResNet-50's taps.
   */
  static final long PARTIAL_BYTES = Long.getLong("gaze.partials.maxBytes", 256L << 20);

  InferencePartition(
      String model,
      List<String> taps,
      int batchSize,
      long maxPixels,
      int numClasses,
      Precision precision,
      boolean requireGpu,
      CollectionAccumulator<TaskPlacement> placements,
      int decodeThreads,
      RunCounters counters,
      boolean perImage,
      Map<Integer, Long> reused) {
    this.model = model;
    this.taps = List.copyOf(taps);
    this.batchSize = batchSize;
    this.maxPixels = maxPixels;
    this.numClasses = numClasses;
    this.precision = precision;
    this.requireGpu = requireGpu;
    this.placements = placements;
    this.decodeThreads = decodeThreads;
    this.counters = counters;
    this.perImage = perImage;
    this.reused = new HashMap<>(reused);
  }

  @Override
  public Iterator<Row> call(Iterator<ImageRecord> records) {
    TaskContext task = TaskContext.get();
    Long done = task == null ? null : reused.get(task.partitionId());
    if (done != null) {
      // A resumed run: this partition's rows are committed already; its records are not read.
      if (counters != null) {
        counters.addReused(done);
      }
      return java.util.Collections.emptyIterator();
    }
    List<String> gpus = TaskEnvironment.assignedGpus();
    Device device = GpuAssignment.choose(gpus, TaskEnvironment.cudaGpus(), requireGpu);
    if (precision != Precision.FP32 && !device.isGpu()) {
      throw new IllegalStateException(
          "--precision " + precision.label() + " runs only on GPUs, and this task got the CPU");
    }
    if (placements != null) {
      placements.add(TaskEnvironment.placement(gpus, device.toString()));
    }
    HookedModel hooked = ModelCache.get(model, device, precision);
    var spec = hooked.info().input();
    int[] inputSide = {InputMaps.side(spec.height()), InputMaps.side(spec.width())};
    StageTimes times = new StageTimes();
    Iterator<ImageResult> inference =
        new BatchInference(
            hooked,
            precision,
            taps,
            batchSize,
            maxPixels,
            numClasses,
            records,
            DecodeThreads.resolve(decodeThreads),
            times,
            CpuForward.current());
    Iterator<ImageResult> results = counters == null ? inference : counters.track(inference, times);
    if (!perImage) {
      return new PartialRows(results, inputSide, PARTIAL_BYTES);
    }
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return results.hasNext();
      }

      @Override
      public Row next() {
        return toRow(results.next(), inputSide);
      }
    };
  }

  /**
   * The task's {@code Schemas.PARTIAL} rows: error rows as their records come, class rows when the
   * state is full and when the records end.
   */
  private static final class PartialRows implements Iterator<Row> {
    private final Iterator<ImageResult> results;
    private final int[] inputSide;
    private final ClassPartials partials;
    private final java.util.ArrayDeque<Row> ready = new java.util.ArrayDeque<>();

    PartialRows(Iterator<ImageResult> results, int[] inputSide, long maxBytes) {
      this.results = results;
      this.inputSide = inputSide;
      this.partials = new ClassPartials(maxBytes);
    }

    @Override
    public boolean hasNext() {
      while (ready.isEmpty() && results.hasNext()) {
        ImageResult r = results.next();
        if (r.error() != null) {
          ready.add(ClassPartials.errorRow(r));
          continue;
        }
        partials.add(r, inputSide);
        if (partials.isFull()) {
          ready.addAll(partials.drain());
        }
      }
      if (ready.isEmpty() && !partials.isEmpty()) {
        ready.addAll(partials.drain());
      }
      return !ready.isEmpty();
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new java.util.NoSuchElementException();
      }
      return ready.poll();
    }
  }

  /** The per-image row of a result; {@code inputSide} is the input map's height and width. */
  static Row toRow(ImageResult r, int[] inputSide) {
    // Arrays, not java.util.List: Spark's Row encoder takes Java arrays or Scala Seqs.
    Row[] taps = null;
    if (r.error() == null) {
      taps = new Row[r.taps().size()];
      for (int i = 0; i < taps.length; i++) {
        TapStats s = r.taps().get(i);
        taps[i] =
            RowFactory.create(
                s.tap(),
                s.channelMean(),
                s.channelMax(),
                s.channelZeroFraction(),
                s.mapHeight(),
                s.mapWidth(),
                s.spatial());
      }
    }
    Row[] attention = null;
    if (r.error() == null && !r.attention().isEmpty()) {
      attention = new Row[r.attention().size()];
      for (int i = 0; i < attention.length; i++) {
        AttentionStats a = r.attention().get(i);
        attention[i] =
            RowFactory.create(
                a.tap(),
                a.heads(),
                a.gridSide(),
                a.classMaps(),
                a.entropy(),
                a.distance(),
                a.borderFraction(),
                a.cosine());
      }
    }
    Integer inputHeight = null;
    Integer inputWidth = null;
    if (r.inputMap() != null) {
      inputHeight = inputSide[0];
      inputWidth = inputSide[1];
    }
    return RowFactory.create(
        r.source(),
        r.key(),
        r.label(),
        r.predicted(),
        r.error(),
        taps,
        attention,
        r.error() == null ? r.rollout() : null,
        r.error() == null ? r.inputMap() : null,
        inputHeight,
        inputWidth);
  }
}
