package dev.gaze.cli;

import dev.gaze.job.ClusterProbe;
import dev.gaze.job.ExecutorReport;
import dev.gaze.job.GpuAssignment;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** The cluster half of {@code gaze doctor}: the driver's side, then one row per executor. */
final class ClusterDoctor {

  private static final String RAPIDS_PLUGIN = "com.nvidia.spark.SQLPlugin";

  private ClusterDoctor() {}

  /**
   * Prints the driver's Java, Spark, RAPIDS plugin state and Gaze version, then the executor table,
   * then the problems.
   *
   * @return 0, or {@link Main#EXIT_FAILED} when some executor has a problem that would make {@code
   *     analyze} fail there
   */
  static int print(PrintWriter out, SparkSession spark, boolean requireGpuFlag) {
    SparkConf conf = spark.sparkContext().getConf();
    boolean requireGpu = requireGpuFlag || conf.getBoolean(GpuAssignment.REQUIRE_GPU_CONF, false);
    out.println();
    out.printf(
        "driver    %s, java %s, spark %s%n",
        VersionProvider.gazeLine(), System.getProperty("java.version"), spark.version());
    out.printf(
        "master    %s (%s)%n", spark.sparkContext().master(), spark.sparkContext().applicationId());
    out.printf("rapids    %s%n", rapids(conf));
    out.printf(
        "gpus      executor %s, task %s, require-gpu %s%n",
        conf.get("spark.executor.resource.gpu.amount", "-"),
        conf.get("spark.task.resource.gpu.amount", "-"),
        requireGpu);
    out.flush();
    List<ExecutorReport> reports = ClusterProbe.probe(spark, requireGpu);
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "executor", "host", "gpus", "device", "libtorch", "cuda", "gpu name", "gpu memory"
        });
    List<String> problems = new ArrayList<>();
    for (ExecutorReport r : reports) {
      rows.add(
          new String[] {
            r.executorId(),
            r.host(),
            r.gpus().isEmpty() ? "-" : String.join(",", r.gpus()),
            r.device(),
            r.libtorch() + " (" + r.flavor() + ")",
            r.cuda() ? "yes" : "no",
            r.gpuName(),
            r.gpuMemoryMib() < 0 ? "-" : r.gpuMemoryMib() + " MiB"
          });
      if (r.problem() != null) {
        problems.add("executor " + r.executorId() + " on " + r.host() + ": " + r.problem());
      } else if (r.note() != null) {
        out.println("note      executor " + r.executorId() + ": " + r.note());
      }
    }
    printTable(out, rows);
    if (reports.isEmpty()) {
      problems.add("no executor ran the probe job");
    }
    for (String p : problems) {
      out.println("PROBLEM   " + p);
    }
    out.println(
        problems.isEmpty()
            ? reports.size() + " executor(s) ready for analyze"
            : problems.size() + " problem(s): analyze would fail");
    out.flush();
    return problems.isEmpty() ? 0 : Main.EXIT_FAILED;
  }

  private static String rapids(SparkConf conf) {
    String plugins = conf.get("spark.plugins", "");
    boolean configured = plugins.contains(RAPIDS_PLUGIN);
    boolean present;
    try {
      Class.forName(RAPIDS_PLUGIN, false, Thread.currentThread().getContextClassLoader());
      present = true;
    } catch (ClassNotFoundException | LinkageError e) {
      present = false;
    }
    if (!configured) {
      return "off (spark.plugins has no "
          + RAPIDS_PLUGIN
          + (present ? "; the jar is present)" : ")");
    }
    return (present ? "on" : "configured but its jar is not on the driver's class path")
        + ", sql.enabled "
        + conf.get("spark.rapids.sql.enabled", "true")
        + ", mode "
        + conf.get("spark.rapids.sql.mode", "executeongpu")
        + ", explain "
        + conf.get("spark.rapids.sql.explain", "NONE")
        + ", allocFraction "
        + conf.get("spark.rapids.memory.gpu.allocFraction", "1.0 (default: the whole GPU)");
  }

  private static void printTable(PrintWriter out, List<String[]> rows) {
    int[] width = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(String.format("%-" + (width[i] + 2) + "s", row[i]));
      }
      out.println(line.toString().stripTrailing());
    }
  }
}
