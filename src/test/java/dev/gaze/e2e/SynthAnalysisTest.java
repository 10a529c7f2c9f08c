package dev.gaze.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gaze.TestSpark;
import dev.gaze.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code gaze synth} then {@code gaze analyze} on its shards with demo-cnn (whose 28x28 grey input
 * the preprocessor reaches by converting and resizing the 300-500 px colour JPEGs).
 */
class SynthAnalysisTest {

  @TempDir Path tmp;

  private static int cli(StringWriter out, String... args) {
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(out, true));
    return cli.execute(args);
  }

  @Test
  void analyzeReadsSynthShards() throws Exception {
    TestSpark.session();
    Path data = tmp.resolve("synth");
    StringWriter out = new StringWriter();
    int code =
        cli(
            out,
            "synth",
            "--images",
            "90",
            "--classes",
            "3",
            "--shards",
            "2",
            "--seed",
            "5",
            "--out",
            data.toString());
    assertThat(code).as(out.toString()).isZero();
    assertThat(Files.readAllLines(data.resolve("classes.txt"))).hasSize(3);

    Path run = tmp.resolve("run");
    code =
        cli(
            out,
            "analyze",
            "--data",
            data.toString(),
            "--out",
            run.toString(),
            "--batch-size",
            "16");
    assertThat(code).as(out.toString()).isZero();
    JsonNode json = new ObjectMapper().readTree(run.resolve("run.json").toFile());
    assertThat(json.path("images_analyzed").asLong()).isEqualTo(90);
    assertThat(json.path("images_failed").asLong()).isZero();
    assertThat(json.path("classes").get(1).asText()).isEqualTo("square-0001");
    SparkSession spark = TestSpark.session();
    List<Row> stats =
        spark.read().parquet(run.resolve("activation_stats").toString()).collectAsList();
    assertThat(stats).hasSize((3 + 1) * 4);
    assertThat(stats)
        .filteredOn(r -> r.<Integer>getAs("class_id") >= 0)
        .allSatisfy(r -> assertThat(r.<Long>getAs("images")).isEqualTo(30));
  }

  @Test
  void benchEndToEndReportsEveryStageAndTheFloor() throws Exception {
    TestSpark.session();
    Path data = tmp.resolve("synth");
    StringWriter out = new StringWriter();
    assertThat(cli(out, "synth", "--images", "40", "--classes", "2", "--out", data.toString()))
        .isZero();
    Path json = tmp.resolve("bench.json");
    int code =
        cli(
            out,
            "bench",
            "--e2e",
            "--data",
            data.toString(),
            "--images",
            "32",
            "--rounds",
            "1",
            "--batch-size",
            "16",
            "--matmul-side",
            "256",
            "--json",
            json.toString());
    assertThat(code).as(out.toString()).isZero();
    assertThat(out.toString()).contains("end to end (analyze)").contains("compute floor");
    JsonNode b = new ObjectMapper().readTree(json.toFile());
    assertThat(b.path("images_analyzed").asLong()).isEqualTo(40);
    assertThat(b.path("macs_per_image").asLong()).isEqualTo(80_508_672L);
    for (String stage :
        List.of("read", "decode", "preprocess", "forward", "reductions", "aggregation", "write")) {
      assertThat(b.path("seconds_per_image").path(stage).asDouble()).as(stage).isPositive();
    }
    JsonNode cpu = b.path("core_ms_per_image_outside_forward");
    double parts = 0;
    for (String stage :
        List.of("read", "decode", "preprocess", "reductions", "write", "aggregation")) {
      assertThat(cpu.path(stage).asDouble()).as(stage).isPositive();
      parts += cpu.path(stage).asDouble();
    }
    assertThat(cpu.has("forward")).isFalse();
    assertThat(cpu.path("sum").asDouble())
        .isCloseTo(parts, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(cpu.path("process_total").asDouble()).isPositive();
    assertThat(out.toString()).contains("CPU core-ms per image outside the forward pass");
    assertThat(b.path("format").asText()).isEqualTo("webdataset");
    assertThat(b.path("matmul_flops_per_second").asDouble()).isPositive();
    assertThat(b.path("peak_rss_bytes").asLong())
        .isGreaterThan(b.path("peak_heap_bytes").asLong() / 4);
    assertThat(b.path("forward").path("plain_images_per_second").asDouble()).isPositive();
    try (var left = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      assertThat(left.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("gaze-bench-")))
          .as("the end-to-end output is deleted")
          .isEmpty();
    }
  }

  @Test
  void benchReadsParquetAndImageFolderData() throws Exception {
    TestSpark.session();
    for (String format : List.of("parquet", "imagefolder")) {
      Path data = tmp.resolve(format);
      StringWriter out = new StringWriter();
      assertThat(
              cli(
                  out,
                  "synth",
                  "--images",
                  "24",
                  "--classes",
                  "3",
                  "--per-shard",
                  "10",
                  "--format",
                  format,
                  "--out",
                  data.toString()))
          .as(out.toString())
          .isZero();
      Path json = tmp.resolve(format + ".json");
      int code =
          cli(
              out,
              "bench",
              "--e2e",
              "--format",
              format,
              "--data",
              data.toString(),
              "--images",
              "16",
              "--rounds",
              "1",
              "--batch-size",
              "8",
              "--matmul-side",
              "128",
              "--json",
              json.toString());
      assertThat(code).as(out.toString()).isZero();
      JsonNode b = new ObjectMapper().readTree(json.toFile());
      assertThat(b.path("format").asText()).isEqualTo(format);
      assertThat(b.path("images_analyzed").asLong()).as(format).isEqualTo(24);
      assertThat(b.path("forward").path("images").asLong()).as(format).isEqualTo(16);
      assertThat(b.path("core_ms_per_image_outside_forward").path("decode").asDouble())
          .isPositive();
    }
  }
}
