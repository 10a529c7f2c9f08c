package dev.gaze.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.gaze.aggregate.Aggregation;
import dev.gaze.aggregate.AttentionAggregation;
import dev.gaze.aggregate.Schemas;
import dev.gaze.config.AnalysisConfig;
import dev.gaze.config.InvalidInputException;
import dev.gaze.findings.FindingOptions;
import dev.gaze.model.ModelInfo;
import dev.gaze.model.Precision;
import dev.gaze.model.TapKind;
import dev.gaze.model.TapSpec;
import dev.gaze.source.ClassNames;
import dev.gaze.source.DatasetFormat;
import dev.gaze.source.DatasetPlan;
import dev.gaze.source.ImageRecord;
import dev.gaze.source.Split;
import dev.gaze.stats.PatchGrid;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.CollectionAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One analysis, checked and ready to run: {@link #prepare} validates everything that can be
 * validated without Spark (model, taps, dataset layout, output path) and {@link #run} executes it.
 *
 * <p>The run has two Spark stages. The inference stage maps each input partition through {@link
 * BatchInference} and writes the per-image table once, as Parquet, into the output's staging
 * folder; the aggregation stage reads it back and computes every result table with Spark SQL
 * built-ins ({@link Aggregation}). Reading the per-image table back means inference runs exactly
 * once however many tables are derived from it, and that the aggregation stage is a plain Parquet
 * scan the RAPIDS Accelerator can take over. When attention taps are analysed, the attention tables
 * ({@link AttentionTables}) are derived the same way ({@link AttentionAggregation}). Without an
 * output directory the per-image rows are persisted in Spark's storage instead, and released once
 * the (small) result tables are.
 */
public final class AnalysisRun {

  private static final Logger LOG = LoggerFactory.getLogger(AnalysisRun.class);

  private final AnalysisConfig config;
  private final ModelInfo model;
  private final List<String> taps;
  private final DatasetPlan plan;
  private final ClassNames classNames;
  private final OutputDirectory output;

  private AnalysisRun(
      AnalysisConfig config,
      ModelInfo model,
      List<String> taps,
      DatasetPlan plan,
      ClassNames classNames,
      OutputDirectory output) {
    this.config = config;
    this.model = model;
    this.taps = taps;
    this.plan = plan;
    this.classNames = classNames;
    this.output = output;
  }

  /**
   * Validates a configuration against the model registry, the dataset and the output path.
   *
   * @throws InvalidInputException naming the first problem and what would be valid
   */
  public static AnalysisRun prepare(AnalysisConfig config, Configuration conf) {
    ModelChoice choice = ModelChoice.of(config, conf);
    ModelInfo model = choice.info();
    List<String> taps = resolveTaps(model, config.taps());
    OutputDirectory output =
        config.out() == null ? null : OutputDirectory.check(config.out(), config.overwrite(), conf);
    ClassNames override =
        config.classNames() == null
            ? null
            : validInput(() -> ClassNames.fromFile(config.classNames(), conf));
    DatasetPlan plan = validInput(() -> plan(config, override, conf));
    if (config.precision() != Precision.FP32
        && !config.requireGpu()
        && !Boolean.parseBoolean(System.getProperty(GpuAssignment.REQUIRE_GPU_CONF))) {
      throw new InvalidInputException(
          "--precision "
              + config.precision().label()
              + " runs only on GPUs: add --require-gpu (or --conf "
              + GpuAssignment.REQUIRE_GPU_CONF
              + "=true) so that no task falls back to the CPU");
    }
    ClassNames classes = plan.classes().isEmpty() ? choice.classes() : plan.classes();
    return new AnalysisRun(config, model, taps, plan, classes, output);
  }

  /**
   * WebDataset and ImageFolder datasets are listed now; Parquet is only checked to exist (Spark
   * plans its splits) and gets its class names from beside the files.
   */
  private static DatasetPlan plan(AnalysisConfig config, ClassNames override, Configuration conf) {
    if (config.format() != DatasetFormat.PARQUET) {
      int target = config.partitions();
      if (target == 0) {
        target =
            config.format() == DatasetFormat.WEBDATASET
                ? Integer.MAX_VALUE
                : Math.max(2, 2 * Runtime.getRuntime().availableProcessors());
      }
      return DatasetPlan.plan(config.format(), config.data(), target, override, conf);
    }
    try {
      Path path = new Path(config.data());
      FileSystem fs = path.getFileSystem(conf);
      if (!fs.exists(path)) {
        throw new InvalidInputException(
            "--data " + config.data() + " does not exist; give Parquet files or a folder of them");
      }
      String folder =
          fs.getFileStatus(path).isDirectory() ? path.toString() : path.getParent().toString();
      ClassNames classes =
          override != null && !override.isEmpty() ? override : ClassNames.findIn(folder, conf);
      return new DatasetPlan(DatasetFormat.PARQUET, config.data(), List.of(), classes);
    } catch (IOException e) {
      throw new InvalidInputException(
          "cannot read --data " + config.data() + ": " + e.getMessage(), e);
    }
  }

  private static <T> T validInput(java.util.function.Supplier<T> check) {
    try {
      return check.get();
    } catch (InvalidInputException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(e.getMessage(), e);
    }
  }

  private static List<String> resolveTaps(ModelInfo model, List<String> requested) {
    if (requested.isEmpty()) {
      return model.tapNames();
    }
    List<String> taps = new ArrayList<>();
    for (String tap : requested) {
      if (model.tap(tap).isEmpty()) {
        throw new InvalidInputException(
            "model "
                + model.name()
                + " has no tap '"
                + tap
                + "'; valid: "
                + String.join(", ", model.tapNames()));
      }
      if (!taps.contains(tap)) {
        taps.add(tap);
      }
    }
    // Keep forward order whatever order they were named in.
    return model.tapNames().stream().filter(taps::contains).toList();
  }

  /** The model's description. */
  public ModelInfo model() {
    return model;
  }

  /** The taps that will be reduced, in forward order. */
  public List<String> taps() {
    return taps;
  }

  /** The reduced taps of kind {@code tokens}. */
  private Set<String> tokenTaps() {
    Set<String> tokens = new HashSet<>();
    for (String tap : taps) {
      model.tap(tap).filter(t -> t.kind() == TapKind.TOKENS).ifPresent(t -> tokens.add(tap));
    }
    return tokens;
  }

  /** The dataset's plan: its splits and class names. */
  public DatasetPlan plan() {
    return plan;
  }

  /**
   * Runs the analysis with the default finding thresholds; see {@link #run(SparkSession,
   * FindingOptions)}.
   */
  public AnalysisResult run(SparkSession spark) {
    return run(spark, FindingOptions.defaults());
  }

  /**
   * Runs the analysis; when an output directory was given, it appears complete or not at all, with
   * the {@code findings} table computed with {@code findings}' thresholds.
   */
  public AnalysisResult run(SparkSession spark, FindingOptions findings) {
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    OutputDirectory out = output;
    boolean requireGpu = requireGpu(spark);
    try {
      CpuForward.of(spark.sparkContext().getConf(), 1);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(e.getMessage(), e);
    }
    if (config.precision() != Precision.FP32 && !requireGpu) {
      throw new InvalidInputException(
          "--precision "
              + config.precision().label()
              + " runs only on GPUs: add --require-gpu (or --conf "
              + GpuAssignment.REQUIRE_GPU_CONF
              + "=true)");
    }
    CollectionAccumulator<TaskPlacement> placements =
        spark.sparkContext().collectionAccumulator("gaze task placements");
    String previousDescription = spark.sparkContext().getLocalProperty("spark.job.description");
    Dataset<Row> perImage = null;
    try {
      LOG.info(
          "Analysing {} ({}, {} partitions) with {} taps {}",
          config.data(),
          config.format(),
          plan.splits().isEmpty() ? "Spark's" : plan.splits().size(),
          model.name(),
          taps);
      spark
          .sparkContext()
          .setJobDescription(
              "gaze: inference of "
                  + model.name()
                  + " over "
                  + config.data()
                  + (plan.splits().isEmpty() ? "" : " (" + plan.splits().size() + " partitions)"));
      Dataset<Row> perImageRows =
          spark.createDataFrame(
              records(spark)
                  .mapPartitions(
                      new InferencePartition(
                          model.name(),
                          taps,
                          config.batchSize(),
                          config.maxPixels(),
                          classNames.size(),
                          config.precision(),
                          requireGpu,
                          placements,
                          config.decodeThreads(),
                          RunCounters.register(spark.sparkContext()))),
              Schemas.PER_IMAGE);
      if (out != null) {
        perImageRows.write().parquet(out.staged("per_image"));
        perImage = spark.read().parquet(out.staged("per_image"));
      } else {
        // No output directory: Spark's own storage holds the per-image rows, so that nothing is
        // left on a file system and the path is right on any cluster (a driver-local temporary
        // folder is not where executors write).
        perImage = perImageRows.persist(StorageLevel.MEMORY_AND_DISK());
      }

      Row counts =
          perImage
              .agg(
                  count(lit(1)),
                  count(col("error")),
                  sum(when(col("class_id").equalTo(col("predicted_id")), 1).otherwise(0)))
              .first();
      long seen = counts.getLong(0);
      long failed = counts.getLong(1);
      long correct = counts.isNullAt(2) ? 0 : counts.getLong(2);

      spark.sparkContext().setJobDescription("gaze: aggregation");
      Dataset<Row> stats = Aggregation.activationStats(perImage, classNameList(), tapShapes());
      Dataset<Row> confusion = Aggregation.confusion(perImage);
      Dataset<Row> errors = Aggregation.errors(perImage);
      AttentionTables attention = hasAttention() ? attentionTables(perImage) : null;
      RunFacts facts = new RunFacts(config.data(), model.name(), taps, classNames.names());
      if (out == null) {
        List<Dataset<Row>> tables = new ArrayList<>();
        List<Dataset<Row>> all = new ArrayList<>(List.of(stats, confusion, errors));
        if (attention != null) {
          all.addAll(attention.all());
        }
        for (Dataset<Row> table : all) {
          Dataset<Row> kept = table.persist(StorageLevel.MEMORY_AND_DISK());
          kept.count(); // materialised now, so that dropping the per-image rows loses nothing
          tables.add(kept);
        }
        perImage.unpersist(false);
        double wall = (System.nanoTime() - t0) / 1e9;
        RunSummary summary = new RunSummary(seen, seen - failed, failed, correct, wall);
        return new AnalysisResult(
            tables.get(0),
            tables.get(1),
            tables.get(2),
            summary,
            null,
            facts,
            attention == null ? null : AttentionTables.of(tables.subList(3, 7)));
      }
      stats.write().parquet(out.staged("activation_stats"));
      confusion.write().parquet(out.staged("confusion"));
      errors.write().parquet(out.staged("errors"));
      List<String> tables = new ArrayList<>(List.of("activation_stats", "confusion", "errors"));
      if (attention != null) {
        for (int i = 0; i < AttentionTables.NAMES.size(); i++) {
          attention.all().get(i).write().parquet(out.staged(AttentionTables.NAMES.get(i)));
        }
        tables.addAll(AttentionTables.NAMES);
      }
      FindingsTable.write(
          spark,
          FindingsTable.compute(
              spark,
              new Path(out.staged("activation_stats")).getParent().toString(),
              taps,
              tokenTaps(),
              classNameList(),
              findings),
          out.staged(FindingsTable.NAME));
      tables.add(FindingsTable.NAME);
      if (config.keepPerImage()) {
        tables.add("per_image");
      } else {
        out.deleteStaged("per_image");
      }
      double wall = (System.nanoTime() - t0) / 1e9;
      RunSummary summary = new RunSummary(seen, seen - failed, failed, correct, wall);
      out.writeText(
          "run.json",
          RunJson.write(
              spark,
              config,
              model,
              taps,
              plan,
              classNames,
              summary,
              started,
              tables,
              List.copyOf(placements.value()),
              requireGpu));
      out.commit();
      LOG.info("Wrote {} in {} s", out.destination(), String.format("%.1f", wall));
      String dest = out.destination().toString();
      return new AnalysisResult(
          spark.read().parquet(new Path(dest, "activation_stats").toString()),
          spark.read().parquet(new Path(dest, "confusion").toString()),
          spark.read().parquet(new Path(dest, "errors").toString()),
          summary,
          dest,
          facts,
          attention == null ? null : AttentionTables.read(spark, dest));
    } catch (RuntimeException e) {
      if (out != null) {
        out.abort();
      } else if (perImage != null) {
        perImage.unpersist(false);
      }
      throw e;
    } finally {
      spark.sparkContext().setJobDescription(previousDescription);
    }
  }

  /**
   * Whether tasks must run on a GPU ({@code --require-gpu} or {@value
   * GpuAssignment#REQUIRE_GPU_CONF}); when so, fails at once if Spark is not configured to give
   * tasks GPUs at all.
   */
  private boolean requireGpu(SparkSession spark) {
    org.apache.spark.SparkConf conf = spark.sparkContext().getConf();
    boolean required =
        config.requireGpu() || conf.getBoolean(GpuAssignment.REQUIRE_GPU_CONF, false);
    if (required && !conf.contains("spark.task.resource.gpu.amount")) {
      throw new InvalidInputException(
          "GPU required (--require-gpu or "
              + GpuAssignment.REQUIRE_GPU_CONF
              + ") but spark.task.resource.gpu.amount is not set, so no task gets a GPU; set it"
              + " and spark.executor.resource.gpu.amount (see conf/gpu-cluster.conf)");
    }
    return required;
  }

  private JavaRDD<ImageRecord> records(SparkSession spark) {
    if (config.format() == DatasetFormat.PARQUET) {
      return ParquetRecords.read(
          spark, config.data(), config.imageColumn(), config.labelColumn(), config.partitions());
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<SerializableHadoopConf> conf =
        jsc.broadcast(new SerializableHadoopConf(spark.sparkContext().hadoopConfiguration()));
    List<Split> splits = plan.splits();
    return jsc.parallelize(splits, Math.max(1, splits.size()))
        .mapPartitions((Iterator<Split> it) -> new SplitRecords(it, conf.value().get()));
  }

  private List<String> classNameList() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < classNames.size(); i++) {
      names.add(classNames.nameOf(i));
    }
    return names;
  }

  /**
   * Each feature-map tap's own (height, width); a token tap's is its patch grid. Attention taps are
   * not feature maps: their tables are the attention tables.
   */
  private Map<String, int[]> tapShapes() {
    Map<String, int[]> shapes = new LinkedHashMap<>();
    for (TapSpec tap : model.taps()) {
      long[] shape = tap.shape();
      switch (tap.kind()) {
        case ACTIVATION -> shapes.put(tap.name(), new int[] {(int) shape[1], (int) shape[2]});
        case TOKENS -> {
          int side = PatchGrid.ofTokens(shape[0]).side();
          shapes.put(tap.name(), new int[] {side, side});
        }
        case ATTENTION -> {
          // see the attention tables
        }
      }
    }
    return shapes;
  }

  /** Whether an attention tap is among the analysed taps (then the attention tables are made). */
  private boolean hasAttention() {
    return taps.stream()
        .anyMatch(t -> model.tap(t).map(s -> s.kind() == TapKind.ATTENTION).orElse(false));
  }

  /** The attention tables of the per-image rows, not yet computed. */
  private AttentionTables attentionTables(Dataset<Row> perImage) {
    List<String> names = classNameList();
    List<Integer> heads = new ArrayList<>();
    for (String tap : taps) {
      TapSpec spec = model.tap(tap).orElseThrow();
      if (spec.kind() == TapKind.ATTENTION) {
        heads.add((int) spec.shape()[0]);
      }
    }
    return new AttentionTables(
        AttentionAggregation.attentionStats(perImage, names),
        AttentionAggregation.rollout(perImage, names),
        AttentionAggregation.headSimilarity(perImage, heads),
        AttentionAggregation.classImages(perImage, names));
  }
}
