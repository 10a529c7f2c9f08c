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
}
