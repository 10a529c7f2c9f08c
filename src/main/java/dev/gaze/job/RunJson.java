package dev.gaze.job;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.gaze.config.AnalysisConfig;
import dev.gaze.image.InputSpec;
import dev.gaze.model.ModelInfo;
import dev.gaze.model.TapSpec;
import dev.gaze.source.ClassNames;
import dev.gaze.source.DatasetPlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.SparkExecutorInfo;
import org.apache.spark.sql.SparkSession;

/** Writes {@code run.json}: what was analysed, with what, by whom, and the counts. */
final class RunJson {

  private RunJson() {}

  static String write(
      SparkSession spark,
      AnalysisConfig config,
      ModelInfo model,
      List<String> taps,
      DatasetPlan plan,
      ClassNames classNames,
      RunFingerprint fingerprint,
      Map<String, Object> inference,
      RunSummary summary,
      Instant started,
      List<String> tables,
      List<TaskPlacement> placements,
      boolean requireGpu,
      Map<String, Long> decoders) {
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("gaze_version", gazeVersion());
    run.put("run_id", java.util.UUID.randomUUID().toString());
    run.put("started", started.toString());
    run.put("wall_seconds", round(summary.wallSeconds()));

    Map<String, Object> modelJson = new LinkedHashMap<>();
    modelJson.put("name", model.name());
    modelJson.put("description", model.description());
    modelJson.put("num_classes", model.numClasses());
    modelJson.put("input", input(model.input()));
    List<Map<String, Object>> tapList = new ArrayList<>();
    for (TapSpec tap : model.taps()) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("name", tap.name());
      t.put("kind", tap.kind().name().toLowerCase(Locale.ROOT));
      t.put("shape", tap.shape());
      t.put("analyzed", taps.contains(tap.name()));
      tapList.add(t);
    }
    modelJson.put("taps", tapList);
    run.put("model", modelJson);

    Map<String, Object> dataset = new LinkedHashMap<>();
    dataset.put("path", config.data());
    dataset.put("format", config.format().name().toLowerCase(Locale.ROOT));
    dataset.put("splits", plan.splits().size());
    run.put("dataset", dataset);
    run.put("classes", classNames.names());
    run.put("fingerprint", fingerprint.toJson());
    run.put("inference", inference);
    run.put("tables", tables);

    run.put("images_seen", summary.imagesSeen());
    run.put("images_analyzed", summary.imagesAnalyzed());
    run.put("images_failed", summary.imagesFailed());
    // images per decoder: "native" (libjpeg-turbo, libpng), "imageio" (the fallback)
    run.put("decoders", decoders);
    run.put("top1", summary.imagesAnalyzed() == 0 ? null : round(summary.top1()));

    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("batch_size", config.batchSize());
    settings.put("max_pixels", config.maxPixels());
    settings.put("partitions", config.partitions());
    settings.put("precision", config.precision().label());
    settings.put("require_gpu", requireGpu);
    settings.put("decode_threads", config.decodeThreads() < 0 ? "auto" : config.decodeThreads());
    settings.put(
        "cpu_forward",
        CpuForward.of(spark.sparkContext().getConf(), Runtime.getRuntime().availableProcessors())
            .toJson());
    run.put("settings", settings);
    run.put("executors", executors(placements));

    Map<String, Object> sparkJson = new LinkedHashMap<>();
    sparkJson.put("version", spark.version());
    sparkJson.put("master", spark.sparkContext().master());
    sparkJson.put("app_id", spark.sparkContext().applicationId());
    List<String> executors = new ArrayList<>();
    for (SparkExecutorInfo e : spark.sparkContext().statusTracker().getExecutorInfos()) {
      executors.add(e.host() + ":" + e.port());
    }
    sparkJson.put("executors", executors);
    sparkJson.put("default_parallelism", spark.sparkContext().defaultParallelism());
    run.put("spark", sparkJson);

    Map<String, Object> versions = new LinkedHashMap<>();
    versions.put("java", System.getProperty("java.version"));
    versions.put("spark", spark.version());
    versions.put("scala", scala.util.Properties.versionNumberString());
    versions.put("djl", Engine.getDjlVersion());
    versions.put("pytorch", Engine.getEngine("PyTorch").getVersion());
    run.put("versions", versions);

    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(run)
          + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write run.json", e);
    }
  }

  /**
   * One entry per (executor, device) that ran inference tasks: host, executor id, the GPU addresses
   * Spark assigned, the device the model used, and the tasks (partition and attempt) with their own
   * assigned addresses. Only successful task attempts are counted.
   */
  static List<Map<String, Object>> executors(List<TaskPlacement> placements) {
    Map<String, Map<String, Object>> byExecutor = new java.util.TreeMap<>();
    List<TaskPlacement> sorted = new ArrayList<>(placements);
    sorted.sort(java.util.Comparator.comparingInt(TaskPlacement::partition));
    for (TaskPlacement p : sorted) {
      Map<String, Object> e =
          byExecutor.computeIfAbsent(
              p.executorId() + " " + p.device(),
              k -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("host", p.host());
                m.put("executor_id", p.executorId());
                m.put("gpu_addresses", new java.util.TreeSet<String>());
                m.put("device", p.device());
                m.put("tasks", new ArrayList<Map<String, Object>>());
                return m;
              });
      @SuppressWarnings("unchecked")
      java.util.Set<String> gpus = (java.util.Set<String>) e.get("gpu_addresses");
      gpus.addAll(p.gpus());
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> tasks = (List<Map<String, Object>>) e.get("tasks");
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("partition", p.partition());
      t.put("attempt", p.attempt());
      t.put("gpu_addresses", p.gpus());
      t.put("device", p.device());
      tasks.add(t);
    }
    return new ArrayList<>(byExecutor.values());
  }

  private static Map<String, Object> input(InputSpec spec) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("channels", spec.channels());
    m.put("height", spec.height());
    m.put("width", spec.width());
    m.put("resize_to", spec.resizeTo());
    m.put("policy", spec.policy().name().toLowerCase(Locale.ROOT));
    m.put("mean", spec.mean());
    m.put("std", spec.std());
    return m;
  }

  private static double round(double v) {
    return Math.round(v * 1e4) / 1e4;
  }

  static String gazeVersion() {
    String v = RunJson.class.getPackage().getImplementationVersion();
    return v == null ? "development" : v;
  }
}
