package dev.gaze.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of {@code gaze bench --e2e}: the forward benchmark on pre-decoded tensors, {@code
 * analyze} end to end on the same dataset in the same JVM, the model's arithmetic and the machine's
 * matmul rate (the compute floor), and memory.
 *
 * @param data the dataset
 * @param format the dataset's format
 * @param decodeThreads the run's {@code --decode-threads} ({@code auto} or a number)
 * @param master the Spark master
 * @param cores the JVM's available processors
 * @param forward plain and hooked forward on pre-decoded tensors
 * @param endToEnd the analyze run
 * @param macsPerImage multiply-accumulates per image (convolutions and linear layers), or -1 when
 *     not known
 * @param matmulFlops the measured float32 matmul rate, FLOP/s
 * @param matmulSide the side of the square matrices timed
 */
public record EndToEndReport(
    String data,
    String format,
    String decodeThreads,
    String master,
    int cores,
    BenchReport forward,
    EndToEndBenchmark.Result endToEnd,
    long macsPerImage,
    double matmulFlops,
    int matmulSide) {

  /** Images per second the model's arithmetic allows at the measured matmul rate, or NaN. */
  public double computeFloorImagesPerSecond() {
    return macsPerImage <= 0 ? Double.NaN : matmulFlops / (2.0 * macsPerImage);
  }

  /** A table for the console. */
  public String table() {
    EndToEndBenchmark.Result e = endToEnd;
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "%s on %s (%s): %,d images analysed, %,d failed; batch %d, decode threads %s, master %s, %d"
                + " cores%n",
            forward.model(),
            data,
            format,
            e.images(),
            e.failed(),
            forward.batchSize(),
            decodeThreads,
            master,
            cores));
    s.append(
        String.format(
            Locale.ROOT,
            "  torch threads %s; malloc: %s%n",
            forward.threads(),
            forward.allocator()));
    s.append(line("end to end (analyze)", e.imagesPerSecond(), "images/s"));
    s.append(
        String.format(
            Locale.ROOT,
            "    wall %.1f s, of which the inference job %.1f s%n",
            e.wallSeconds(),
            e.inferenceJobSeconds()));
    s.append(line("plain forward, pre-decoded", forward.plainImagesPerSecond(), "images/s"));
    s.append(line("hooked forward, all taps", forward.hookedImagesPerSecond(), "images/s"));
    s.append(line("inference stage, 1 thread", forward.stageImagesPerSecond(), "images/s"));
    s.append(
        String.format(
            Locale.ROOT, "  %-32s %10.3f%n", "hooked / plain", forward.hookedOverPlain()));
    s.append(
        String.format(
            Locale.ROOT,
            "  %-32s %10.3f%n",
            "end to end / plain",
            e.imagesPerSecond() / forward.plainImagesPerSecond()));
    s.append("  seconds per image (thread-seconds; aggregation: wall)\n");
    e.secondsPerImage()
        .forEach(
            (stage, sec) -> s.append(String.format(Locale.ROOT, "    %-12s %12.6f%n", stage, sec)));
    s.append("  CPU core-ms per image outside the forward pass\n");
    e.coreMsPerImageOutsideForward()
        .forEach(
            (stage, ms) ->
                s.append(
                    String.format(
                        Locale.ROOT,
                        "    %-22s %9.2f%n",
                        stage.equals("process_total") ? "whole process, with forward" : stage,
                        ms)));
    if (macsPerImage > 0) {
      s.append(
          String.format(
              Locale.ROOT,
              "  model %.2f MFLOP/image (2 x conv and linear MACs)%n",
              2e-6 * macsPerImage));
    } else {
      s.append("  model FLOPs unknown (give --flops-per-image)\n");
    }
    s.append(
        String.format(
            Locale.ROOT, "  matmul %d^2 float32 %.1f GFLOP/s%n", matmulSide, matmulFlops / 1e9));
    if (macsPerImage > 0) {
      s.append(line("compute floor", computeFloorImagesPerSecond(), "images/s"));
      s.append(
          String.format(
              Locale.ROOT,
              "  %-32s %10.3f%n",
              "plain forward / floor",
              forward.plainImagesPerSecond() / computeFloorImagesPerSecond()));
    }
    s.append(
        String.format(
            Locale.ROOT,
            "  memory: peak heap %s, peak RSS %s, RSS after %s%n",
            mib(e.peakHeapBytes()),
            mib(e.peakRssBytes()),
            mib(e.endRssBytes())));
    return s.toString();
  }

  private static String line(String name, double value, String unit) {
    return String.format(Locale.ROOT, "  %-32s %10.1f %s%n", name, value, unit);
  }

  private static String mib(long bytes) {
    return bytes < 0 ? "?" : String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
  }

  /** The same figures as a JSON-ready map. */
  public Map<String, Object> toMap() {
    EndToEndBenchmark.Result e = endToEnd;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("data", data);
    m.put("format", format);
    m.put("decode_threads", decodeThreads);
    m.put("master", master);
    m.put("cores", cores);
    m.put("images_analyzed", e.images());
    m.put("images_failed", e.failed());
    m.put("end_to_end_images_per_second", e.imagesPerSecond());
    m.put("end_to_end_wall_seconds", e.wallSeconds());
    m.put("inference_job_seconds", e.inferenceJobSeconds());
    m.put("end_to_end_over_plain", e.imagesPerSecond() / forward.plainImagesPerSecond());
    m.put("seconds_per_image", e.secondsPerImage());
    m.put("core_ms_per_image_outside_forward", e.coreMsPerImageOutsideForward());
    m.put("process_cpu_seconds", e.processCpuSeconds());
    m.put("macs_per_image", macsPerImage < 0 ? null : macsPerImage);
    m.put("flops_per_image", macsPerImage < 0 ? null : 2 * macsPerImage);
    m.put("matmul_side", matmulSide);
    m.put("matmul_flops_per_second", matmulFlops);
    double floor = computeFloorImagesPerSecond();
    m.put("compute_floor_images_per_second", Double.isNaN(floor) ? null : floor);
    m.put("plain_over_floor", Double.isNaN(floor) ? null : forward.plainImagesPerSecond() / floor);
    m.put("peak_heap_bytes", e.peakHeapBytes());
    m.put("peak_rss_bytes", e.peakRssBytes());
    m.put("rss_after_bytes", e.endRssBytes());
    m.put("forward", forward.toMap());
    return m;
  }
}
