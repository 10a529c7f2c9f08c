package dev.gaze.job;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.gaze.image.InputSpec;
import dev.gaze.model.HookedModel;
import dev.gaze.model.Precision;
import dev.gaze.reduce.AttentionReducer;
import dev.gaze.reduce.ModelReduction;
import dev.gaze.reduce.TapReducer;
import dev.gaze.reduce.TapStats;
import dev.gaze.source.ImageRecord;
import java.nio.FloatBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Streams records through decode, preprocess, hooked forward and reduction, one batch at a time,
 * yielding one {@link ImageResult} per record in input order. Broken records and images that fail
 * to decode become failed results and never reach the model. Each batch's native arrays are freed
 * before the next batch starts, so memory does not grow with the number of batches.
 *
 * <p>Knows nothing of Spark (beyond its decode threads stopping when a Spark task ends): the job
 * wraps it in a partition function, the benchmark runs it directly.
 */
public final class BatchInference implements Iterator<ImageResult>, AutoCloseable {

  private final HookedModel model;
  private final Set<String> taps;
  private final DecodedBatches batches;
  private final StageTimes times;
  private final InputSpec spec;
  private final Precision precision;
  private final CpuForward cpu;
  private final ArrayDeque<ImageResult> ready = new ArrayDeque<>();

  /**
   * @param model the model, shared with other tasks
   * @param taps the taps to reduce, in forward order
   * @param batchSize images per forward pass
   * @param maxPixels the decoder's pixel limit
   * @param numClasses the dataset's class count, or 0 when unknown; labels at or above it are
   *     errors
   * @param records the records to analyse
   */
  public BatchInference(
      HookedModel model,
      List<String> taps,
      int batchSize,
      long maxPixels,
      int numClasses,
      Iterator<ImageRecord> records) {
    this(model, Precision.FP32, taps, batchSize, maxPixels, numClasses, records);
  }

  /**
   * As {@link #BatchInference(HookedModel, List, int, long, int, Iterator)}, for a model whose
   * parameters are in {@code precision}: each batch is cast to it before the forward pass (the
   * reductions widen to float32 again).
   */
  public BatchInference(
      HookedModel model,
      Precision precision,
      List<String> taps,
      int batchSize,
      long maxPixels,
      int numClasses,
      Iterator<ImageRecord> records) {
    this(model, precision, taps, batchSize, maxPixels, numClasses, records, 0, new StageTimes());
  }

  /**
   * As {@link #BatchInference(HookedModel, Precision, List, int, long, int, Iterator)}, decoding
   * the next batches on {@code decodeThreads} threads while the current one runs (0: on the calling
   * thread, between batches; see {@link DecodedBatches}), and adding the time spent in each stage
   * to {@code times}.
   */
  public BatchInference(
      HookedModel model,
      Precision precision,
      List<String> taps,
      int batchSize,
      long maxPixels,
      int numClasses,
      Iterator<ImageRecord> records,
      int decodeThreads,
      StageTimes times) {
    this(
        model,
        precision,
        taps,
        batchSize,
        maxPixels,
        numClasses,
        records,
        decodeThreads,
        times,
        null);
  }

  /**
   * As {@link #BatchInference(HookedModel, Precision, List, int, long, int, Iterator, int,
   * StageTimes)}, running each forward pass (and the reductions on the device) as {@code cpu}
   * arranges the cores when the model is on the CPU; null leaves libtorch's threads as they are.
   */
  public BatchInference(
      HookedModel model,
      Precision precision,
      List<String> taps,
      int batchSize,
      long maxPixels,
      int numClasses,
      Iterator<ImageRecord> records,
      int decodeThreads,
      StageTimes times,
      CpuForward cpu) {
    this.cpu = cpu;
    this.model = model;
    this.precision = precision;
    this.taps = new LinkedHashSet<>(taps);
    this.spec = model.info().input();
    this.times = times;
    this.batches =
        new DecodedBatches(records, batchSize, maxPixels, numClasses, spec, decodeThreads, times);
  }

  /**
   * Stops the decode threads of an iterator abandoned before its end (none are left at the end).
   */
  @Override
  public void close() {
    batches.close();
    ready.clear();
  }

  @Override
  public boolean hasNext() {
    if (ready.isEmpty()) {
      fill();
    }
    return !ready.isEmpty();
  }

  @Override
  public ImageResult next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return ready.poll();
  }

  /** Runs the next chunk of records; results (failures included) keep input order. */
  private void fill() {
    if (!batches.hasNext()) {
      return;
    }
    PreparedBatch batch = batches.next();
    List<ImageResult> results = batch.size() == 0 ? List.of() : run(batch);
    int next = 0;
    for (int i = 0; i < batch.records().size(); i++) {
      ImageRecord r = batch.records().get(i);
      String problem = batch.problem(i);
      ready.add(
          problem == null
              ? results.get(next++)
              : ImageResult.failed(r.source(), r.key(), r.label(), problem));
    }
    batches.recycle(batch);
  }

  private List<ImageResult> run(PreparedBatch prepared) {
    int n = prepared.size();
    List<ImageRecord> batch = new ArrayList<>(n);
    for (int i = 0; i < prepared.records().size(); i++) {
      if (prepared.problem(i) == null) {
        batch.add(prepared.records().get(i));
      }
    }
    long t0 = System.nanoTime();
    long reducing = 0;
    long waited = 0;
    try (NDManager manager = NDManager.newBaseManager(model.device())) {
      NDArray input =
          manager.create(
              FloatBuffer.wrap(prepared.tensor(), 0, n * spec.size()),
              new Shape(n, spec.channels(), spec.height(), spec.width()));
      if (precision != Precision.FP32) {
        input = input.toType(precision.dataType(), false);
      }
      NDArray batchInput = input;
      Forwarded f = new Forwarded();
      Runnable forward =
          () -> {
            try (ModelReduction reduction = new ModelReduction(manager, model.info(), taps)) {
              TimedListener timed = new TimedListener(reduction);
              f.predicted = TapReducer.predictions(model.forward(manager, batchInput, taps, timed));
              long t1 = System.nanoTime();
              f.perTap = reduction.finishActivations();
              f.attention = reduction.finishAttention();
              f.reducing = timed.nanos() + System.nanoTime() - t1;
            }
          };
      if (cpu == null) {
        forward.run();
      } else {
        waited = cpu.run(model.device(), forward);
      }
      reducing = f.reducing;
      Map<String, List<TapStats>> perTap = f.perTap;
      AttentionReducer.Result attention = f.attention;
      int[] predicted = f.predicted;
      Set<String> returned = new LinkedHashSet<>(perTap.keySet());
      if (!attention.perImage().isEmpty()) {
        attention.perImage().get(0).forEach(a -> returned.add(a.tap()));
      }
      if (!returned.equals(taps)) {
        throw new IllegalStateException(
            "model " + model.info().name() + " returned taps " + returned + ", asked " + taps);
      }
      List<ImageResult> results = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        ImageRecord r = batch.get(i);
        List<TapStats> stats = new ArrayList<>(perTap.size());
        for (List<TapStats> tapStats : perTap.values()) {
          stats.add(tapStats.get(i));
        }
        if (attention.perImage().isEmpty()) {
          results.add(new ImageResult(r.source(), r.key(), r.label(), predicted[i], null, stats));
        } else {
          results.add(
              new ImageResult(
                  r.source(),
                  r.key(),
                  r.label(),
                  predicted[i],
                  null,
                  stats,
                  attention.perImage().get(i),
                  attention.rollout() == null ? null : attention.rollout().get(i),
                  InputMaps.of(prepared.tensor(), i * spec.size(), spec)));
        }
      }
      return results;
    } finally {
      long total = System.nanoTime() - t0;
      times.add(StageTimes.Stage.REDUCE, reducing);
      times.add(StageTimes.Stage.FORWARD, total - reducing - waited);
    }
  }

  /** What the forward pass of a batch gives, filled inside {@link CpuForward#run}. */
  private static final class Forwarded {
    Map<String, List<TapStats>> perTap;
    AttentionReducer.Result attention;
    int[] predicted;
    long reducing;
  }
}
