package dev.gaze.job;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.gaze.TestSpark;
import dev.gaze.image.ImageDecoder;
import dev.gaze.model.HookedModel;
import dev.gaze.model.ModelCache;
import dev.gaze.model.Precision;
import dev.gaze.reduce.TapStats;
import dev.gaze.source.ImageRecord;
import dev.gaze.source.RecordIterator;
import dev.gaze.source.Split;
import dev.gaze.source.SplitReader;
import dev.gaze.synth.SynthShards;
import dev.gaze.synth.SynthSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decoding on 0, 1 and 3 threads gives the same results in the same order, failures included, and
 * leaves no decode thread behind, whether the records run out, the iterator is closed, abandoned,
 * or its Spark task ends early.
 */
class DecodeThreadsTest {

  @TempDir static Path tmp;
  static List<ImageRecord> records = new ArrayList<>();
  static HookedModel model;

  @BeforeAll
  static void data() throws Exception {
    SynthSpec spec = new SynthSpec(70, 5, 70, 11, 60, 120, 80, 90);
    for (Path shard : SynthShards.write(spec, tmp.resolve("synth"))) {
      try (RecordIterator it =
          SplitReader.open(Split.ofShards(List.of(shard.toString())), new Configuration())) {
        it.forEachRemaining(records::add);
      }
    }
    // failures of every kind, spread over the batches
    records.add(3, ImageRecord.of("x", "garbage", 1, new byte[] {1, 2, 3, 4}));
    records.add(20, ImageRecord.broken("x", "broken", 2, "damaged shard"));
    records.add(21, new ImageRecord("x", "nolabel", null, records.get(0).image(), null));
    records.add(40, ImageRecord.of("x", "range", 7, records.get(1).image()));
    byte[] truncated = Arrays.copyOf(records.get(2).image(), 200);
    records.add(55, ImageRecord.of("x", "truncated", 0, truncated));
    model = ModelCache.get("demo-cnn", Device.cpu());
  }

  private static List<ImageResult> run(int threads, int batch) {
    List<ImageResult> out = new ArrayList<>();
    new BatchInference(
            model,
            Precision.FP32,
            model.info().tapNames(),
            batch,
            ImageDecoder.DEFAULT_MAX_PIXELS,
            5,
            records.iterator(),
            threads,
            new StageTimes())
        .forEachRemaining(out::add);
    return out;
  }

  private static String describe(ImageResult r) {
    StringBuilder s =
        new StringBuilder(r.key() + " " + r.label() + " " + r.predicted() + " " + r.error());
    if (r.taps() != null) {
      for (TapStats t : r.taps()) {
        s.append(' ')
            .append(t.tap())
            .append(Arrays.toString(t.channelMean()))
            .append(Arrays.toString(t.channelMax()))
            .append(Arrays.toString(t.channelZeroFraction()))
            .append(Arrays.toString(t.spatial()));
      }
    }
    return s.toString();
  }

  private static List<String> decodeThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith(DecodedBatches.THREAD_PREFIX))
        .toList();
  }

  private static void awaitNoDecodeThreads() throws InterruptedException {
    for (int i = 0; i < 200 && !decodeThreads().isEmpty(); i++) {
      Thread.sleep(50);
    }
    assertThat(decodeThreads()).isEmpty();
  }

  @Test
  void sameResultsInInputOrderWithZeroOneAndThreeThreads() throws Exception {
    List<ImageResult> results = run(0, 16);
    assertThat(results.stream().filter(r -> r.error() != null).map(ImageResult::key))
        .containsExactly("garbage", "broken", "nolabel", "range", "truncated");
    List<String> inline = results.stream().map(DecodeThreadsTest::describe).toList();
    assertThat(inline).hasSize(records.size());
    assertThat(inline.stream().map(s -> s.split(" ")[0]).toList())
        .isEqualTo(records.stream().map(ImageRecord::key).toList());
    assertThat(run(1, 16).stream().map(DecodeThreadsTest::describe).toList()).isEqualTo(inline);
    assertThat(run(3, 16).stream().map(DecodeThreadsTest::describe).toList()).isEqualTo(inline);
    awaitNoDecodeThreads();
  }

  /** An inference over the records with 3 decode threads, after its first 10 batches of 8. */
  private BatchInference tenBatchesIn() {
    BatchInference inference =
        new BatchInference(
            model,
            Precision.FP32,
            model.info().tapNames(),
            8,
            ImageDecoder.DEFAULT_MAX_PIXELS,
            5,
            records.iterator(),
            3,
            new StageTimes());
    for (int i = 0; i < 10; i++) {
      inference.next();
    }
    return inference;
  }

  @Test
  void closingOrAbandoningHalfWayLeavesNoThreads() throws Exception {
    BatchInference closed = tenBatchesIn();
    assertThat(decodeThreads()).isNotEmpty();
    closed.close();
    awaitNoDecodeThreads();
    assertThat(closed.hasNext()).isFalse();

    BatchInference abandoned = tenBatchesIn();
    assertThat(decodeThreads()).isNotEmpty();
    // nobody pulls any more: the threads exit once idle
    awaitNoDecodeThreads();
  }

  @Test
  void aSparkTaskThatStopsEarlyStopsItsThreads() throws Exception {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(TestSpark.session().sparkContext());
    InferencePartition partition =
        new InferencePartition(
            "demo-cnn",
            model.info().tapNames(),
            8,
            ImageDecoder.DEFAULT_MAX_PIXELS,
            5,
            Precision.FP32,
            false,
            null,
            3,
            null,
            true,
            java.util.Map.of());
    List<Row> first = jsc.parallelize(records, 1).mapPartitions(partition).take(5);
    assertThat(first).hasSize(5);
    awaitNoDecodeThreads();
  }

  @Test
  void autoGivesEachRunningTaskItsShareOfTheCores() {
    SparkConf conf = new SparkConf(false);
    assertThat(DecodeThreads.auto(conf, 2)).isEqualTo(1);
    assertThat(DecodeThreads.auto(conf.clone().set("spark.task.cpus", "4"), 16)).isEqualTo(4);
    SparkConf gpu =
        conf.clone()
            .set("spark.executor.cores", "12")
            .set("spark.executor.resource.gpu.amount", "1")
            .set("spark.task.resource.gpu.amount", "0.5");
    assertThat(DecodeThreads.auto(gpu, 64)).isEqualTo(6);
    assertThat(DecodeThreads.auto(gpu.clone().set("spark.executor.cores", "64"), 64))
        .isEqualTo(DecodeThreads.MAX_AUTO);
  }
}
