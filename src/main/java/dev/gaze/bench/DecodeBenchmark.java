package dev.gaze.bench;

import dev.gaze.image.DecodePath;
import dev.gaze.image.DecodedImage;
import dev.gaze.image.ImageDecoder;
import dev.gaze.image.ImageProblem;
import dev.gaze.image.NativeCodecs;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Decode time per image of Gaze's two decoders on the same files, one thread, warm: rounds that
 * decode all files natively, then rounds that decode them with ImageIO (the pixels as {@link
 * ImageDecoder#decode(byte[], long, boolean)} returns them, 8-bit samples, before preprocessing),
 * timing wall clock and the thread's CPU time (which a busy machine disturbs less). {@code
 * tools/decode_bench.py} times Pillow on the same files and prints the three side by side.
 */
public final class DecodeBenchmark {

  private DecodeBenchmark() {}

  /**
   * The figures of one run; times are medians over rounds of the mean per image, in milliseconds.
   *
   * @param dir the folder of images
   * @param images how many files were decoded each round
   * @param rounds timed rounds of each path (after one untimed warm-up round)
   * @param nativeVersion the native decoders' versions, or null when they did not load
   * @param nativeMs native path, wall ms per image (NaN without the natives)
   * @param nativeCpuMs native path, thread CPU ms per image
   * @param imageIoMs ImageIO path, wall ms per image
   * @param imageIoCpuMs ImageIO path, thread CPU ms per image
   * @param nativeDecoded how many of the files the native path decoded natively (the rest fell back
   *     to ImageIO)
   */
  public record Result(
      String dir,
      int images,
      int rounds,
      String nativeVersion,
      double nativeMs,
      double nativeCpuMs,
      double imageIoMs,
      double imageIoCpuMs,
      int nativeDecoded) {

    /** A table for the console. */
    public String table() {
      return String.format(
          Locale.ROOT,
          "decode of %d files in %s, one thread, median of %d rounds (ms/image: wall, thread CPU)%n"
              + "  gaze, native   %8.3f %8.3f  (%d of %d decoded natively; %s)%n"
              + "  gaze, ImageIO  %8.3f %8.3f%n",
          images,
          dir,
          rounds,
          nativeMs,
          nativeCpuMs,
          nativeDecoded,
          images,
          nativeVersion == null ? NativeCodecs.problem() : nativeVersion,
          imageIoMs,
          imageIoCpuMs);
    }

    /** The figures by name, for {@code --json}. */
    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("dir", dir);
      m.put("images", images);
      m.put("rounds", rounds);
      m.put("native_version", nativeVersion);
      m.put("native_ms_per_image", nativeMs);
      m.put("native_cpu_ms_per_image", nativeCpuMs);
      m.put("imageio_ms_per_image", imageIoMs);
      m.put("imageio_cpu_ms_per_image", imageIoCpuMs);
      m.put("native_decoded", nativeDecoded);
      return m;
    }
  }

  /**
   * Decodes every {@code .jpg}, {@code .jpeg} and {@code .png} file of {@code dir}.
   *
   * @throws IllegalArgumentException if {@code dir} holds no such file, or one does not decode
   */
  public static Result run(Path dir, int rounds) throws IOException {
    List<byte[]> files = new ArrayList<>();
    try (Stream<Path> list = Files.list(dir)) {
      for (Path p :
          list.filter(p -> p.getFileName().toString().matches("(?i).*\\.(jpe?g|png)"))
              .sorted()
              .toList()) {
        files.add(Files.readAllBytes(p));
      }
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException(
          dir + " holds no .jpg, .jpeg or .png file; make some with tools/decode_bench.py");
    }
    boolean natively = NativeCodecs.available();
    int byNative = 0;
    for (byte[] b : files) { // warm-up, and the count of files decoded natively
      byNative += decode(b, true).decodedBy() == DecodePath.NATIVE ? 1 : 0;
    }
    // each path's rounds back to back: ImageIO's garbage and cache traffic would slow the native
    // rounds between them
    double[][] nativeMs = new double[2][rounds];
    for (int r = 0; r < rounds; r++) {
      if (natively) {
        round(files, true, nativeMs, r);
      } else {
        nativeMs[0][r] = Double.NaN;
        nativeMs[1][r] = Double.NaN;
      }
    }
    for (byte[] b : files) {
      decode(b, false);
    }
    double[][] imageIoMs = new double[2][rounds];
    for (int r = 0; r < rounds; r++) {
      round(files, false, imageIoMs, r);
    }
    return new Result(
        dir.toString(),
        files.size(),
        rounds,
        NativeCodecs.version(),
        median(nativeMs[0]),
        median(nativeMs[1]),
        median(imageIoMs[0]),
        median(imageIoMs[1]),
        byNative);
  }

  /** One round: wall and CPU ms per image into {@code out[0][r]} and {@code out[1][r]}. */
  private static void round(List<byte[]> files, boolean natively, double[][] out, int r) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long sink = 0;
    long cpu0 = threads.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    for (byte[] b : files) {
      sink += decode(b, natively).width();
    }
    long nanos = System.nanoTime() - t0;
    long cpu = threads.getCurrentThreadCpuTime() - cpu0;
    if (sink == 42) {
      System.out.print(""); // keeps the decodes from being optimised away
    }
    out[0][r] = nanos / 1e6 / files.size();
    out[1][r] = cpu / 1e6 / files.size();
  }

  private static DecodedImage decode(byte[] bytes, boolean natively) {
    try {
      return ImageDecoder.decode(bytes, ImageDecoder.DEFAULT_MAX_PIXELS, natively);
    } catch (ImageProblem e) {
      throw new IllegalArgumentException("a benchmark file does not decode: " + e.getMessage(), e);
    }
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }
}
