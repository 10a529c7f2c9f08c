package dev.gaze.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gaze.Gaze;
import dev.gaze.aggregate.Schemas;
import dev.gaze.findings.FindingOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * How the report scales with the class count: writes synthetic result tables of a ResNet-50-sized
 * model (taps stem 64 x 56 x 56, layer1 256 x 56 x 56, layer2 512 x 28 x 28, layer3 1024 x 14 x 14,
 * layer4 2048 x 7 x 7) for a given number of classes as real Parquet through Spark, with one
 * planted atypical class, then renders them as {@code render --pdf} does, and measures the render's
 * wall time, the driver's peak heap, the pages' sizes and the largest PNG.
 */
public final class RenderScaleBenchmark {

  /** The taps of the synthetic model: name, channels, side. */
  public static final List<Object[]> RESNET50_TAPS =
      List.of(
          new Object[] {"stem", 64, 56},
          new Object[] {"layer1", 256, 56},
          new Object[] {"layer2", 512, 28},
          new Object[] {"layer3", 1024, 14},
          new Object[] {"layer4", 2048, 7});

  /**
   * A small model's one tap (64 @ 7 x 7), to measure the pages of a very large label set (10,000
   * classes) without a ResNet-50's figures.
   */
  public static final List<Object[]> SMALL_TAPS =
      List.<Object[]>of(new Object[] {"features", 64, 7});

  /** The class whose maps and profile are planted unlike the others'. */
  public static final int PLANTED = 7;

  private static final long IMAGES_PER_CLASS = 50;

  /**
   * The figures of one run.
   *
   * @param classes the class count
   * @param taps the taps, described
   * @param writeSeconds the time to write the tables
   * @param renderSeconds the time to render the report (findings and tables read included)
   * @param maxHeap the heap limit of this JVM, bytes
   * @param peakHeap the highest heap use sampled while rendering, bytes
   * @param files the files of the report
   * @param reportBytes their total size
   * @param indexBytes the size of {@code index.html}
   * @param classPageBytes the size of the largest class page
   * @param confusionPageBytes the size of {@code confusion.html}
   * @param largestPng the largest PNG's name
   * @param largestPngPixels its pixels
   * @param largestPngSize its width x height
   * @param atypical the classes named by {@code atypical_class} findings
   * @param dir the output folder (kept when asked)
   */
  public record Result(
      int classes,
      String taps,
      double writeSeconds,
      double renderSeconds,
      long maxHeap,
      long peakHeap,
      long files,
      long reportBytes,
      long indexBytes,
      long classPageBytes,
      long confusionPageBytes,
      String largestPng,
      long largestPngPixels,
      String largestPngSize,
      List<Integer> atypical,
      Path dir) {

    /** The figures as a few readable lines. */
    public String table() {
      return String.format(
          Locale.ROOT,
          "render scale: %d classes, taps %s%n"
              + "  write tables  %.1f s%n"
              + "  render        %.1f s (findings, tables read, PNGs, pages, PDF)%n"
              + "  heap          peak %.0f MiB sampled of max %.0f MiB%n"
              + "  report        %d files, %.1f MiB%n"
              + "  index.html    %.0f KiB; largest class page %.1f KiB; confusion.html %.1f KiB%n"
              + "  largest PNG   %s, %s = %.2f Mpx%n"
              + "  atypical_class findings: classes %s (planted: %d)%n",
          classes,
          taps,
          writeSeconds,
          renderSeconds,
          peakHeap / 1048576.0,
          maxHeap / 1048576.0,
          files,
          reportBytes / 1048576.0,
          indexBytes / 1024.0,
          classPageBytes / 1024.0,
          confusionPageBytes / 1024.0,
          largestPng,
          largestPngSize,
          largestPngPixels / 1e6,
          atypical,
          PLANTED);
    }
  }

  private RenderScaleBenchmark() {}

  /**
   * Writes the tables for {@code classes} classes under {@code dir} (which must not exist), renders
   * them with the PDF and measures.
   */
  public static Result run(SparkSession spark, int classes, Path dir) {
    return run(spark, classes, dir, RESNET50_TAPS);
  }

  /**
   * As {@link #run(SparkSession, int, Path)}, with the taps {@code taps} (name, channels, side).
   */
  public static Result run(SparkSession spark, int classes, Path dir, List<Object[]> taps) {
    if (classes < 2 || classes > 100_000) {
      throw new IllegalArgumentException(
          "--classes " + classes + " is out of range; valid: 2 to 100000");
    }
    try {
      long t0 = System.nanoTime();
      write(spark, classes, dir, taps);
      double writeSeconds = (System.nanoTime() - t0) / 1e9;
      System.gc();
      AtomicLong peak = new AtomicLong();
      Thread sampler = sampler(peak);
      long t1 = System.nanoTime();
      Gaze.render(spark, dir.toString(), FindingOptions.defaults(), true);
      double renderSeconds = (System.nanoTime() - t1) / 1e9;
      sampler.interrupt();
      sampler.join();
      List<Integer> atypical = new ArrayList<>();
      for (Row r :
          spark
              .read()
              .parquet(dir.resolve("findings").toString())
              .where("kind = 'atypical_class'")
              .collectAsList()) {
        atypical.add(r.getInt(r.fieldIndex("class_id")));
      }
      return measure(
          taps,
          classes,
          writeSeconds,
          renderSeconds,
          Math.max(peak.get(), poolPeaks()),
          atypical,
          dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static Thread sampler(AtomicLong peak) {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
    Runtime rt = Runtime.getRuntime();
    Thread t =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
                try {
                  Thread.sleep(20);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "heap-sampler");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** The heap pools' peaks summed: an upper bound of the peak heap since their reset. */
  private static long poolPeaks() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  private static Result measure(
      List<Object[]> taps,
      int classes,
      double writeSeconds,
      double renderSeconds,
      long peakHeap,
      List<Integer> atypical,
      Path dir)
      throws IOException {
    Path report = dir.resolve("report");
    long files = 0;
    long bytes = 0;
    long classPage = 0;
    String largest = "";
    long largestPixels = 0;
    String largestSize = "";
    try (Stream<Path> walk = Files.walk(report)) {
      for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
        files++;
        long size = Files.size(p);
        bytes += size;
        String name = report.relativize(p).toString();
        if (name.startsWith("classes/") && name.endsWith(".html")) {
          classPage = Math.max(classPage, size);
        }
        if (name.endsWith(".png")) {
          int[] wh = pngSize(p);
          long pixels = (long) wh[0] * wh[1];
          if (pixels > largestPixels) {
            largestPixels = pixels;
            largest = name;
            largestSize = wh[0] + " x " + wh[1];
          }
        }
      }
    }
    Path confusion = report.resolve("confusion.html");
    List<String> described = new ArrayList<>();
    for (Object[] t : taps) {
      described.add(t[0] + " " + t[1] + "@" + t[2] + "x" + t[2]);
    }
    return new Result(
        classes,
        String.join(", ", described),
        writeSeconds,
        renderSeconds,
        Runtime.getRuntime().maxMemory(),
        peakHeap,
        files,
        bytes,
        Files.size(report.resolve("index.html")),
        classPage,
        Files.exists(confusion) ? Files.size(confusion) : 0,
        largest,
        largestPixels,
        largestSize,
        atypical,
        dir);
  }

  /** A PNG's width and height from its header, without decoding it. */
  static int[] pngSize(Path png) throws IOException {
    try (ImageInputStream in = ImageIO.createImageInputStream(png.toFile())) {
      ImageReader reader = ImageIO.getImageReaders(in).next();
      try {
        reader.setInput(in);
        return new int[] {reader.getWidth(0), reader.getHeight(0)};
      } finally {
        reader.dispose();
      }
    }
  }

  /** Writes {@code run.json}, {@code activation_stats} and {@code confusion} under {@code dir}. */
  static void write(SparkSession spark, int classes, Path dir, List<Object[]> tapList)
      throws IOException {
    if (Files.exists(dir)) {
      throw new IllegalArgumentException(dir + " exists; give a folder that does not");
    }
    Files.createDirectories(dir);
    int taps = tapList.size();
    long rows = (long) (classes + 1) * taps;
    int classCount = classes;
    MapFunction<Long, Row> activation = i -> activationRow(tapList, classCount, i);
    spark
        .range(0, rows, 1, Math.max(2, (int) (rows / 200)))
        .map(activation, Encoders.row(Schemas.ACTIVATION_STATS))
        .write()
        .mode(SaveMode.ErrorIfExists)
        .parquet(dir.resolve("activation_stats").toString());
    MapFunction<Long, Row> cell = i -> confusionRow(classCount, i);
    spark
        .range(0, (long) classes * 3, 1, 2)
        .map(cell, Encoders.row(Schemas.CONFUSION))
        .write()
        .parquet(dir.resolve("confusion").toString());
    ObjectMapper json = new ObjectMapper();
    ObjectNode run = json.createObjectNode();
    run.putObject("dataset").put("path", "synthetic:render-scale");
    ObjectNode model = run.putObject("model");
    model.put("name", "synthetic-resnet50-taps");
    ArrayNode tapsNode = model.putArray("taps");
    for (Object[] t : tapList) {
      tapsNode.addObject().put("name", (String) t[0]).put("analyzed", true).put("kind", "features");
    }
    ArrayNode names = run.putArray("classes");
    for (int k = 0; k < classes; k++) {
      names.add(className(k));
    }
    run.put("images_seen", classes * IMAGES_PER_CLASS);
    run.put("images_analyzed", classes * IMAGES_PER_CLASS);
    run.put("images_failed", 0);
    json.writeValue(dir.resolve("run.json").toFile(), run);
  }

  /** A name like an ImageNet class's, varied in its first letter. */
  static String className(int k) {
    String[] words = {"apple", "bison", "canoe", "daisy", "eagle", "ferret", "geyser", "heron"};
    return String.format(Locale.ROOT, "%s %s %d", words[k % words.length], words[(k / 8) % 8], k);
  }

  /**
   * Row {@code i}: tap {@code i % taps}, class {@code i / taps - 1} (-1: dataset-wide). Class maps
   * are a blob at a class-dependent place plus noise; profiles a common ramp scaled per channel
   * with noise and 4 boosted channels; the planted class has its blob spread over the whole map and
   * a reversed profile.
   */
  static Row activationRow(List<Object[]> taps, int classes, long i) {
    int t = (int) (i % taps.size());
    int k = (int) (i / taps.size()) - 1;
    String tap = (String) taps.get(t)[0];
    int channels = (Integer) taps.get(t)[1];
    int side = (Integer) taps.get(t)[2];
    if (k < 0) {
      double[] mean = new double[channels];
      double[] map = new double[side * side];
      for (int c = 0; c < classes; c++) {
        accumulate(mean, map, classProfile(t, c, channels), classMap(t, c, side), classes);
      }
      return row(-1, "(all)", tap, classes * IMAGES_PER_CLASS, channels, side, mean, map);
    }
    return row(
        k,
        className(k),
        tap,
        IMAGES_PER_CLASS,
        channels,
        side,
        classProfile(t, k, channels),
        classMap(t, k, side));
  }

  private static void accumulate(double[] mean, double[] map, double[] p, double[] m, int n) {
    for (int c = 0; c < mean.length; c++) {
      mean[c] += p[c] / n;
    }
    for (int j = 0; j < map.length; j++) {
      map[j] += m[j] / n;
    }
  }

  private static double[] classProfile(int tap, int k, int channels) {
    Random r = new Random(31L * k + tap);
    double[] p = new double[channels];
    for (int c = 0; c < channels; c++) {
      double ramp = k == PLANTED ? 1.5 - c / (double) channels : 0.5 + c / (double) channels;
      p[c] = ramp * (1 + 0.1 * r.nextGaussian());
    }
    for (int j = 0; j < 4; j++) {
      p[(k * 4 + j) % channels] += 0.5;
    }
    return p;
  }

  private static double[] classMap(int tap, int k, int side) {
    Random r = new Random(17L * k + tap + 1000);
    double cy = side * (0.3 + 0.4 * ((k * 7) % 10) / 9.0);
    double cx = side * (0.3 + 0.4 * ((k * 3) % 10) / 9.0);
    double width = k == PLANTED ? side * 4.0 : side / 3.0;
    double[] m = new double[side * side];
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        double d2 = (y - cy) * (y - cy) + (x - cx) * (x - cx);
        m[y * side + x] = Math.exp(-d2 / (2 * width * width)) + 0.05 * r.nextGaussian();
      }
    }
    return m;
  }

  private static Row row(
      int k,
      String name,
      String tap,
      long images,
      int channels,
      int side,
      double[] mean,
      double[] map) {
    double[] std = new double[channels];
    double[] max = new double[channels];
    double[] zero = new double[channels];
    for (int c = 0; c < channels; c++) {
      std[c] = 0.2 * Math.abs(mean[c]);
      max[c] = 3 * Math.abs(mean[c]);
      zero[c] = 0.4;
    }
    return RowFactory.create(
        k, name, tap, images, channels, side, side, side, side, mean, std, max, zero, map);
  }

  /**
   * Cell {@code i}: class {@code i / 3}; the first cell its correct images, the others its images
   * taken for two other classes (more for low ids, so that accuracy varies).
   */
  static Row confusionRow(int classes, long i) {
    int k = (int) (i / 3);
    int which = (int) (i % 3);
    long wrong = 2 + (k * 13L) % 12;
    long correct = IMAGES_PER_CLASS - wrong;
    return switch (which) {
      case 0 -> RowFactory.create(k, k, correct);
      case 1 -> RowFactory.create(k, (k + 1) % classes, wrong - wrong / 3);
      default -> RowFactory.create(k, (k + 7) % classes, wrong / 3);
    };
  }

  /** The result's figures as a map, for {@code --json}. */
  public static Map<String, Object> toMap(Result r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("classes", r.classes());
    m.put("taps", r.taps());
    m.put("write_seconds", r.writeSeconds());
    m.put("render_seconds", r.renderSeconds());
    m.put("max_heap_bytes", r.maxHeap());
    m.put("peak_heap_bytes", r.peakHeap());
    m.put("files", r.files());
    m.put("report_bytes", r.reportBytes());
    m.put("index_bytes", r.indexBytes());
    m.put("largest_class_page_bytes", r.classPageBytes());
    m.put("confusion_page_bytes", r.confusionPageBytes());
    m.put("largest_png", r.largestPng());
    m.put("largest_png_pixels", r.largestPngPixels());
    m.put("atypical_classes", r.atypical());
    return m;
  }
}
