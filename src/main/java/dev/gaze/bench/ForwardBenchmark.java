package dev.gaze.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.gaze.image.ImageDecoder;
import dev.gaze.image.ImageProblem;
import dev.gaze.image.InputSpec;
import dev.gaze.image.Preprocessor;
import dev.gaze.job.BatchInference;
import dev.gaze.model.HookedModel;
import dev.gaze.reduce.ModelReduction;
import dev.gaze.reduce.TapReducer;
import dev.gaze.source.ImageRecord;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Plain against hooked forward on the same pre-decoded batches, interleaved batch by batch (in
 * alternating order) so that both see the same machine load, plus the inference stage with
 * decoding. The hooked/plain figure is the median over rounds of each round's ratio.
 */
public final class ForwardBenchmark {

  private ForwardBenchmark() {}

  /**
   * Runs the benchmark.
   *
   * @param model the model, already loaded
   * @param records the images (decodable, labelled)
   * @param batchSize images per forward pass
   * @param rounds timed rounds of each kind, after one warm-up round of each
   */
  public static BenchReport run(
      HookedModel model, List<ImageRecord> records, int batchSize, int rounds) {
    InputSpec spec = model.info().input();
    Preprocessor preprocessor = new Preprocessor(spec);
    int n = records.size();
    float[] tensors = new float[n * spec.size()];
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      try {
        preprocessor.apply(
            ImageDecoder.decode(records.get(i).image(), ImageDecoder.DEFAULT_MAX_PIXELS),
            tensors,
            i * spec.size());
      } catch (ImageProblem e) {
        throw new IllegalArgumentException(
            "benchmark image " + records.get(i).key() + " does not decode: " + e.getMessage(), e);
      }
    }
    double decodePerImage = (System.nanoTime() - t0) / 1e9 / n;
    Set<String> taps = new HashSet<>(model.info().tapNames());

    double[] plain = new double[rounds];
    double[] hooked = new double[rounds];
    double[] ratio = new double[rounds];
    double[] stage = new double[rounds];
    for (int r = -1; r < rounds; r++) {
      double[] seconds = interleaved(model, tensors, n, batchSize, spec, taps, r);
      double s = n / seconds(() -> stage(model, records, batchSize));
      if (r >= 0) {
        plain[r] = n / seconds[0];
        hooked[r] = n / seconds[1];
        ratio[r] = seconds[0] / seconds[1];
        stage[r] = s;
      }
    }
    return new BenchReport(
        model.info().name(),
        n,
        batchSize,
        rounds,
        System.getProperty("ai.djl.pytorch.num_threads", "default"),
        mallocSettings(),
        decodePerImage,
        median(plain),
        median(hooked),
        median(ratio),
        median(stage));
  }

  /**
   * One round: every batch runs plain and hooked back to back, in alternating order, so that both
   * kinds see the same machine load; returns the seconds spent in each kind.
   */
  private static double[] interleaved(
      HookedModel model,
      float[] tensors,
      int n,
      int batchSize,
      InputSpec spec,
      Set<String> taps,
      int round) {
    double[] seconds = new double[2];
    int batchIndex = 0;
    for (int start = 0; start < n; start += batchSize, batchIndex++) {
      int b = Math.min(batchSize, n - start);
      boolean plainFirst = (batchIndex + round) % 2 == 0;
      for (int k = 0; k < 2; k++) {
        boolean plain = (k == 0) == plainFirst;
        int from = start;
        double t = seconds(() -> batch(model, tensors, from, b, spec, plain ? null : taps));
        seconds[plain ? 0 : 1] += t;
      }
    }
    return seconds;
  }

  /** One batch; plain when {@code taps} is null. */
  private static void batch(
      HookedModel model, float[] tensors, int start, int b, InputSpec spec, Set<String> taps) {
    try (NDManager manager = NDManager.newBaseManager(model.device())) {
      NDArray input =
          manager.create(
              FloatBuffer.wrap(tensors, start * spec.size(), b * spec.size()).slice(),
              new Shape(b, spec.channels(), spec.height(), spec.width()));
      if (taps == null) {
        // Copying the logits out forces the computation, as the hooked pass's copies do.
        model.forwardPlain(manager, input).toFloatArray();
      } else {
        // Every kind of tap reduced as the analysis does: feature maps, tokens and attention.
        try (ModelReduction reduction = new ModelReduction(manager, model.info(), taps)) {
          TapReducer.predictions(model.forward(manager, input, taps, reduction));
          reduction.finishActivations();
          reduction.finishAttention();
        }
      }
    }
  }

  private static void stage(HookedModel model, List<ImageRecord> records, int batchSize) {
    BatchInference inference =
        new BatchInference(
            model,
            model.info().tapNames(),
            batchSize,
            ImageDecoder.DEFAULT_MAX_PIXELS,
            0,
            records.iterator());
    List<Object> sink = new ArrayList<>();
    while (inference.hasNext()) {
      var result = inference.next();
      if (result.error() != null) {
        throw new IllegalStateException("benchmark image failed: " + result.error());
      }
      sink.add(result.predicted());
    }
  }

  /** The process's {@code MALLOC_*_} environment variables, or "glibc defaults". */
  static String mallocSettings() {
    String set =
        System.getenv().entrySet().stream()
            .filter(e -> e.getKey().startsWith("MALLOC_") && e.getKey().endsWith("_"))
            .map(e -> e.getKey() + "=" + e.getValue())
            .sorted()
            .collect(Collectors.joining(" "));
    return set.isEmpty() ? "glibc defaults" : set;
  }

  private static double seconds(Runnable work) {
    long t0 = System.nanoTime();
    work.run();
    return (System.nanoTime() - t0) / 1e9;
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
