package dev.gaze.job;

import ai.djl.Device;
import ai.djl.pytorch.jni.JniUtils;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;

/**
 * How the concurrent tasks of a CPU executor share its cores for the forward pass (libtorch's
 * intra-op threads are an OpenMP team per calling thread, so two tasks that each keep libtorch's
 * default run two teams of all cores on the same cores). Chosen by {@code spark.gaze.cpuForward}:
 *
 * <ul>
 *   <li>{@code split} (the default): each task's forward runs with {@code cores / concurrent tasks}
 *       intra-op threads (at least 1), so the teams together fill the cores once;
 *   <li>{@code serial}: one forward at a time per (executor, device), with all the executor's
 *       cores, while the other tasks decode;
 *   <li>{@code full}: every task keeps libtorch's default team (before issue 13).
 * </ul>
 *
 * <p>GPU devices are never touched: their forward pass does not run on the cores. The figures
 * behind the default are in docs/performance.md ("CPU threads").
 *
 * @param mode the arrangement
 * @param cores the executor's cores ({@code spark.executor.cores}, {@code local[N]}'s N, else the
 *     JVM's processors)
 * @param concurrentTasks how many tasks run at once ({@code cores / spark.task.cpus})
 * @param intraOpThreads the libtorch intra-op threads each forward pass gets (0: libtorch's
 *     default, {@code full})
 */
public record CpuForward(Mode mode, int cores, int concurrentTasks, int intraOpThreads) {

  /** The Spark setting that chooses the arrangement. */
  public static final String CONF = "spark.gaze.cpuForward";

  /** The arrangements. */
  public enum Mode {
    /** Intra-op threads = cores / concurrent tasks. */
    SPLIT,
    /** One forward at a time per executor and device, with all cores. */
    SERIAL,
    /** libtorch's default team in every task. */
    FULL;

    /** The name as {@value CpuForward#CONF} spells it. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The mode named {@code text}.
     *
     * @throws IllegalArgumentException naming the valid modes
     */
    public static Mode parse(String text) {
      for (Mode m : values()) {
        if (m.label().equals(text.strip().toLowerCase(Locale.ROOT))) {
          return m;
        }
      }
      throw new IllegalArgumentException(
          CONF + " '" + text + "' is not valid; valid: split, serial, full");
    }
  }

  private static final Pattern LOCAL = Pattern.compile("local(?:-cluster)?\\[(\\*|\\d+)(?:,.*)?]");

  private static final Map<Device, ReentrantLock> GATES = new ConcurrentHashMap<>();

  /** The arrangement of this JVM's executor (or, outside Spark, of a JVM running one task). */
  static CpuForward current() {
    SparkEnv env = SparkEnv.get();
    int processors = Runtime.getRuntime().availableProcessors();
    return env == null ? of(new SparkConf(false), processors) : of(env.conf(), processors);
  }

  /**
   * The arrangement under {@code conf} on an executor of {@code processors} processors.
   *
   * @throws IllegalArgumentException when {@value #CONF} names no mode
   */
  public static CpuForward of(SparkConf conf, int processors) {
    Mode mode = Mode.parse(conf.get(CONF, Mode.SPLIT.label()));
    int cores = processors;
    Matcher local = LOCAL.matcher(conf.get("spark.master", ""));
    if (conf.contains("spark.executor.cores")) {
      cores = conf.getInt("spark.executor.cores", processors);
    } else if (local.matches() && !local.group(1).equals("*")) {
      cores = Integer.parseInt(local.group(1));
    }
    cores = Math.max(1, cores);
    int concurrent = Math.max(1, cores / Math.max(1, conf.getInt("spark.task.cpus", 1)));
    int threads =
        switch (mode) {
          case SPLIT -> Math.max(1, cores / concurrent);
          case SERIAL -> cores;
          case FULL -> 0;
        };
    return new CpuForward(mode, cores, concurrent, threads);
  }

  /**
   * Runs {@code forward} on {@code device} as the arrangement says: on a CPU device with the
   * calling thread's intra-op threads set (and, for {@code serial}, holding the device's lock); on
   * a GPU as it is.
   *
   * @return the nanoseconds spent waiting for the lock (excluded from the forward's time)
   */
  long run(Device device, Runnable forward) {
    if (device.isGpu() || mode == Mode.FULL) {
      forward.run();
      return 0;
    }
    // omp_set_num_threads: the calling thread's own team size, for this and later forwards
    JniUtils.setNumThreads(intraOpThreads);
    if (mode == Mode.SPLIT || concurrentTasks == 1) {
      forward.run();
      return 0;
    }
    ReentrantLock gate = GATES.computeIfAbsent(device, d -> new ReentrantLock(true));
    long t0 = System.nanoTime();
    gate.lock();
    long waited = System.nanoTime() - t0;
    try {
      forward.run();
    } finally {
      gate.unlock();
    }
    return waited;
  }

  /** As {@code run.json} records it. */
  Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mode", mode.label());
    m.put("executor_cores", cores);
    m.put("concurrent_tasks", concurrentTasks);
    m.put("intra_op_threads", intraOpThreads == 0 ? "libtorch default" : intraOpThreads);
    m.put("applies_to", "CPU devices (GPU executors unchanged)");
    return m;
  }
}
