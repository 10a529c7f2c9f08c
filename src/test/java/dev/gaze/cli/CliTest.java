package dev.gaze.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gaze.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line's contract for people: help everywhere, one line and exit 2 for bad input. */
class CliTest {

  @TempDir Path tmp;

  private static final String DEMO = System.getProperty("gaze.home") + "/data/fashion-mnist";

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  private void assertUsageError(CliRun run, String... fragments) throws Exception {
    assertThat(run.code()).as(run.err()).isEqualTo(2);
    assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
    assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
    for (String f : fragments) {
      assertThat(run.err()).contains(f);
    }
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left).as("nothing written").isEmpty();
    }
  }

  private String out() {
    return tmp.resolve("out").toString();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "demo", "analyze", "render", "merge", "models", "import", "train", "bench", "doctor",
        "synth"
      })
  void everyCommandHasHelp(String command) {
    CliRun run = run(command, "--help");
    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("Usage: gaze " + command).contains("--help");
  }

  @Test
  void topLevelHelpListsTheCommands() {
    CliRun run = run("--help");
    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("demo", "analyze", "render", "models", "doctor");
  }

  @Test
  void synthRefusesAnUnknownFormatAPhotoFolderThatIsNoneAndClassesWithPhotos() throws Exception {
    assertUsageError(
        run("synth", "--images", "3", "--format", "tfrecord", "--out", out()),
        "--format 'tfrecord'",
        "webdataset, imagefolder, parquet");
    assertUsageError(
        run("synth", "--images", "3", "--photos", tmp.resolve("none").toString(), "--out", out()),
        "--photos",
        "not a folder");
    assertUsageError(
        run("synth", "--images", "3", "--photos", tmp.toString(), "--out", out()), "holds no .jpg");
    assertUsageError(
        run("synth", "--images", "3", "--classes", "4", "--photos", tmp.toString(), "--out", out()),
        "--classes does not apply with --photos");
  }

  @Test
  void missingDataPath() throws Exception {
    assertUsageError(
        run("analyze", "--data", tmp.resolve("nowhere").toString(), "--out", out()), "nowhere");
  }

  @Test
  void unknownFormat() throws Exception {
    assertUsageError(
        run("analyze", "--data", DEMO, "--format", "tfrecord", "--out", out()),
        "tfrecord",
        "webdataset, imagefolder, parquet");
  }

  @Test
  void unknownModel() throws Exception {
    assertUsageError(
        run("analyze", "--data", DEMO, "--model", "resnet9000", "--out", out()),
        "resnet9000",
        "demo-cnn");
  }

  @Test
  void unknownTap() throws Exception {
    assertUsageError(
        run("analyze", "--data", DEMO, "--taps", "stem,layer9", "--out", out()),
        "layer9",
        "stem, stage1, stage2, stage3");
  }

  @Test
  void badBatchSize() throws Exception {
    assertUsageError(
        run("analyze", "--data", DEMO, "--batch-size", "0", "--out", out()), "--batch-size");
  }

  @Test
  void notANumber() throws Exception {
    assertUsageError(
        run("analyze", "--data", DEMO, "--batch-size", "many", "--out", out()), "many");
  }

  @Test
  void missingRequiredOption() throws Exception {
    assertUsageError(run("analyze", "--out", out()), "--data");
  }

  @Test
  void unknownOption() throws Exception {
    assertUsageError(run("analyze", "--data", DEMO, "--out", out(), "--colour"), "--colour");
  }

  @Test
  void unknownCommand() throws Exception {
    assertUsageError(run("analyse"), "unknown command 'analyse'", "valid: demo, analyze");
  }

  @Test
  void existingOutputWithoutOverwrite() throws Exception {
    Path existing = Files.createDirectories(tmp.resolve("out"));
    CliRun run = run("analyze", "--data", DEMO, "--out", existing.toString());
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("already exists").contains("--overwrite");
    try (Stream<Path> left = Files.list(existing)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void renderOfADirectoryThatIsNoAnalysis() throws Exception {
    assertUsageError(run("render", "--in", tmp.toString()), "run.json");
  }

  @Test
  void modelsListsTapsWithShapes() {
    CliRun run = run("models");
    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("demo-cnn").contains("stem").contains("stage3");
  }
}
