package dev.gaze.job;

import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;

/**
 * How many decode threads a task uses: the number asked for, or, for {@value #AUTO}, the executor's
 * cores per concurrently running task (at least 1, at most {@value #MAX_AUTO}). A CPU executor
 * running one task per core gets one decode thread per task; a GPU executor whose tasks are limited
 * by GPUs rather than cores gives each task the cores left over.
 */
public final class DecodeThreads {

  /** Chosen from the executor's cores and Spark's task resources. */
  public static final int AUTO = -1;

  /** The most decode threads {@link #AUTO} gives a task. */
  public static final int MAX_AUTO = 8;

  /** The most decode threads a task may be given. */
  public static final int MAX = 64;

  private DecodeThreads() {}

  /** {@code requested}, or for {@link #AUTO} the choice for this executor. */
  static int resolve(int requested) {
    if (requested != AUTO) {
      return requested;
    }
    SparkEnv env = SparkEnv.get();
    int cores = Runtime.getRuntime().availableProcessors();
    return env == null ? Math.min(MAX_AUTO, Math.max(1, cores - 1)) : auto(env.conf(), cores);
  }

  /** The {@link #AUTO} choice under {@code conf} on an executor with {@code processors} cores. */
  static int auto(SparkConf conf, int processors) {
    int cores = conf.getInt("spark.executor.cores", processors);
    int taskCpus = Math.max(1, conf.getInt("spark.task.cpus", 1));
    int concurrent = Math.max(1, cores / taskCpus);
    double executorGpus = conf.getDouble("spark.executor.resource.gpu.amount", 0);
    double taskGpus = conf.getDouble("spark.task.resource.gpu.amount", 0);
    if (executorGpus > 0 && taskGpus > 0) {
      concurrent =
          Math.max(1, Math.min(concurrent, (int) Math.floor(executorGpus / taskGpus + 1e-9)));
    }
    return Math.min(MAX_AUTO, Math.max(1, cores / concurrent));
  }
}
