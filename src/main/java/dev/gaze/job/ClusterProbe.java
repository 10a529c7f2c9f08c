package dev.gaze.job;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.util.Platform;
import dev.gaze.image.NativeCodecs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkExecutorInfo;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Runs a small job on every executor of a session and collects one {@link ExecutorReport} each: the
 * assigned GPUs, the device an inference task would pick there ({@link GpuAssignment}), libtorch
 * and CUDA. What {@code gaze doctor --master ...} prints.
 */
public final class ClusterProbe {

  private static final long WAIT_FOR_EXECUTORS_MS = 60_000;

  private ClusterProbe() {}

  /**
   * Probes every executor, waiting up to a minute for the expected number to register ({@code
   * spark.cores.max / spark.executor.cores}, or {@code spark.executor.instances}).
   *
   * @param requireGpu whether a missing GPU or CUDA counts as a problem, as it does for {@code
   *     analyze --require-gpu}
   * @return one report per executor, ordered by executor id
   */
  public static List<ExecutorReport> probe(SparkSession spark, boolean requireGpu) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int expected = expectedExecutors(jsc.getConf());
    long deadline = System.currentTimeMillis() + WAIT_FOR_EXECUTORS_MS;
    while (registered(spark) < expected && System.currentTimeMillis() < deadline) {
      sleep(250);
    }
    Map<String, ExecutorReport> byId = new TreeMap<>();
    for (int round = 0; round < 5; round++) {
      int slots = Math.max(2, jsc.defaultParallelism());
      List<Integer> tasks = IntStream.range(0, 2 * slots).boxed().toList();
      List<ExecutorReport> reports =
          jsc.parallelize(tasks, tasks.size())
              .mapPartitions(
                  (Iterator<Integer> it) -> {
                    // Long enough that every executor gets some of the tasks.
                    Thread.sleep(300);
                    return List.of(report(requireGpu)).iterator();
                  })
              .collect();
      for (ExecutorReport r : reports) {
        byId.putIfAbsent(r.executorId(), r);
      }
      if (byId.size() >= Math.max(1, Math.max(expected, registered(spark)))) {
        break;
      }
    }
    return new ArrayList<>(byId.values());
  }

  /** Executors registered now, not counting the driver unless it is the only one (local mode). */
  private static int registered(SparkSession spark) {
    SparkExecutorInfo[] infos = spark.sparkContext().statusTracker().getExecutorInfos();
    return spark.sparkContext().isLocal() ? 1 : Math.max(0, infos.length - 1);
  }

  private static int expectedExecutors(SparkConf conf) {
    if (conf.contains("spark.executor.instances")) {
      return conf.getInt("spark.executor.instances", 1);
    }
    if (conf.contains("spark.cores.max") && conf.contains("spark.executor.cores")) {
      return Math.max(
          1, conf.getInt("spark.cores.max", 1) / conf.getInt("spark.executor.cores", 1));
    }
    return 1;
  }

  /** The report of the executor this runs on. */
  static ExecutorReport report(boolean requireGpu) {
    List<String> gpus = TaskEnvironment.assignedGpus();
    String problem = null;
    String note = null;
    String libtorch = "-";
    String flavor = "-";
    int cudaGpus = 0;
    try {
      Platform platform = Platform.detectPlatform("pytorch");
      libtorch = platform.getVersion();
      flavor = platform.getFlavor();
      Engine.getEngine("PyTorch");
      cudaGpus = TaskEnvironment.cudaGpus();
    } catch (RuntimeException | LinkageError e) {
      problem = "the PyTorch engine does not load: " + e.getMessage();
    }
    String device = "-";
    if (problem == null) {
      try {
        Device d = GpuAssignment.choose(gpus, cudaGpus, requireGpu);
        device = d.toString();
        if (!gpus.isEmpty() && !d.isGpu()) {
          note = "GPU " + String.join(",", gpus) + " assigned but libtorch has no CUDA: CPU";
        }
      } catch (IllegalStateException e) {
        problem = e.getMessage();
      }
    }
    String gpuName = "-";
    long memory = -1;
    if (!gpus.isEmpty()) {
      String[] smi = nvidiaSmi(gpus.get(0));
      if (smi != null) {
        gpuName = smi[0];
        try {
          memory = Long.parseLong(smi[1]);
        } catch (NumberFormatException e) {
          memory = -1;
        }
      }
    }
    if (!NativeCodecs.available()) {
      String slow = "ImageIO decodes every image (" + NativeCodecs.problem() + ")";
      note = note == null ? slow : note + "; " + slow;
    }
    return new ExecutorReport(
        TaskEnvironment.executorId(),
        TaskEnvironment.host(),
        gpus,
        device,
        libtorch,
        flavor,
        cudaGpus > 0,
        gpuName,
        memory,
        problem,
        note);
  }

  /** Name and total memory (MiB) of GPU {@code index} from nvidia-smi, or null without it. */
  private static String[] nvidiaSmi(String index) {
    try {
      Process p =
          new ProcessBuilder(
                  "nvidia-smi",
                  "--id=" + index,
                  "--query-gpu=name,memory.total",
                  "--format=csv,noheader,nounits")
              .redirectErrorStream(true)
              .start();
      String line;
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        line = r.readLine();
      }
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0 || line == null) {
        return null;
      }
      String[] parts = line.split(",");
      return parts.length < 2 ? null : new String[] {parts[0].strip(), parts[1].strip()};
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
