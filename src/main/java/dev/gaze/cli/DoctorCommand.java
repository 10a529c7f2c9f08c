package dev.gaze.cli;

import ai.djl.engine.Engine;
import ai.djl.util.Platform;
import ai.djl.util.cuda.CudaUtils;
import dev.gaze.image.NativeCodecs;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gaze doctor}: what this JVM has: Java, Spark, DJL, libtorch, CUDA and GPUs. */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description =
        "Print Java, Spark and DJL versions, the libtorch version and flavour, whether CUDA is"
            + " available, the GPUs and the JPEG/PNG decoder (native libjpeg-turbo and libpng, or"
            + " ImageIO, and why); with --master (or under spark-submit) also one row per"
            + " executor, exiting 1 when analyze would fail there.")
final class DoctorCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--master",
      paramLabel = "URL",
      description =
          "Also probe every executor of this Spark master (under spark-submit: the master it"
              + " set), printing one row per executor.")
  String master;

  @Option(
      names = "--require-gpu",
      description =
          "Count a task without a GPU, or without CUDA, as a problem (as analyze --require-gpu"
              + " does; also spark.gaze.requireGpu).")
  boolean requireGpu;

  @Override
  public Integer call() {
    int local = local();
    if (master == null && System.getProperty("spark.master") == null) {
      return local;
    }
    // Not try-with-resources: a session that was already running (Databricks) must stay up.
    SparkSession spark = Sessions.create(master, "gaze doctor");
    try {
      return ClusterDoctor.print(spec.commandLine().getOut(), spark, requireGpu);
    } finally {
      Sessions.release(spark);
    }
  }

  private int local() {
    PrintWriter out = spec.commandLine().getOut();
    row(out, "gaze", VersionProvider.gazeLine());
    row(
        out,
        "java",
        System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
    row(out, "spark", org.apache.spark.package$.MODULE$.SPARK_VERSION());
    row(out, "scala", scala.util.Properties.versionNumberString());
    row(out, "djl", Engine.getDjlVersion());
    Platform platform = Platform.detectPlatform("pytorch");
    row(
        out,
        "libtorch",
        platform.getVersion()
            + " ("
            + platform.getFlavor()
            + ", "
            + platform.getClassifier()
            + ")");
    Engine engine = Engine.getEngine("PyTorch");
    row(out, "engine", engine.getEngineName() + " " + engine.getVersion());
    row(out, "offline", String.valueOf(Boolean.getBoolean("ai.djl.offline")));
    boolean cuda = CudaUtils.hasCuda();
    row(out, "cuda", cuda ? CudaUtils.getCudaVersionString() : "not available");
    int gpus = cuda ? CudaUtils.getGpuCount() : 0;
    row(out, "gpus", String.valueOf(gpus));
    List<String> names = gpuNames();
    for (int i = 0; i < gpus; i++) {
      String name = i < names.size() ? names.get(i) : "(name unknown: no nvidia-smi)";
      row(out, "gpu " + i, name + ", compute capability " + CudaUtils.getComputeCapability(i));
    }
    row(out, "decoder", decoder());
    row(out, "cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
    row(out, "max heap", Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
    out.flush();
    return 0;
  }

  /** The JPEG/PNG decoder images get: the native one with its versions, or ImageIO and why. */
  private static String decoder() {
    try {
      return NativeCodecs.available()
          ? "native: " + NativeCodecs.version() + " (natives in " + NativeCodecs.cacheDir() + ")"
          : "imageio: " + NativeCodecs.problem();
    } catch (IllegalArgumentException e) {
      return "imageio: " + e.getMessage();
    }
  }

  private static void row(PrintWriter out, String key, String value) {
    out.printf("%-9s %s%n", key, value);
  }

  /** GPU names from nvidia-smi, or none when it is not installed. */
  private static List<String> gpuNames() {
    List<String> names = new ArrayList<>();
    try {
      Process p =
          new ProcessBuilder("nvidia-smi", "--query-gpu=name", "--format=csv,noheader")
              .redirectErrorStream(true)
              .start();
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (!line.isBlank()) {
            names.add(line.trim());
          }
        }
      }
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        names.clear();
      }
    } catch (java.io.IOException e) {
      // no nvidia-smi: names stay unknown
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return names;
  }
}
