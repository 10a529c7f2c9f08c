package dev.gaze.cli;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.gaze.Gaze;
import dev.gaze.bench.BenchReport;
import dev.gaze.bench.ForwardBenchmark;
import dev.gaze.model.BuiltinModels;
import dev.gaze.model.HookedModel;
import dev.gaze.source.DatasetFormat;
import dev.gaze.source.DatasetPlan;
import dev.gaze.source.ImageRecord;
import dev.gaze.source.RecordIterator;
import dev.gaze.source.Split;
import dev.gaze.source.SplitReader;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
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
      "Benchmark a model on images of a WebDataset (default: the embedded demo data): the plain forward on pre-decoded tensors against the hooked forward with every tap reduced, on the same batches, alternating in every round; plus the inference stage with decoding. Prints a table; --json also writes the figures."
    })
final class BenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--data",
      paramLabel = "PATH",
      description = "WebDataset shards (default: the embedded demo dataset).")
  String data;

  @Option(
      names = "--model",
      defaultValue = "demo-cnn",
      description = "Built-in model (default: ${DEFAULT-VALUE}).")
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

  @Override
  public Integer call() {
    DatasetPlan plan =
        Usage.check(
            spec,
            () -> {
              BuiltinModels.require(model);
              if (images < 1 || batchSize < 1 || rounds < 1) {
                throw new IllegalArgumentException(
                    "--images, --batch-size and --rounds must be at least 1");
              }
              String path = data != null ? data : Gaze.demoDataset();
              return DatasetPlan.plan(
                  DatasetFormat.WEBDATASET, path, Integer.MAX_VALUE, null, new Configuration());
            });
    List<ImageRecord> records = read(plan);
    try (HookedModel hooked = BuiltinModels.load(model, Device.cpu())) {
      BenchReport report = ForwardBenchmark.run(hooked, records, batchSize, rounds);
      spec.commandLine().getOut().print(report.table());
      spec.commandLine().getOut().flush();
      if (json != null) {
        new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .writeValue(json, report.toMap());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return 0;
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
