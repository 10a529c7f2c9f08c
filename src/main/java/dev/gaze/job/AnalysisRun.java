package dev.gaze.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.spark_partition_id;
import static org.apache.spark.sql.functions.sum;

import dev.gaze.aggregate.Aggregation;
import dev.gaze.aggregate.AttentionAggregation;
import dev.gaze.aggregate.Partials;
import dev.gaze.aggregate.Schemas;
import dev.gaze.config.AnalysisConfig;
import dev.gaze.config.InvalidInputException;
import dev.gaze.findings.FindingOptions;
import dev.gaze.model.ModelCache;
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
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
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
 * BatchInference} and combines its images per class into partial rows ({@link ClassPartials},
 * {@code Schemas.PARTIAL}: counts, sums and running moments in double), written once, as Parquet,
 * into the output's staging folder; with {@code --keep-per-image} it writes the per-image table
 * instead, which is read as partial rows of one image each. The aggregation stage reads them back
 * and merges every result table with Spark SQL built-ins ({@link Aggregation}, {@link
 * AttentionAggregation}): inference runs exactly once however many tables are derived, and the
 * aggregation stage is a plain Parquet scan the RAPIDS Accelerator can take over. Without an output
 * directory the rows are persisted in Spark's storage instead, and released once the (small) result
 * tables are.
 */
public final class AnalysisRun {

  private static final Logger LOG = LoggerFactory.getLogger(AnalysisRun.class);

  /** The staging folder of the inference stage's partial rows ({@link Schemas#PARTIAL}). */
  static final String PARTIALS = "partials";

  private final AnalysisConfig config;
  private final ModelInfo model;
  private final List<String> taps;
  private final DatasetPlan plan;
  private final ClassNames classNames;
  private final OutputDirectory output;
  private final RunFingerprint fingerprint;

  private AnalysisRun(
      AnalysisConfig config,
      ModelInfo model,
      List<String> taps,
      DatasetPlan plan,
      ClassNames classNames,
      OutputDirectory output,
      RunFingerprint fingerprint) {
    this.config = config;
    this.model = model;
    this.taps = taps;
    this.plan = plan;
    this.classNames = classNames;
    this.output = output;
    this.fingerprint = fingerprint;
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
        config.out() == null
            ? null
            : OutputDirectory.check(config.out(), config.overwrite(), config.resume(), conf);
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
    RunFingerprint fingerprint =
        Fingerprints.of(config, model, choice.sha256(), taps, plan, classes, conf);
    if (output != null && output.resuming() && config.resume()) {
      ResumeState.check(output, fingerprint, stagedTable(config));
    }
    return new AnalysisRun(config, model, taps, plan, classes, output, fingerprint);
  }

  /**
   * Records per committed input partition of an interrupted run (analysed and failed), read from
   * its staged rows.
   */
  private static Map<Integer, Long> reusedRecords(
      SparkSession spark, String table, ResumeState resume) {
    Map<Integer, Long> records = new java.util.TreeMap<>();
    if (resume.committed().isEmpty()) {
      return records;
    }
    Dataset<Row> rows = spark.read().parquet(table);
    Column count;
    if (List.of(rows.columns()).contains("images")) {
      rows = Partials.withoutDatasetWide(rows);
      count = sum(col("images")).plus(count(col("error")));
    } else {
      count = count(org.apache.spark.sql.functions.lit(1));
    }
    for (Row r :
        rows.where(col(ResumeState.SPLIT).isin(resume.committed().toArray()))
            .groupBy(ResumeState.SPLIT)
            .agg(count)
            .collectAsList()) {
      records.put(r.getInt(0), r.getLong(1));
    }
    return records;
  }

  /**
   * What {@code run.json} says of the inference stage: its wall time, its partitions, and which
   * were reused from an interrupted run (with their shards, for WebDataset input) and which were
   * computed by this one.
   */
  private Map<String, Object> inferenceJson(
      Map<Integer, Long> reused, int partitions, double seconds) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("seconds", Math.round(seconds * 1000) / 1000.0);
    json.put("resumed", config.resume() && !reused.isEmpty());
    json.put("partitions", partitions);
    json.put("reused_records", reused.values().stream().mapToLong(Long::longValue).sum());
    List<Map<String, Object>> reusedSplits = new ArrayList<>();
    List<Integer> computed = new ArrayList<>();
    for (int i = 0; i < partitions; i++) {
      if (!reused.containsKey(i)) {
        computed.add(i);
        continue;
      }
      Map<String, Object> split = new LinkedHashMap<>();
      split.put("split", i);
      split.put("records", reused.get(i));
      if (i < plan.splits().size() && !plan.splits().get(i).shards().isEmpty()) {
        split.put("shards", plan.splits().get(i).shards());
      }
      reusedSplits.add(split);
    }
    json.put("reused", reusedSplits);
    json.put("computed", computed);
    return json;
  }

  /** The staging folder of the inference stage's rows. */
  private static String stagedTable(AnalysisConfig config) {
    return config.keepPerImage() ? "per_image" : PARTIALS;
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

  /** What determines this run's results (written into {@code run.json}). */
  public RunFingerprint fingerprint() {
    return fingerprint;
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
    if (spark.sparkContext().isLocal()
        && !requireGpu
        && config.precision() == Precision.FP32
        && !spark.sparkContext().getConf().contains("spark.task.resource.gpu.amount")) {
      // The tasks run in this JVM, on the CPU (GpuAssignment: no GPU assigned): load the model
      // while the job is planned and the first records are read.
      ModelCache.preload(model.name(), ai.djl.Device.cpu(), Precision.FP32);
    }
    CollectionAccumulator<TaskPlacement> placements =
        spark.sparkContext().collectionAccumulator("gaze task placements");
    String previousDescription = spark.sparkContext().getLocalProperty("spark.job.description");
    RunCounters counters = RunCounters.register(spark.sparkContext());
    Dataset<Row> inferred = null;
    ResumeState resume = null;
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
      JavaRDD<ImageRecord> records = records(spark);
      String stagedName = stagedTable(config);
      resume =
          out == null
              ? null
              : ResumeState.open(out, fingerprint, stagedName, records.getNumPartitions());
      Map<Integer, Long> reused =
          resume == null ? Map.of() : reusedRecords(spark, out.staged(stagedName), resume);
      if (!reused.isEmpty()) {
        LOG.info(
            "Resuming: {} of {} partitions committed ({} records), {} to analyse",
            reused.size(),
            records.getNumPartitions(),
            reused.values().stream().mapToLong(Long::longValue).sum(),
            records.getNumPartitions() - reused.size());
      }
      Dataset<Row> staged =
          spark
              .createDataFrame(
                  records.mapPartitions(
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
                          counters,
                          config.keepPerImage(),
                          reused)),
                  config.keepPerImage() ? Schemas.PER_IMAGE : Schemas.PARTIAL)
              // The input partition each row came from: the unit that a resumed run reuses.
              .withColumn(ResumeState.SPLIT, spark_partition_id());
      long inferenceStart = System.nanoTime();
      if (out != null) {
        // Version 2 of Hadoop's committer moves each task's file into place when the task
        // commits, so what finished survives the driver (see ResumeState).
        staged
            .write()
            .mode(SaveMode.Append)
            .option("mapreduce.fileoutputcommitter.algorithm.version", "2")
            .partitionBy(ResumeState.SPLIT)
            .parquet(out.staged(stagedName));
        inferred = spark.read().schema(staged.schema()).parquet(out.staged(stagedName));
      } else {
        // No output directory: Spark's own storage holds the inference stage's rows, so that
        // nothing is left on a file system and the path is right on any cluster (a driver-local
        // temporary folder is not where executors write).
        inferred = staged.persist(StorageLevel.MEMORY_AND_DISK());
      }
      double inferenceSeconds = (System.nanoTime() - inferenceStart) / 1e9;
      Dataset<Row> partials = config.keepPerImage() ? Partials.fromPerImage(inferred) : inferred;

      spark.sparkContext().setJobDescription("gaze: aggregation");
      Aggregation.Counts tally = Aggregation.counts(partials);
      long failed = tally.failed();
      long seen = tally.analysed() + failed;
      long correct = tally.correct();
      Dataset<Row> confusion = Aggregation.confusion(partials);

      Dataset<Row> stats = Aggregation.activationStats(partials, classNameList(), tapShapes());
      Dataset<Row> errors = Aggregation.errors(partials);
      AttentionTables attention = hasAttention() ? attentionTables(partials) : null;
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
        inferred.unpersist(false);
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
        out.deleteStaged(PARTIALS);
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
              fingerprint,
              inferenceJson(reused, records.getNumPartitions(), inferenceSeconds),
              summary,
              started,
              tables,
              List.copyOf(placements.value()),
              requireGpu,
              counters.decoded()));
      out.commit();
      LOG.info("Wrote {} in {} s", out.destination(), String.format("%.1f", wall));
      String dest = out.destination().toString();
      return new AnalysisResult(
          ResultTables.read(spark, dest, "activation_stats"),
          ResultTables.read(spark, dest, "confusion"),
          ResultTables.read(spark, dest, "errors"),
          summary,
          dest,
          facts,
          attention == null ? null : AttentionTables.read(spark, dest));
    } catch (RuntimeException e) {
      if (out != null) {
        boolean keep = resume != null && resume.holdsResults();
        if (keep) {
          LOG.warn(
              "The run failed; the inference results it committed are kept in {}: rerun with"
                  + " --resume to continue from them",
              out.staging());
        }
        out.abort(keep);
      } else if (inferred != null) {
        inferred.unpersist(false);
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

  /** The attention tables of the partial rows, not yet computed. */
  private AttentionTables attentionTables(Dataset<Row> partials) {
    List<String> names = classNameList();
    List<Integer> heads = new ArrayList<>();
    for (String tap : taps) {
      TapSpec spec = model.tap(tap).orElseThrow();
      if (spec.kind() == TapKind.ATTENTION) {
        heads.add((int) spec.shape()[0]);
      }
    }
    return new AttentionTables(
        AttentionAggregation.attentionStats(partials, names),
        AttentionAggregation.rollout(partials, names),
        AttentionAggregation.headSimilarity(partials, heads),
        AttentionAggregation.classImages(partials, names));
  }
}
