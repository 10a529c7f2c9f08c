package dev.gaze.bench;

import dev.gaze.config.AnalysisConfig;
import dev.gaze.job.AnalysisResult;
import dev.gaze.job.AnalysisRun;
import dev.gaze.job.RunCounters;
import dev.gaze.job.StageTimes.Stage;
import java.util.EnumMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * {@code analyze} end to end, as the command runs it, timed: wall seconds, images, the seconds per
 * image of each stage (from the run's {@code gaze.ns.*} accumulators, summed over task and decode
 * threads; aggregation from the wall time of the aggregation jobs) and the process's peak memory.
 */
public final class EndToEndBenchmark {

  private EndToEndBenchmark() {}

  /**
   * The figures of one run.
   *
   * @param wallSeconds from the start of {@link AnalysisRun#run} to its end
   * @param images images analysed
   * @param failed records that failed
   * @param secondsPerImage per stage, thread-seconds per analysed image; {@code aggregation} is the
   *     aggregation jobs' wall seconds (tables, findings, writes) per image
   * @param inferenceJobSeconds wall seconds of the inference job (read to per-image write)
   * @param peakHeapBytes the JVM heap's peak during the run
   * @param peakRssBytes the process's peak resident set during the run (driver and executor in one
   *     JVM in local mode)
   * @param endRssBytes the resident set after the run
   */
  public record Result(
      double wallSeconds,
      long images,
      long failed,
      Map<String, Double> secondsPerImage,
      double inferenceJobSeconds,
      long peakHeapBytes,
      long peakRssBytes,
      long endRssBytes) {

    /** Images analysed per wall second. */
    public double imagesPerSecond() {
      return images / wallSeconds;
    }
  }

  /**
   * Runs {@code config} (whose output directory is written and left to the caller) on {@code
   * spark}.
   */
  public static Result run(SparkSession spark, AnalysisConfig config) throws InterruptedException {
    AnalysisRun run = AnalysisRun.prepare(config, spark.sparkContext().hadoopConfiguration());
    RunTimings timings = new RunTimings();
    spark.sparkContext().addSparkListener(timings);
    try {
      System.gc();
      ProcessMemory.resetPeaks();
      long t0 = System.nanoTime();
      AnalysisResult result = run.run(spark);
      double wall = (System.nanoTime() - t0) / 1e9;
      long peakHeap = ProcessMemory.peakHeap();
      long peakRss = ProcessMemory.peakRss();
      for (int i = 0; i < 200 && !timings.has(RunCounters.IMAGES); i++) {
        Thread.sleep(50); // the listener bus delivers the last stage's values asynchronously
      }
      Thread.sleep(200);
      long images = result.summary().imagesAnalyzed();
      Map<String, Double> perImage = new java.util.LinkedHashMap<>();
      Map<Stage, Long> nanos = new EnumMap<>(Stage.class);
      for (Stage s : Stage.values()) {
        nanos.put(s, timings.accumulator(RunCounters.nanosName(s)));
        String name = s.name().toLowerCase(java.util.Locale.ROOT);
        perImage.put(name, images == 0 ? 0 : nanos.get(s) / 1e9 / images);
        if (s == Stage.REDUCE) {
          perImage.put("reductions", perImage.remove(name));
        }
      }
      double write = perImage.remove("write");
      perImage.put("aggregation", images == 0 ? 0 : timings.jobSeconds("aggregation") / images);
      perImage.put("write", write);
      return new Result(
          wall,
          images,
          result.summary().imagesFailed(),
          perImage,
          timings.jobSeconds("inference"),
          peakHeap,
          peakRss,
          ProcessMemory.rss());
    } finally {
      spark.sparkContext().removeSparkListener(timings);
    }
  }
}
