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
import dev.gaze.model.BuiltinModels;
import dev.gaze.model.ModelInfo;
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
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
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
 * scan the RAPIDS Accelerator can take over.
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
    ModelInfo model = validInput(() -> BuiltinModels.require(config.model()));
    List<String> taps = resolveTaps(model, config.taps());
    OutputDirectory output =
        config.out() == null ? null : OutputDirectory.check(config.out(), config.overwrite(), conf);
    ClassNames override =
        config.classNames() == null
            ? null
            : validInput(() -> ClassNames.fromFile(config.classNames(), conf));
    DatasetPlan plan = validInput(() -> plan(config, override, conf));
    return new AnalysisRun(config, model, taps, plan, plan.classes(), output);
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

  /** The dataset's plan: its splits and class names. */
  public DatasetPlan plan() {
    return plan;
  }

  /** Runs the analysis; when an output directory was given, it appears complete or not at all. */
  public AnalysisResult run(SparkSession spark) {
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    OutputDirectory out = output;
    String perImagePath = out != null ? out.staged("per_image") : tempPerImagePath(spark);
    try {
      LOG.info(
          "Analysing {} ({}, {} partitions) with {} taps {}",
          config.data(),
          config.format(),
          plan.splits().isEmpty() ? "Spark's" : plan.splits().size(),
          model.name(),
          taps);
      Dataset<Row> perImageRows =
          spark.createDataFrame(
              records(spark)
                  .mapPartitions(
                      new InferencePartition(
                          model.name(),
                          taps,
                          config.batchSize(),
                          config.maxPixels(),
                          classNames.size())),
              Schemas.PER_IMAGE);
      perImageRows.write().parquet(perImagePath);
      Dataset<Row> perImage = spark.read().parquet(perImagePath);

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

      Dataset<Row> stats =
          Aggregation.activationStats(perImage, classNamesFrame(spark), tapShapesFrame(spark));
      Dataset<Row> confusion = Aggregation.confusion(perImage);
      Dataset<Row> errors = Aggregation.errors(perImage);
      double wall = (System.nanoTime() - t0) / 1e9;
      if (out == null) {
        RunSummary summary = new RunSummary(seen, seen - failed, failed, correct, wall);
        return new AnalysisResult(stats.cache(), confusion.cache(), errors.cache(), summary, null);
      }
      stats.write().parquet(out.staged("activation_stats"));
      confusion.write().parquet(out.staged("confusion"));
      errors.write().parquet(out.staged("errors"));
      List<String> tables = new ArrayList<>(List.of("activation_stats", "confusion", "errors"));
      if (hasAttention()) {
        Dataset<Row> names = classNamesFrame(spark);
        AttentionAggregation.attentionStats(perImage, names)
            .write()
            .parquet(out.staged("attention_stats"));
        AttentionAggregation.rollout(perImage, names)
            .write()
            .parquet(out.staged("attention_rollout"));
        AttentionAggregation.headSimilarity(perImage, headPairsFrame(spark))
            .write()
            .parquet(out.staged("head_similarity"));
        AttentionAggregation.classImages(perImage, names)
            .write()
            .parquet(out.staged("class_images"));
        tables.addAll(
            List.of("attention_stats", "attention_rollout", "head_similarity", "class_images"));
      }
      if (config.keepPerImage()) {
        tables.add("per_image");
      }
      if (!config.keepPerImage()) {
        out.deleteStaged("per_image");
      }
      wall = (System.nanoTime() - t0) / 1e9;
      RunSummary summary = new RunSummary(seen, seen - failed, failed, correct, wall);
      out.writeText(
          "run.json",
          RunJson.write(spark, config, model, taps, plan, classNames, summary, started, tables));
      out.commit();
      LOG.info("Wrote {} in {} s", out.destination(), String.format("%.1f", wall));
      String dest = out.destination().toString();
      return new AnalysisResult(
          spark.read().parquet(new Path(dest, "activation_stats").toString()),
          spark.read().parquet(new Path(dest, "confusion").toString()),
          spark.read().parquet(new Path(dest, "errors").toString()),
          summary,
          dest);
    } catch (RuntimeException e) {
      if (out != null) {
        out.abort();
      }
      throw e;
    }
  }

  private static String tempPerImagePath(SparkSession spark) {
    String dir = spark.conf().get("spark.local.dir", System.getProperty("java.io.tmpdir"));
    return new Path(dir, "gaze-per-image-" + java.util.UUID.randomUUID()).toString();
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

  private Dataset<Row> classNamesFrame(SparkSession spark) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < classNames.size(); i++) {
      rows.add(RowFactory.create(i, classNames.nameOf(i)));
    }
    return spark.createDataFrame(rows, Schemas.CLASS_NAMES);
  }

  private Dataset<Row> tapShapesFrame(SparkSession spark) {
    List<Row> rows = new ArrayList<>();
    for (TapSpec tap : model.taps()) {
      long[] shape = tap.shape();
      switch (tap.kind()) {
        case ACTIVATION -> rows.add(RowFactory.create(tap.name(), (int) shape[1], (int) shape[2]));
        case TOKENS -> {
          int side = PatchGrid.ofTokens(shape[0]).side();
          rows.add(RowFactory.create(tap.name(), side, side));
        }
        case ATTENTION -> {
          // not a feature map: its tables are the attention tables
        }
      }
    }
    return spark.createDataFrame(rows, Schemas.TAP_SHAPES);
  }

  /**
   * Whether an attention tap is among the analysed taps (then the attention tables are written).
   */
  private boolean hasAttention() {
    return taps.stream()
        .anyMatch(t -> model.tap(t).map(s -> s.kind() == TapKind.ATTENTION).orElse(false));
  }

  /** For each attention tap, the position of each pair of heads a < b among its cosines. */
  private Dataset<Row> headPairsFrame(SparkSession spark) {
    List<Row> rows = new ArrayList<>();
    for (TapSpec tap : model.taps()) {
      if (tap.kind() != TapKind.ATTENTION) {
        continue;
      }
      int heads = (int) tap.shape()[0];
      int pair = 0;
      for (int a = 0; a < heads; a++) {
        for (int b = a + 1; b < heads; b++) {
          rows.add(RowFactory.create(tap.name(), pair++, a, b));
        }
      }
    }
    return spark.createDataFrame(rows, Schemas.HEAD_PAIRS);
  }
}
