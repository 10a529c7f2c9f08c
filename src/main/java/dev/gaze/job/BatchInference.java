package dev.gaze.job;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.gaze.image.DecodedImage;
import dev.gaze.image.ImageDecoder;
import dev.gaze.image.ImageProblem;
import dev.gaze.image.InputSpec;
import dev.gaze.image.Preprocessor;
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
 * <p>Knows nothing of Spark: the job wraps it in a partition function, the benchmark runs it
 * directly.
 */
public final class BatchInference implements Iterator<ImageResult> {

  private final HookedModel model;
  private final Set<String> taps;
  private final int batchSize;
  private final long maxPixels;
  private final int numClasses;
  private final Iterator<ImageRecord> records;
  private final Preprocessor preprocessor;
  private final InputSpec spec;
  private final float[] buffer;
  private final Precision precision;
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
    this.model = model;
    this.precision = precision;
    this.taps = new LinkedHashSet<>(taps);
    this.batchSize = batchSize;
    this.maxPixels = maxPixels;
    this.numClasses = numClasses;
    this.records = records;
    this.spec = model.info().input();
    this.preprocessor = new Preprocessor(spec);
    this.buffer = new float[batchSize * spec.size()];
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

  /**
   * Reads records until a batch is full or the input ends, queueing failures as they come and the
   * batch's results after its forward pass. Results keep input order within the batch's window.
   */
  private void fill() {
    List<ImageRecord> batch = new ArrayList<>(batchSize);
    List<ImageResult> failures = new ArrayList<>();
    while (batch.size() < batchSize && records.hasNext()) {
      ImageRecord record = records.next();
      String problem = problemOf(record);
      if (problem == null) {
        try {
          DecodedImage image = ImageDecoder.decode(record.image(), maxPixels);
          preprocessor.apply(image, buffer, batch.size() * spec.size());
          batch.add(record);
          continue;
        } catch (ImageProblem e) {
          problem = e.getMessage();
        }
      }
      failures.add(ImageResult.failed(record.source(), record.key(), record.label(), problem));
    }
    ready.addAll(failures);
    if (!batch.isEmpty()) {
      ready.addAll(run(batch));
    }
  }

  private String problemOf(ImageRecord record) {
    if (record.isBroken()) {
      return record.problem();
    }
    if (record.label() == null) {
      return "no label";
    }
    if (record.label() < 0 || (numClasses > 0 && record.label() >= numClasses)) {
      return "label "
          + record.label()
          + " is out of range; valid: 0 to "
          + (numClasses - 1)
          + " ("
          + numClasses
          + " classes)";
    }
    if (record.image() == null) {
      return "no image bytes";
    }
    return null;
  }

  private List<ImageResult> run(List<ImageRecord> batch) {
    int n = batch.size();
    try (NDManager manager = NDManager.newBaseManager(model.device())) {
      NDArray input =
          manager.create(
              FloatBuffer.wrap(buffer, 0, n * spec.size()),
              new Shape(n, spec.channels(), spec.height(), spec.width()));
      if (precision != Precision.FP32) {
        input = input.toType(precision.dataType(), false);
      }
      Map<String, List<TapStats>> perTap;
      AttentionReducer.Result attention;
      int[] predicted;
      try (ModelReduction reduction = new ModelReduction(manager, model.info(), taps)) {
        predicted = TapReducer.predictions(model.forward(manager, input, taps, reduction));
        perTap = reduction.finishActivations();
        attention = reduction.finishAttention();
      }
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
                  InputMaps.of(buffer, i * spec.size(), spec)));
        }
      }
      return results;
    }
  }
}
