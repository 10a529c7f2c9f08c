package dev.gaze.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gaze.TestSpark;
import dev.gaze.cli.Main;
import dev.gaze.testing.CliRun;
import dev.gaze.testing.StagingFolder;
import dev.gaze.testing.TableComparison;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code analyze --resume} after the whole process, driver included, is SIGKILLed once about half
 * of the shards are committed: the resumed run reuses them, computes only the rest, takes less time
 * than a clean run and writes tables equal to the clean run's (counts exact, statistics 1e-9
 * relative); a run with other taps or another model is refused, and so is a run without {@code
 * --resume}. Each analysis is its own JVM, started as a user starts one, so that SIGKILL takes
 * everything.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResumeTest {

  private static final int SHARDS = 6;
  private static final String TAPS = "stem,stage2";
  private static final String[] TABLES = {"activation_stats", "confusion", "errors", "findings"};

  @TempDir static Path tmp;

  private static String data() {
    return Path.of(System.getProperty("gaze.home"), "data", "fashion-mnist")
        + String.format("/test-{000000..%06d}.tar.gz", SHARDS - 1);
  }

  private static List<String> analyze(Path out, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "analyze",
                "--data",
                data(),
                "--taps",
                TAPS,
                "--batch-size",
                "32",
                "--master",
                "local[2]",
                "--out",
                out.toString()));
    args.addAll(List.of(extra));
    return args;
  }

  /** {@code analyze} in a JVM of its own, as {@code jobs/gaze} starts it. */
  private static Process start(List<String> args, Path log) throws IOException {
    Path home = Path.of(System.getProperty("gaze.home"));
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String line : Files.readAllLines(home.resolve("conf/jvm-options"))) {
      if (!line.isBlank() && !line.strip().startsWith("#")) {
        cmd.add(line.strip());
      }
    }
    cmd.add("-Xmx1g");
    cmd.add("-Dlog4j2.configurationFile=" + home.resolve("conf/log4j2.properties"));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    return pb.start();
  }

  private static int await(Process p, Path log) throws Exception {
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("analyze ran over 300 s:\n" + Files.readString(log));
    }
    return p.exitValue();
  }

  private static JsonNode runJson(Path out) throws IOException {
    return new ObjectMapper().readTree(out.resolve("run.json").toFile());
  }

  private static String[] cli(String... args) {
    TestSpark.session();
    CliRun run = CliRun.of(args);
    return new String[] {String.valueOf(run.code()), run.out(), run.err()};
  }

  private static List<String> listing(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.map(Path::toString).sorted(Comparator.naturalOrder()).toList();
    }
  }

  @Test
  @Order(1)
  void aKilledRunResumesIntoTheCleanRunsTables() throws Exception {
    Path clean = tmp.resolve("clean");
    Path cleanLog = tmp.resolve("clean.log");
    assertThat(await(start(analyze(clean), cleanLog), cleanLog))
        .as(Files.readString(cleanLog))
        .isZero();

    Path out = tmp.resolve("killed");
    Path log = tmp.resolve("killed.log");
    Process p = start(analyze(out), log);
    int seen = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
    while (p.isAlive()
        && System.nanoTime() < deadline
        && (seen = StagingFolder.committedSplits(out)) < SHARDS / 2) {
      Thread.sleep(50);
    }
    assertThat(p.isAlive())
        .as(
            "still running with %d of %d shards committed:%n%s",
            seen, SHARDS, Files.readString(log))
        .isTrue();
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly(); // SIGKILL: the driver gets no chance to clean up
    p.waitFor(30, TimeUnit.SECONDS);
    int before = StagingFolder.committedSplits(out);
    assertThat(before).isBetween(SHARDS / 2, SHARDS - 1);
    assertThat(out).doesNotExist();

    // A changed run and a run without --resume are refused, with one line, touching nothing.
    List<String> files = listing(tmp);
    String[] changed =
        cli(
            analyze(out, "--resume").stream()
                .map(a -> a.equals(TAPS) ? "stem" : a)
                .toArray(String[]::new));
    assertThat(changed[0]).as(changed[2]).isEqualTo("2");
    assertThat(changed[2].strip().lines()).as(changed[2]).hasSize(1);
    assertThat(changed[2]).contains("taps differ");
    List<String> otherModel = new ArrayList<>(analyze(out, "--resume", "--model", "demo-vit"));
    otherModel.set(otherModel.indexOf(TAPS), "block1.attn");
    String[] model = cli(otherModel.toArray(String[]::new));
    assertThat(model[0]).as(model[2]).isEqualTo("2");
    assertThat(model[2].strip().lines()).as(model[2]).hasSize(1);
    assertThat(model[2]).contains("model differs");
    String[] fresh = cli(analyze(out).toArray(String[]::new));
    assertThat(fresh[0]).as(fresh[2]).isEqualTo("2");
    assertThat(fresh[2]).contains("an interrupted run left").contains("--resume");
    assertThat(listing(tmp)).isEqualTo(files);

    Path resumedLog = tmp.resolve("resumed.log");
    assertThat(await(start(analyze(out, "--resume"), resumedLog), resumedLog))
        .as(Files.readString(resumedLog))
        .isZero();
    JsonNode resume = runJson(out).get("inference");
    assertThat(resume.get("resumed").asBoolean()).as(resume.toString()).isTrue();
    TreeSet<Integer> splits = new TreeSet<>();
    for (JsonNode s : resume.get("reused")) {
      splits.add(s.get("split").asInt());
      assertThat(s.get("shards")).hasSize(1);
    }
    assertThat(splits).hasSizeGreaterThanOrEqualTo(before);
    for (JsonNode s : resume.get("computed")) {
      assertThat(splits.add(s.asInt())).isTrue();
    }
    assertThat(resume.get("computed")).isNotEmpty();
    assertThat(splits).hasSize(SHARDS).first().isEqualTo(0);
    assertThat(Files.readString(resumedLog)).contains("Resuming:");

    JsonNode cleanRun = runJson(clean);
    JsonNode resumedRun = runJson(out);
    for (String count : List.of("images_seen", "images_analyzed", "images_failed")) {
      assertThat(resumedRun.get(count).asLong()).isEqualTo(cleanRun.get(count).asLong());
    }
    // Half the shards were not analysed again (the aggregation that follows costs the same).
    assertThat(resume.get("seconds").asDouble())
        .isLessThan(cleanRun.get("inference").get("seconds").asDouble());
    Map<String, Double> worst = new TreeMap<>();
    for (String table : TABLES) {
      TableComparison.compareTables(TestSpark.session(), table, clean, out, 1e-9, worst);
    }
    assertThat(StagingFolder.of(out)).doesNotExist();
  }
}
