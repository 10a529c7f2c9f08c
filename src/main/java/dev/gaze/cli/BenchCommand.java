package dev.gaze.cli;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.gaze.Gaze;
import dev.gaze.bench.BenchReport;
import dev.gaze.bench.DecodeBenchmark;
import dev.gaze.bench.EndToEndBenchmark;
import dev.gaze.bench.EndToEndReport;
import dev.gaze.bench.ForwardBenchmark;
import dev.gaze.bench.MatmulRate;
import dev.gaze.bench.ModelFlops;
import dev.gaze.bench.RenderScaleBenchmark;
import dev.gaze.config.AnalysisConfig;
import dev.gaze.job.ParquetRecords;
import dev.gaze.model.HookedModel;
import dev.gaze.model.Models;
import dev.gaze.model.Precision;
import dev.gaze.source.DatasetFormat;
import dev.gaze.source.DatasetPlan;
import dev.gaze.source.ImageRecord;
import dev.gaze.source.RecordIterator;
import dev.gaze.source.Split;
import dev.gaze.source.SplitReader;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gaze bench}: hooked against plain forward, side by side in one run. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmark hooked against plain forward, side by side.",
      "",
      "Benchmark a model on images of a dataset (--format webdataset, imagefolder or parquet; default: the embedded demo data): the plain forward on pre-decoded tensors against the hooked forward with every tap reduced, on the same batches, alternating in every round; plus the inference stage with decoding. With --e2e, also analyze end to end on all of --data in the same JVM: images/s, seconds per image per stage, the CPU core-ms per image outside the forward pass (decode, preprocess, reductions, write, aggregation, their sum, and the whole process's CPU less the forward), the model's FLOPs against the measured matmul rate (the compute floor), peak heap and RSS. Prints a table; --json also writes the figures."
    })
final class BenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--data",
      paramLabel = "PATH",
      description = "The dataset (default: the embedded demo dataset).")
  String data;

  @Option(
      names = "--format",
      defaultValue = "webdataset",
      paramLabel = "FORMAT",
      description =
          "webdataset, imagefolder or parquet (columns image and label), as analyze's (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--model",
      defaultValue = "demo-cnn",
      description =
          "Built-in model, or a .pt file written by tools/export_hooked.py (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(
      names = "--images",
      defaultValue = "2048",
      description = "Images a round (default: ${DEFAULT-VALUE}).")
  int images;

  @Option(
      names = "--batch-size",
      defaultValue = "64",
      description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--rounds",
      defaultValue = "9",
      description = "Timed rounds of each kind (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures here.")
  File json;

  @Option(
      names = "--e2e",
      description =
          "Also run analyze end to end on --data (all of it) in this JVM: images/s, seconds per"
              + " image per stage, compute floor, peak memory.")
  boolean e2e;

  @Option(
      names = "--decode-threads",
      defaultValue = "auto",
      paramLabel = "N",
      description = "With --e2e: analyze's --decode-threads (default: ${DEFAULT-VALUE}).")
  String decodeThreads;

  @Option(
      names = "--flops-per-image",
      paramLabel = "N",
      description =
          "With --e2e: the model's FLOPs per image, for models whose blocks are not known here"
              + " (built-in models are counted).")
  Long flopsPerImage;

  @Option(
      names = "--matmul-side",
      defaultValue = "2048",
      description =
          "With --e2e: side of the square float32 matmul timed (default: ${DEFAULT-VALUE}).")
  int matmulSide;

  @Option(
      names = "--master",
      paramLabel = "URL",
      description = "With --e2e: Spark master (default: local[*]).")
  String master;

  @Option(
      names = "--decode",
      paramLabel = "DIR",
      description =
          "Instead: decode time per image of the .jpg and .png files in DIR, one thread, warm, by"
              + " Gaze's native path (libjpeg-turbo, libpng) and its ImageIO path, --rounds rounds"
              + " (tools/decode_bench.py"
              + " adds Pillow's on the same files).")
  Path decode;

  @Option(
      names = "--render-scale",
      description =
          "Instead of the forward benchmark: write synthetic result tables of a ResNet-50-sized"
              + " model (5 taps up to 2048 channels and 56x56 maps) for --classes classes as"
              + " Parquet, render them with the PDF, and print the render time, peak heap, page"
              + " sizes and largest PNG. Run with GAZE_JAVA_OPTS=-Xmx2g to check the 2 GiB driver.")
  boolean renderScale;

  @Option(
      names = "--classes",
      defaultValue = "1000",
      paramLabel = "N",
      description = "--render-scale: the number of classes (default: ${DEFAULT-VALUE}).")
  int classes;

  @Option(
      names = "--taps",
      defaultValue = "resnet50",
      paramLabel = "SET",
      description =
          "--render-scale: resnet50 (stem 64@56x56, layer1 256@56x56, layer2 512@28x28, layer3"
              + " 1024@14x14, layer4 2048@7x7) or small (one tap, 64@7x7; for the pages of a"
              + " very large label set) (default: ${DEFAULT-VALUE}).")
  String taps;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "--render-scale: write the tables and the report here (a folder that does not exist)"
              + " and keep them; default a temporary folder, deleted afterwards.")
  Path out;

  @Override
  public Integer call() {
    if (decode != null) {
      return decodeBenchmark();
    }
    if (renderScale) {
      return renderScale();
    }
    DatasetPlan plan =
        Usage.check(
            spec,
            () -> {
              Models.describe(model, new Configuration());
              if (images < 1 || batchSize < 1 || rounds < 1) {
                throw new IllegalArgumentException(
                    "--images, --batch-size and --rounds must be at least 1");
              }
              String path = data != null ? data : Gaze.demoDataset();
              DatasetFormat f = DatasetFormat.parse(format);
              if (data == null && f != DatasetFormat.WEBDATASET) {
                throw new IllegalArgumentException("--format " + format + " needs --data");
              }
              if (f == DatasetFormat.PARQUET) {
                if (!Files.exists(Path.of(path))) {
                  throw new IllegalArgumentException(
                      "--data " + path + " does not exist; give Parquet files or a folder of them");
                }
                return new DatasetPlan(f, path, List.of(), dev.gaze.source.ClassNames.none());
              }
              return DatasetPlan.plan(f, path, Integer.MAX_VALUE, null, new Configuration());
            });
    AnalysisConfig e2eConfig = e2e ? Usage.check(spec, () -> endToEndConfig(plan)) : null;
    // Parquet is read through Spark: the session is started first (and reused with --e2e)
    SparkSession parquetSession =
        plan.format() == DatasetFormat.PARQUET ? Sessions.create(master, "gaze bench") : null;
    Object figures;
    String table;
    try {
      List<ImageRecord> records =
          parquetSession == null ? read(plan) : readParquet(parquetSession, plan.path());
      BenchReport report;
      try (HookedModel hooked = loadModel(model)) {
        report = ForwardBenchmark.run(hooked, records, batchSize, rounds);
      }
      records = null; // the pre-decoded sample is not part of the end-to-end run's memory
      figures = report.toMap();
      table = report.table();
      if (e2e) {
        EndToEndReport full = endToEnd(e2eConfig, report);
        figures = full.toMap();
        table = full.table();
      }
    } finally {
      if (parquetSession != null) {
        Sessions.release(parquetSession);
      }
    }
    spec.commandLine().getOut().print(table);
    spec.commandLine().getOut().flush();
    try {
      if (json != null) {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json, figures);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return 0;
  }

  private int decodeBenchmark() {
    Usage.check(
        spec,
        () -> {
          if (!Files.isDirectory(decode)) {
            throw new IllegalArgumentException("--decode " + decode + " is not a directory");
          }
          if (rounds < 1) {
            throw new IllegalArgumentException("--rounds must be at least 1");
          }
          if (e2e) {
            throw new IllegalArgumentException("--decode and --e2e are separate benchmarks");
          }
          return null;
        });
    DecodeBenchmark.Result result;
    try {
      result = Usage.check(spec, () -> runDecode());
      spec.commandLine().getOut().print(result.table());
      spec.commandLine().getOut().flush();
      if (json != null) {
        new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .writeValue(json, result.toMap());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return 0;
  }

  private DecodeBenchmark.Result runDecode() {
    try {
      return DecodeBenchmark.run(decode, rounds);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private int renderScale() {
    Usage.check(
        spec,
        () -> {
          if (classes < 2 || classes > 100_000) {
            throw new IllegalArgumentException(
                "--classes " + classes + " is out of range; valid: 2 to 100000");
          }
          if (!taps.equals("resnet50") && !taps.equals("small")) {
            throw new IllegalArgumentException(
                "--taps '" + taps + "' is not valid; give resnet50 or small");
          }
          if (out != null && Files.exists(out)) {
            throw new IllegalArgumentException(
                "--out " + out + " exists; give a folder that does not");
          }
          return null;
        });
    SparkSession spark = Sessions.create(master, "gaze bench --render-scale");
    Path dir = out;
    try {
      if (dir == null) {
        dir = Files.createTempDirectory("gaze-render-scale-").resolve("run");
      }
      RenderScaleBenchmark.Result result =
          RenderScaleBenchmark.run(
              spark,
              classes,
              dir,
              taps.equals("small")
                  ? RenderScaleBenchmark.SMALL_TAPS
                  : RenderScaleBenchmark.RESNET50_TAPS);
      spec.commandLine().getOut().print(result.table());
      spec.commandLine().getOut().flush();
      if (json != null) {
        new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .writeValue(json, RenderScaleBenchmark.toMap(result));
      }
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      Sessions.release(spark);
      if (out == null && dir != null) {
        deleteTree(dir.getParent());
      }
    }
  }

  /** The model to benchmark; a model that analyze accepts. */
  private static HookedModel loadModel(String name) {
    return Models.load(name, Device.cpu(), Precision.FP32);
  }

  private AnalysisConfig endToEndConfig(DatasetPlan plan) {
    if (data == null) {
      throw new IllegalArgumentException("--e2e needs --data: the shards to analyze end to end");
    }
    if (matmulSide < 64 || matmulSide > 16384) {
      throw new IllegalArgumentException(
          "--matmul-side " + matmulSide + " is out of range; valid: 64 to 16384");
    }
    if (flopsPerImage != null && flopsPerImage < 1) {
      throw new IllegalArgumentException("--flops-per-image must be positive");
    }
    int threads;
    try {
      threads = decodeThreads.equals("auto") ? -1 : Integer.parseInt(decodeThreads);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--decode-threads '" + decodeThreads + "' is not valid; give auto or 0 to 64");
    }
    return AnalysisConfig.builder(plan.path())
        .format(plan.format())
        .model(model)
        .batchSize(batchSize)
        .decodeThreads(threads)
        .build();
  }

  private EndToEndReport endToEnd(AnalysisConfig base, BenchReport forward) {
    long macs = flopsPerImage != null ? flopsPerImage / 2 : ModelFlops.macsPerImage(model);
    double matmul = MatmulRate.measure(Device.cpu(), matmulSide, 5);
    SparkSession spark = Sessions.create(master, "gaze bench");
    Path out = null;
    try {
      out = Files.createTempDirectory("gaze-bench-");
      Files.delete(out);
      AnalysisConfig config =
          AnalysisConfig.builder(base.data())
              .format(base.format())
              .model(base.model())
              .batchSize(base.batchSize())
              .decodeThreads(base.decodeThreads())
              .out(out.toString())
              .build();
      EndToEndBenchmark.Result result = EndToEndBenchmark.run(spark, config);
      return new EndToEndReport(
          base.data(),
          base.format().name().toLowerCase(java.util.Locale.ROOT),
          decodeThreads,
          spark.sparkContext().master(),
          Runtime.getRuntime().availableProcessors(),
          forward,
          result,
          macs,
          matmul,
          matmulSide);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      Sessions.release(spark);
      if (out != null) {
        deleteTree(out);
      }
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary folder left behind
    }
  }

  private List<ImageRecord> readParquet(SparkSession spark, String path) {
    List<ImageRecord> records = new ArrayList<>(images);
    for (ImageRecord r : ParquetRecords.read(spark, path, "image", "label", 0).take(images)) {
      if (!r.isBroken()) {
        records.add(r);
      }
    }
    if (records.isEmpty()) {
      throw new IllegalStateException("no usable image in " + path);
    }
    return records;
  }

  private List<ImageRecord> read(DatasetPlan plan) {
    List<ImageRecord> records = new ArrayList<>(images);
    Configuration conf = new Configuration();
    for (Split split : plan.splits()) {
      try (RecordIterator it = SplitReader.open(split, conf)) {
        while (it.hasNext() && records.size() < images) {
          ImageRecord r = it.next();
          if (!r.isBroken()) {
            records.add(r);
          }
        }
      } catch (Exception e) {
        throw new IllegalStateException("cannot read " + split.describe() + ": " + e, e);
      }
      if (records.size() == images) {
        break;
      }
    }
    if (records.isEmpty()) {
      throw new IllegalStateException("no usable image in " + plan.path());
    }
    return records;
  }
}
