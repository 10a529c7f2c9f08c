package dev.gaze.bench;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;

/**
 * What a run's Spark events say about it: the final values of the {@code gaze.*} accumulators
 * (summed over completed stages, as the Spark UI shows them) and the wall seconds of the jobs per
 * job description ({@code gaze: inference of ...}, {@code gaze: aggregation}).
 */
final class RunTimings extends SparkListener {

  private final Map<String, Long> accumulators = new ConcurrentHashMap<>();
  private final Map<String, Double> jobSeconds = new ConcurrentHashMap<>();
  private final Map<Integer, Long> jobStarts = new HashMap<>();
  private final Map<Integer, String> jobNames = new HashMap<>();
  private final Map<String, Double> jobCpuSeconds = new ConcurrentHashMap<>();
  private final Map<Integer, Long> jobCpuStarts = new HashMap<>();

  /**
   * This process's CPU time so far, nanoseconds, or -1 where the JVM does not say. In local mode
   * driver and executors are this process, so the difference over a job is the CPU the job took on
   * all cores (read when the listener bus delivers the event, a few milliseconds late).
   */
  static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  @Override
  public synchronized void onJobStart(SparkListenerJobStart event) {
    String description = event.properties().getProperty("spark.job.description", "");
    jobStarts.put(event.jobId(), event.time());
    jobCpuStarts.put(event.jobId(), processCpuNanos());
    jobNames.put(
        event.jobId(),
        description.startsWith("gaze: inference")
            ? "inference"
            : description.startsWith("gaze: aggregation") ? "aggregation" : "other");
  }

  @Override
  public synchronized void onJobEnd(SparkListenerJobEnd event) {
    Long start = jobStarts.remove(event.jobId());
    String name = jobNames.remove(event.jobId());
    if (start != null) {
      jobSeconds.merge(name, (event.time() - start) / 1e3, Double::sum);
    }
    Long cpuStart = jobCpuStarts.remove(event.jobId());
    if (cpuStart != null && cpuStart >= 0 && name != null) {
      jobCpuSeconds.merge(name, (processCpuNanos() - cpuStart) / 1e9, Double::sum);
    }
  }

  @Override
  public void onStageCompleted(SparkListenerStageCompleted event) {
    var infos = event.stageInfo().accumulables().values().iterator();
    while (infos.hasNext()) {
      AccumulableInfo info = infos.next();
      if (info.name().isDefined()
          && info.name().get().startsWith("gaze.")
          && info.value().isDefined()
          && info.value().get() instanceof Long v) {
        accumulators.merge(info.name().get(), v, Long::sum);
      }
    }
  }

  /** The final value of a {@code gaze.*} accumulator, 0 when no stage reported it. */
  long accumulator(String name) {
    return accumulators.getOrDefault(name, 0L);
  }

  /**
   * Wall seconds of the jobs of one kind: {@code inference}, {@code aggregation} or {@code other}.
   */
  double jobSeconds(String kind) {
    return jobSeconds.getOrDefault(kind, 0.0);
  }

  /**
   * This process's CPU seconds (all threads) during the jobs of one kind, as {@link #jobSeconds};
   * meaningful in local mode, where the executors are this process.
   */
  double jobCpuSeconds(String kind) {
    return jobCpuSeconds.getOrDefault(kind, 0.0);
  }

  /** Whether the final accumulator values have arrived (the listener bus is asynchronous). */
  boolean has(String name) {
    return accumulators.containsKey(name);
  }
}
