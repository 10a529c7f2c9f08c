package dev.gaze.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gaze.Gaze;
import dev.gaze.TestSpark;
import dev.gaze.config.AnalysisConfig;
import dev.gaze.image.NativeCodecs;
import dev.gaze.job.ProgressListener;
import dev.gaze.job.ProgressSnapshot;
import dev.gaze.job.RunCounters;
import dev.gaze.source.WebDatasetWriter;
import dev.gaze.synth.SynthShards;
import dev.gaze.synth.SynthSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The named accumulators gaze.images and gaze.failed end at run.json's counts, as the Spark UI
 * shows them (stage accumulables) and as the progress line reads them; run.json counts the images
 * per decoder; and decoding on 0 or 3 threads, natively or with ImageIO, writes the same tables.
 */
class RunCountersTest {

  @TempDir static Path tmp;
  static Path data;

  @BeforeAll
  static void data() throws Exception {
    data = tmp.resolve("data");
    SynthShards.write(new SynthSpec(120, 4, 40, 2, 100, 200, 80, 90), data);
    try (WebDatasetWriter w = WebDatasetWriter.create(data.resolve("synth-broken.tar"))) {
      w.writeMember("bad1.jpg", new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2, 3});
      w.writeMember("bad1.cls", "1".getBytes(StandardCharsets.US_ASCII));
      w.writeMember("bad2.jpg", new byte[] {9, 9, 9});
      w.writeMember("bad2.cls", "2".getBytes(StandardCharsets.US_ASCII));
      w.writeMember("nolabel.jpg", new byte[] {9});
    }
  }

  /** The last value of each gaze.* accumulator over completed stages. */
  static final class StageValues extends SparkListener {
    final Map<String, Long> values = new ConcurrentHashMap<>();

    @Override
    public void onStageCompleted(SparkListenerStageCompleted event) {
      var infos = event.stageInfo().accumulables().values().iterator();
      while (infos.hasNext()) {
        AccumulableInfo info = infos.next();
        if (info.name().isDefined()
            && info.name().get().startsWith("gaze.")
            && info.value().isDefined()
            && info.value().get() instanceof Long v) {
          values.merge(info.name().get(), v, Long::sum);
        }
      }
    }
  }

  /** A table's rows as text, sorted. */
  private static List<String> table(SparkSession spark, Path run, String name) {
    return spark.read().parquet(run.resolve(name).toString()).collectAsList().stream()
        .map(Row::toString)
        .sorted()
        .toList();
  }

  @Test
  void accumulatorsEqualRunJsonAndThreadsDoNotChangeTables() throws Exception {
    SparkSession spark = TestSpark.session();
    StageValues stages = new StageValues();
    ProgressListener progress = new ProgressListener();
    progress.start();
    spark.sparkContext().addSparkListener(stages);
    spark.sparkContext().addSparkListener(progress);
    Path run0 = tmp.resolve("run0");
    try {
      Gaze.analyze(
          spark,
          AnalysisConfig.builder(data.toString())
              .out(run0.toString())
              .batchSize(16)
              .decodeThreads(0)
              .build());
      JsonNode json = new ObjectMapper().readTree(run0.resolve("run.json").toFile());
      long analyzed = json.path("images_analyzed").asLong();
      long failed = json.path("images_failed").asLong();
      assertThat(analyzed).isEqualTo(120);
      assertThat(failed).isEqualTo(3);
      assertThat(json.path("decoders").path("native").asLong()).isEqualTo(analyzed);
      assertThat(json.path("decoders").path("imageio").asLong()).isZero();
      for (int i = 0; i < 200 && !stages.values.containsKey(RunCounters.IMAGES); i++) {
        Thread.sleep(50);
      }
      assertThat(stages.values).containsEntry(RunCounters.IMAGES, analyzed);
      assertThat(stages.values).containsEntry(RunCounters.FAILED, failed);
      assertThat(stages.values.get(RunCounters.nanosName(dev.gaze.job.StageTimes.Stage.DECODE)))
          .isPositive();
      ProgressSnapshot last = progress.snapshot();
      assertThat(last.images()).isEqualTo(analyzed);
      assertThat(last.failed()).isEqualTo(failed);
      assertThat(last.total()).isEqualTo(analyzed + failed);
      assertThat(last.exact()).isTrue();
    } finally {
      spark.sparkContext().removeSparkListener(stages);
      spark.sparkContext().removeSparkListener(progress);
    }

    Path run3 = tmp.resolve("run3");
    // local mode: the executor is this JVM, so the property reaches the decoder
    System.setProperty(NativeCodecs.DECODER_PROPERTY, "imageio");
    try {
      Gaze.analyze(
          spark,
          AnalysisConfig.builder(data.toString())
              .out(run3.toString())
              .batchSize(16)
              .decodeThreads(3)
              .build());
    } finally {
      System.clearProperty(NativeCodecs.DECODER_PROPERTY);
    }
    assertThat(table(spark, run0, "errors")).hasSize(3);
    assertThat(table(spark, run3, "activation_stats"))
        .isEqualTo(table(spark, run0, "activation_stats"));
    assertThat(table(spark, run3, "errors")).isEqualTo(table(spark, run0, "errors"));
    assertThat(table(spark, run3, "confusion")).isEqualTo(table(spark, run0, "confusion"));
    JsonNode settings =
        new ObjectMapper().readTree(run3.resolve("run.json").toFile()).path("settings");
    assertThat(settings.path("decode_threads").asInt()).isEqualTo(3);
    JsonNode decoders =
        new ObjectMapper().readTree(run3.resolve("run.json").toFile()).path("decoders");
    assertThat(decoders.path("imageio").asLong()).isEqualTo(120);
    assertThat(decoders.path("native").asLong()).isZero();
  }
}
