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
   * @param processCpuSeconds this process's CPU seconds (all threads) during the run
   * @param aggregationCpuSeconds this process's CPU seconds during the aggregation jobs (local
   *     mode: the executors are this process)
   */
  public record Result(
      double wallSeconds,
      long images,
      long failed,
      Map<String, Double> secondsPerImage,
      double inferenceJobSeconds,
      long peakHeapBytes,
      long peakRssBytes,
      long endRssBytes,
      double processCpuSeconds,
      double aggregationCpuSeconds) {

    /** Images analysed per wall second. */
    public double imagesPerSecond() {
      return images / wallSeconds;
    }

    /**
     * CPU core-milliseconds per analysed image outside the forward pass: each thread-timed stage
     * but the forward (read, decode, preprocess, reductions, write), the aggregation jobs' process
     * CPU, and their sum ({@code sum}); then {@code process_total}, the whole process's CPU during
     * the run per image, forward included, which also counts what no stage times (Spark's
     * scheduling and serialisation, garbage collection, the JIT). The stages are thread time
     * (wall-clock on the thread that runs them): CPU time where the threads are not descheduled,
     * more on a machine busier than its cores.
     */
    public Map<String, Double> coreMsPerImageOutsideForward() {
      Map<String, Double> m = new java.util.LinkedHashMap<>();
      if (images == 0) {
        return m;
      }
      double sum = 0;
      for (Map.Entry<String, Double> e : secondsPerImage.entrySet()) {
        if (e.getKey().equals("forward") || e.getKey().equals("aggregation")) {
          continue;
        }
        m.put(e.getKey(), e.getValue() * 1e3);
        sum += e.getValue() * 1e3;
      }
      double aggregation = aggregationCpuSeconds * 1e3 / images;
      m.put("aggregation", aggregation);
      m.put("sum", sum + aggregation);
      m.put("process_total", processCpuSeconds * 1e3 / images);
      return m;
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
      long cpu0 = RunTimings.processCpuNanos();
      long t0 = System.nanoTime();
      AnalysisResult result = run.run(spark);
      double wall = (System.nanoTime() - t0) / 1e9;
      double cpu = (RunTimings.processCpuNanos() - cpu0) / 1e9;
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
          ProcessMemory.rss(),
          cpu,
          timings.jobCpuSeconds("aggregation"));
    } finally {
      spark.sparkContext().removeSparkListener(timings);
    }
  }
}
