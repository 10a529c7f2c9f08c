package dev.gaze.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one benchmark run; throughputs are medians over rounds, in images per second.
 *
 * @param model the model's name
 * @param images images per round
 * @param batchSize images per forward pass
 * @param rounds timed rounds of each kind
 * @param threads libtorch intra-op threads ({@code ai.djl.pytorch.num_threads}, or the default)
 * @param allocator the glibc malloc settings of the process ({@code MALLOC_*_} variables), which
 *     decide whether each batch's activations reuse heap memory or fault in fresh pages
 * @param decodeSecondsPerImage decode and preprocess, seconds per image (one thread)
 * @param plainImagesPerSecond the plain forward on pre-decoded tensors, logits copied out
 * @param hookedImagesPerSecond the hooked forward on the same tensors, every tap reduced and copied
 * @param hookedOverPlain the median over rounds of each round's hooked/plain throughput ratio: 1.0
 *     means the taps cost nothing
 * @param stageImagesPerSecond the inference stage as the job runs it: decode, preprocess, hooked
 *     forward, reductions, in one thread
 */
public record BenchReport(
    String model,
    int images,
    int batchSize,
    int rounds,
    String threads,
    String allocator,
    double decodeSecondsPerImage,
    double plainImagesPerSecond,
    double hookedImagesPerSecond,
    double hookedOverPlain,
    double stageImagesPerSecond) {

  /** A table for the console. */
  public String table() {
    return String.format(
        Locale.ROOT,
        "model %s, %d images a round, batch %d, %d rounds, torch threads %s%n"
            + "  malloc: %s%n"
            + "  decode + preprocess          %8.3f ms/image%n"
            + "  plain forward                %8.1f images/s%n"
            + "  hooked forward, all taps     %8.1f images/s%n"
            + "  hooked / plain               %8.3f%n"
            + "  inference stage (with decode) %7.1f images/s%n",
        model,
        images,
        batchSize,
        rounds,
        threads,
        allocator,
        decodeSecondsPerImage * 1e3,
        plainImagesPerSecond,
        hookedImagesPerSecond,
        hookedOverPlain(),
        stageImagesPerSecond);
  }

  /** The same figures as a JSON-ready map. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", model);
    m.put("images", images);
    m.put("batch_size", batchSize);
    m.put("rounds", rounds);
    m.put("torch_threads", threads);
    m.put("malloc", allocator);
    m.put("decode_seconds_per_image", decodeSecondsPerImage);
    m.put("plain_images_per_second", plainImagesPerSecond);
    m.put("hooked_images_per_second", hookedImagesPerSecond);
    m.put("hooked_over_plain", hookedOverPlain());
    m.put("stage_images_per_second", stageImagesPerSecond);
    return m;
  }
}
