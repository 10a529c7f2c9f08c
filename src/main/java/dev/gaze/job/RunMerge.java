package dev.gaze.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.gaze.aggregate.ActivationStats;
import dev.gaze.aggregate.AttentionAggregation;
import dev.gaze.aggregate.Schemas;
import dev.gaze.config.InvalidInputException;
import dev.gaze.findings.FindingOptions;
import dev.gaze.job.TableMerge.Rule;
import dev.gaze.model.TapKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A merge of finished runs over disjoint data, checked and ready to run: {@link #prepare} reads
 * every run's {@code run.json}, refuses runs that cannot be merged (one line naming the first
 * difference) and checks the output path; {@link #run} writes into the output the tables one run
 * over all the data would have written.
 *
 * <p>The merge works from the runs' output tables alone, row by row on the driver (the tables are
 * per class and tap, small beside the data; the report collects them all the same): counts add,
 * means and maps are count-weighted, population standard deviations combine with their means by
 * Chan's formula ({@link TableMerge}, {@link dev.gaze.stats.Moments}). {@code head_similarity} has
 * no count of its own: its cosines are means over every image with attention, so each run's are
 * weighted by its {@code attention_stats} count of the dataset-wide group, head mean. The {@code
 * errors} tables are concatenated; {@code findings} are derived again from the merged tables.
 */
public final class RunMerge {

  private static final Logger LOG = LoggerFactory.getLogger(RunMerge.class);

  static final TableMerge ACTIVATION_STATS =
      TableMerge.of("activation_stats")
          .column("class_id", Rule.KEY)
          .column("class_name", Rule.SAME)
          .column("tap", Rule.KEY)
          .column("images", Rule.COUNT)
          .column("channels", Rule.SAME)
          .column("height", Rule.SAME)
          .column("width", Rule.SAME)
          .column("tap_height", Rule.SAME)
          .column("tap_width", Rule.SAME)
          .column("channel_mean", Rule.MEAN)
          .std("channel_std", "channel_mean")
          .column("channel_max", Rule.MEAN)
          .column("channel_zero_fraction", Rule.MEAN)
          .column("spatial_mean", Rule.MEAN);

  static final TableMerge CONFUSION =
      TableMerge.of("confusion")
          .column("class_id", Rule.KEY)
          .column("predicted_id", Rule.KEY)
          .column("images", Rule.COUNT);

  static final TableMerge ATTENTION_STATS =
      TableMerge.of("attention_stats")
          .column("class_id", Rule.KEY)
          .column("class_name", Rule.SAME)
          .column("tap", Rule.KEY)
          .column("head", Rule.KEY)
          .column("images", Rule.COUNT)
          .column("grid_h", Rule.SAME)
          .column("grid_w", Rule.SAME)
          .column("cls_attention", Rule.MEAN)
          .column("entropy_mean", Rule.MEAN)
          .std("entropy_std", "entropy_mean")
          .column("distance_mean", Rule.MEAN)
          .std("distance_std", "distance_mean")
          .column("border_fraction", Rule.MEAN);

  static final TableMerge ATTENTION_ROLLOUT =
      TableMerge.of("attention_rollout")
          .column("class_id", Rule.KEY)
          .column("class_name", Rule.SAME)
          .column("images", Rule.COUNT)
          .column("grid_h", Rule.SAME)
          .column("grid_w", Rule.SAME)
          .column("rollout", Rule.MEAN);

  static final TableMerge HEAD_SIMILARITY =
      TableMerge.of("head_similarity")
          .column("tap", Rule.KEY)
          .column("head_a", Rule.KEY)
          .column("head_b", Rule.KEY)
          .column("cosine", Rule.MEAN);

  static final TableMerge CLASS_IMAGES =
      TableMerge.of("class_images")
          .column("class_id", Rule.KEY)
          .column("class_name", Rule.SAME)
          .column("images", Rule.COUNT)
          .column("height", Rule.SAME)
          .column("width", Rule.SAME)
          .column("mean", Rule.MEAN);

  /** One run to merge: where it is, its {@code run.json} and its fingerprint. */
  private record Source(
      String path, JsonNode run, RunFingerprint fingerprint, Set<String> tables) {}

  private final List<Source> sources;
  private final OutputDirectory output;
  private final RunFingerprint fingerprint;

  private RunMerge(List<Source> sources, OutputDirectory output, RunFingerprint fingerprint) {
    this.sources = sources;
    this.output = output;
    this.fingerprint = fingerprint;
  }

  /**
   * Checks that {@code runs} are finished Gaze runs that can be merged and that {@code out} can be
   * written; reads nothing but their {@code run.json} files and listings, and writes nothing.
   *
   * @throws InvalidInputException naming the first problem: a run that is not a finished Gaze run
   *     (no {@code run.json}, no fingerprint, a table it lists missing), runs whose model, taps,
   *     preprocessing, precision or class names differ, runs that share a shard or file, an {@code
   *     out} that exists without {@code overwrite} or is one of the runs
   */
  public static RunMerge prepare(
      List<String> runs, String out, boolean overwrite, Configuration conf) {
    if (runs.size() < 2) {
      throw new InvalidInputException(
          "merge needs at least two runs, got " + runs.size() + "; give RUN RUN... --out DIR");
    }
    if (out == null) {
      throw new InvalidInputException("merge needs --out DIR, the folder to write the merge into");
    }
    List<Source> sources = new ArrayList<>();
    Set<Path> seen = new HashSet<>();
    for (String run : runs) {
      Source source = read(run, conf);
      if (!seen.add(qualified(run, conf))) {
        throw new InvalidInputException("run " + run + " is given twice; give each run once");
      }
      sources.add(source);
    }
    Source first = sources.get(0);
    for (Source s : sources.subList(1, sources.size())) {
      first
          .fingerprint()
          .firstDifferenceExceptListing(s.fingerprint())
          .ifPresent(
              d -> {
                throw new InvalidInputException(
                    "cannot merge " + first.path() + " and " + s.path() + ": " + d);
              });
    }
    for (int i = 0; i < sources.size(); i++) {
      for (int j = i + 1; j < sources.size(); j++) {
        Source a = sources.get(i);
        Source b = sources.get(j);
        a.fingerprint()
            .sharedEntry(b.fingerprint())
            .ifPresent(
                e -> {
                  throw new InvalidInputException(
                      "cannot merge "
                          + a.path()
                          + " and "
                          + b.path()
                          + ": both read "
                          + e.kind()
                          + " "
                          + e.path()
                          + "; merge runs over disjoint data");
                });
      }
    }
    Path destination = qualified(out, conf);
    if (seen.contains(destination)) {
      throw new InvalidInputException(
          "--out " + out + " is one of the runs to merge; give a new directory");
    }
    OutputDirectory output = OutputDirectory.check(out, overwrite, conf);
    RunFingerprint merged = first.fingerprint();
    for (Source s : sources.subList(1, sources.size())) {
      merged = merged.withListingOf(s.fingerprint());
    }
    return new RunMerge(sources, output, merged);
  }

  private static Path qualified(String dir, Configuration conf) {
    try {
      Path p = new Path(dir);
      return p.getFileSystem(conf).makeQualified(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resolve " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Reads and checks one run's {@code run.json} and the tables it lists. */
  private static Source read(String dir, Configuration conf) {
    Path root = new Path(dir);
    try {
      FileSystem fs = root.getFileSystem(conf);
      Path json = new Path(root, "run.json");
      if (!fs.exists(json) || !fs.getFileStatus(json).isFile()) {
        throw new InvalidInputException(
            "run "
                + dir
                + " is not a finished Gaze run (no run.json); give directories written by gaze"
                + " analyze --out or gaze merge --out");
      }
      JsonNode run;
      try (InputStream in = fs.open(json)) {
        run = new ObjectMapper().readTree(in);
      } catch (IOException e) {
        throw new InvalidInputException(
            "run " + dir + " has an unreadable run.json: " + e.getMessage(), e);
      }
      if (run == null || !run.has("fingerprint")) {
        throw new InvalidInputException(
            "run "
                + dir
                + " has no fingerprint in its run.json (written by an older Gaze); analyse it"
                + " again to merge it");
      }
      RunFingerprint fingerprint;
      try {
        fingerprint = RunFingerprint.fromJson(run.get("fingerprint"));
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(
            "run " + dir + " has a broken fingerprint in run.json: " + e.getMessage(), e);
      }
      Set<String> tables = new LinkedHashSet<>();
      run.path("tables").forEach(t -> tables.add(t.asText()));
      List<String> required = new ArrayList<>(List.of("activation_stats", "confusion", "errors"));
      if (tables.contains(AttentionTables.NAMES.get(0))) {
        required.addAll(AttentionTables.NAMES);
      }
      for (String table : required) {
        Path t = new Path(root, table);
        if (!tables.contains(table) || !fs.exists(t) || !fs.getFileStatus(t).isDirectory()) {
          throw new InvalidInputException(
              "run "
                  + dir
                  + " is not a finished Gaze run: its table "
                  + table
                  + " is missing; analyse it again");
        }
      }
      return new Source(dir, run, fingerprint, tables);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read run " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The merged run's fingerprint: the runs' common one with all their listings. */
  public RunFingerprint fingerprint() {
    return fingerprint;
  }

  /**
   * Merges the runs into the output directory, which appears complete or not at all.
   *
   * @param findings the thresholds the findings are derived with
   * @param beforeCommit called with the staged output folder once every table and {@code run.json}
   *     are there, before it is committed (the report is rendered there); may be a no-op
   * @return the merged run's tables, read back from the output
   */
  public AnalysisResult run(
      SparkSession spark, FindingOptions findings, Consumer<String> beforeCommit) {
    long t0 = System.nanoTime();
    Instant started = Instant.now();
    OutputDirectory out = output;
    try {
      Source first = sources.get(0);
      boolean attention = first.tables().contains(AttentionTables.NAMES.get(0));
      List<Object[]> stats = rows(spark, first.path(), ACTIVATION_STATS, Schemas.ACTIVATION_STATS);
      List<Object[]> confusion = rows(spark, first.path(), CONFUSION, Schemas.CONFUSION);
      List<Object[]> attentionStats = null;
      List<Object[]> rollout = null;
      List<Object[]> similarity = null;
      List<Object[]> classImages = null;
      if (attention) {
        attentionStats = rows(spark, first.path(), ATTENTION_STATS, Schemas.ATTENTION_STATS);
        rollout = rows(spark, first.path(), ATTENTION_ROLLOUT, Schemas.ATTENTION_ROLLOUT);
        similarity = rows(spark, first.path(), HEAD_SIMILARITY, Schemas.HEAD_SIMILARITY);
        classImages = rows(spark, first.path(), CLASS_IMAGES, Schemas.CLASS_IMAGES);
      }
      Dataset<Row> errors = spark.read().parquet(new Path(first.path(), "errors").toString());
      for (Source s : sources.subList(1, sources.size())) {
        stats =
            ACTIVATION_STATS.merge(
                stats,
                ACTIVATION_STATS::count,
                rows(spark, s.path(), ACTIVATION_STATS, Schemas.ACTIVATION_STATS),
                ACTIVATION_STATS::count);
        confusion =
            CONFUSION.merge(
                confusion,
                CONFUSION::count,
                rows(spark, s.path(), CONFUSION, Schemas.CONFUSION),
                CONFUSION::count);
        if (attention) {
          List<Object[]> otherStats =
              rows(spark, s.path(), ATTENTION_STATS, Schemas.ATTENTION_STATS);
          Map<String, Long> weightsA = attentionImages(attentionStats);
          Map<String, Long> weightsB = attentionImages(otherStats);
          similarity =
              HEAD_SIMILARITY.merge(
                  similarity,
                  r -> weight(weightsA, r),
                  rows(spark, s.path(), HEAD_SIMILARITY, Schemas.HEAD_SIMILARITY),
                  r -> weight(weightsB, r));
          attentionStats =
              ATTENTION_STATS.merge(
                  attentionStats, ATTENTION_STATS::count, otherStats, ATTENTION_STATS::count);
          rollout =
              ATTENTION_ROLLOUT.merge(
                  rollout,
                  ATTENTION_ROLLOUT::count,
                  rows(spark, s.path(), ATTENTION_ROLLOUT, Schemas.ATTENTION_ROLLOUT),
                  ATTENTION_ROLLOUT::count);
          classImages =
              CLASS_IMAGES.merge(
                  classImages,
                  CLASS_IMAGES::count,
                  rows(spark, s.path(), CLASS_IMAGES, Schemas.CLASS_IMAGES),
                  CLASS_IMAGES::count);
        }
        errors = errors.unionByName(spark.read().parquet(new Path(s.path(), "errors").toString()));
      }
      write(spark, stats, Schemas.ACTIVATION_STATS, out.staged("activation_stats"));
      write(spark, confusion, Schemas.CONFUSION, out.staged("confusion"));
      errors
          .select("source", "key", "reason")
          .orderBy("source", "key")
          .coalesce(1)
          .write()
          .parquet(out.staged("errors"));
      List<String> tables = new ArrayList<>(List.of("activation_stats", "confusion", "errors"));
      if (attention) {
        write(spark, attentionStats, Schemas.ATTENTION_STATS, out.staged("attention_stats"));
        write(spark, rollout, Schemas.ATTENTION_ROLLOUT, out.staged("attention_rollout"));
        write(spark, similarity, Schemas.HEAD_SIMILARITY, out.staged("head_similarity"));
        write(spark, classImages, Schemas.CLASS_IMAGES, out.staged("class_images"));
        tables.addAll(AttentionTables.NAMES);
      }
      List<String> taps = new ArrayList<>();
      Set<String> tokenTaps = new HashSet<>();
      for (JsonNode tap : first.run().path("model").path("taps")) {
        if (tap.path("analyzed").asBoolean(true)) {
          taps.add(tap.path("name").asText());
          if (tap.path("kind").asText().equalsIgnoreCase(TapKind.TOKENS.name())) {
            tokenTaps.add(tap.path("name").asText());
          }
        }
      }
      String staged = new Path(out.staged("activation_stats")).getParent().toString();
      FindingsTable.write(
          spark,
          FindingsTable.compute(spark, staged, taps, tokenTaps, fingerprint.classNames(), findings),
          out.staged(FindingsTable.NAME));
      tables.add(FindingsTable.NAME);

      long seen = 0;
      long analyzed = 0;
      long failed = 0;
      for (Source s : sources) {
        seen += s.run().path("images_seen").asLong();
        analyzed += s.run().path("images_analyzed").asLong();
        failed += s.run().path("images_failed").asLong();
      }
      long correct = 0;
      int classIdAt = CONFUSION.index("class_id");
      int predictedAt = CONFUSION.index("predicted_id");
      for (Object[] r : confusion) {
        if (r[classIdAt] != null && r[classIdAt].equals(r[predictedAt])) {
          correct += CONFUSION.count(r);
        }
      }
      double wall = (System.nanoTime() - t0) / 1e9;
      RunSummary summary = new RunSummary(seen, analyzed, failed, correct, wall);
      out.writeText("run.json", runJson(spark, started, summary, tables));
      beforeCommit.accept(staged);
      out.commit();
      LOG.info(
          "Merged {} runs into {} in {} s",
          sources.size(),
          out.destination(),
          String.format("%.1f", wall));
      String dest = out.destination().toString();
      return new AnalysisResult(
          spark.read().parquet(new Path(dest, "activation_stats").toString()),
          spark.read().parquet(new Path(dest, "confusion").toString()),
          spark.read().parquet(new Path(dest, "errors").toString()),
          summary,
          dest,
          new RunFacts(
              datasetPaths(), first.fingerprint().model().name(), taps, fingerprint.classNames()),
          attention ? AttentionTables.read(spark, dest) : null);
    } catch (RuntimeException e) {
      out.abort();
      throw e;
    }
  }

  /** Per attention tap, the images with attention: its dataset-wide, head-mean row's count. */
  private static Map<String, Long> attentionImages(List<Object[]> attentionStats) {
    int classAt = ATTENTION_STATS.index("class_id");
    int headAt = ATTENTION_STATS.index("head");
    int tapAt = ATTENTION_STATS.index("tap");
    Map<String, Long> images = new HashMap<>();
    for (Object[] r : attentionStats) {
      if (Integer.valueOf(ActivationStats.ALL_CLASSES).equals(r[classAt])
          && Integer.valueOf(AttentionAggregation.HEAD_MEAN).equals(r[headAt])) {
        images.put((String) r[tapAt], ATTENTION_STATS.count(r));
      }
    }
    return images;
  }

  private static long weight(Map<String, Long> weights, Object[] similarityRow) {
    String tap = (String) similarityRow[HEAD_SIMILARITY.index("tap")];
    Long w = weights.get(tap);
    if (w == null) {
      throw new IllegalStateException(
          "head_similarity has tap " + tap + " but attention_stats has no dataset-wide row for it");
    }
    return w;
  }

  private String datasetPaths() {
    Set<String> paths = new LinkedHashSet<>();
    for (Source s : sources) {
      paths.add(s.run().path("dataset").path("path").asText());
    }
    return String.join(" + ", paths);
  }

  /** A table's rows as value arrays in {@code merge}'s column order. */
  private static List<Object[]> rows(
      SparkSession spark, String dir, TableMerge merge, StructType schema) {
    List<Object[]> out = new ArrayList<>();
    List<String> names = merge.names();
    for (Row r : spark.read().parquet(new Path(dir, merge.table()).toString()).collectAsList()) {
      Object[] values = new Object[names.size()];
      for (int i = 0; i < values.length; i++) {
        int at = r.fieldIndex(names.get(i));
        if (r.isNullAt(at)) {
          values[i] = null;
        } else if (schema.apply(names.get(i)).dataType() instanceof ArrayType) {
          List<Object> list = r.getList(at);
          double[] d = new double[list.size()];
          for (int k = 0; k < d.length; k++) {
            d[k] = ((Number) list.get(k)).doubleValue();
          }
          values[i] = d;
        } else {
          values[i] = r.get(at);
        }
      }
      out.add(values);
    }
    return out;
  }

  private static void write(
      SparkSession spark, List<Object[]> rows, StructType schema, String path) {
    List<Row> out = new ArrayList<>();
    StructField[] fields = schema.fields();
    for (Object[] values : rows) {
      Object[] row = new Object[values.length];
      for (int i = 0; i < values.length; i++) {
        if (values[i] instanceof double[] d) {
          List<Double> list = new ArrayList<>(d.length);
          for (double v : d) {
            list.add(v);
          }
          row[i] = list;
        } else {
          row[i] = values[i];
        }
      }
      if (row.length != fields.length) {
        throw new IllegalStateException("row of " + row.length + " values for " + schema);
      }
      out.add(RowFactory.create(row));
    }
    spark.createDataFrame(out, schema).coalesce(1).write().parquet(path);
  }

  private String runJson(
      SparkSession spark, Instant started, RunSummary summary, List<String> tables) {
    Source first = sources.get(0);
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("gaze_version", RunJson.gazeVersion());
    run.put("run_id", java.util.UUID.randomUUID().toString());
    run.put("started", started.toString());
    run.put("wall_seconds", Math.round(summary.wallSeconds() * 1e4) / 1e4);
    List<Map<String, Object>> from = new ArrayList<>();
    for (Source s : sources) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("path", s.path());
      m.put("run_id", s.run().path("run_id").asText(null));
      m.put("started", s.run().path("started").asText(null));
      m.put("images_seen", s.run().path("images_seen").asLong());
      m.put("fingerprint_sha256", s.fingerprint().digest());
      m.put("settings", s.run().path("settings"));
      from.add(m);
    }
    run.put("merged_from", from);
    run.put("model", first.run().path("model"));
    Map<String, Object> dataset = new LinkedHashMap<>();
    dataset.put("path", datasetPaths());
    Set<String> formats = new LinkedHashSet<>();
    sources.forEach(s -> formats.add(s.run().path("dataset").path("format").asText()));
    dataset.put("format", String.join(" + ", formats));
    run.put("dataset", dataset);
    run.put("classes", fingerprint.classNames());
    run.put("fingerprint", fingerprint.toJson());
    run.put("tables", tables);
    run.put("images_seen", summary.imagesSeen());
    run.put("images_analyzed", summary.imagesAnalyzed());
    run.put("images_failed", summary.imagesFailed());
    run.put("top1", summary.imagesAnalyzed() == 0 ? null : Math.round(summary.top1() * 1e4) / 1e4);
    Map<String, Object> sparkJson = new LinkedHashMap<>();
    sparkJson.put("version", spark.version());
    sparkJson.put("master", spark.sparkContext().master());
    sparkJson.put("app_id", spark.sparkContext().applicationId());
    run.put("spark", sparkJson);
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(run)
          + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write run.json", e);
    }
  }
}
