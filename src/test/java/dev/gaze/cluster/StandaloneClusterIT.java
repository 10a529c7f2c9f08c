package dev.gaze.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gaze.ActivationTables;
import dev.gaze.Gaze;
import dev.gaze.config.AnalysisConfig;
import dev.gaze.source.ImageRecord;
import dev.gaze.source.WebDatasetReader;
import dev.gaze.source.WebDatasetWriter;
import dev.gaze.testing.StagingFolder;
import dev.gaze.testing.TableComparison;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code analyze} and {@code doctor} submitted through {@code jobs/submit} to a real standalone
 * cluster on 127.0.0.1 whose Worker offers GPUs "0" and "1" (a stand-in discovery script: no GPU
 * here, so the tasks fall back to the CPU, but Spark's resource scheduling is the real one), one
 * GPU per executor, two executors. Compared with a local-mode run of the same data; the second
 * cluster run loses an executor mid-run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterIT {

  private static final int SHARDS = 12;

  /**
   * Images per shard: enough that an inference task lasts long enough for the test to see it
   * running, freeze its executor and kill it inside the task.
   */
  private static final int PER_SHARD = 40;

  private static final String TAPS = "stem,stage2";

  private static Path root;
  private static Path work;
  private static Path data;
  private static StandaloneCluster cluster;
  private static SparkSession local;

  @BeforeAll
  static void start() throws Exception {
    root = Path.of(System.getProperty("gaze.repo.root")).toAbsolutePath();
    assertThat(root.resolve("target/gaze.jar")).as("mvn package ran").exists();
    work = Files.createTempDirectory("gaze-cluster-it");
    data = slice(work.resolve("data"));
    cluster = StandaloneCluster.start(root, work);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
    if (local != null) {
      local.stop();
    }
  }

  /** 12 small shards of the embedded test split's first images, and its class names. */
  private static Path slice(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.copy(root.resolve("data/fashion-mnist/classes.txt"), dir.resolve("classes.txt"));
    try (WebDatasetReader in =
        WebDatasetReader.open(
            root.resolve("data/fashion-mnist/test-000000.tar.gz").toString(),
            new Configuration())) {
      for (int s = 0; s < SHARDS; s++) {
        try (WebDatasetWriter out =
            WebDatasetWriter.create(dir.resolve(String.format("slice-%06d.tar", s)))) {
          for (int i = 0; i < PER_SHARD; i++) {
            ImageRecord r = in.next();
            out.write(r.key(), r.image(), r.label());
          }
        }
      }
    }
    return dir;
  }

  private static List<String> submitArgs(String... command) {
    List<String> args = new ArrayList<>();
    args.add(root.resolve("jobs/submit").toString());
    args.addAll(
        List.of(
            "--master",
            cluster.url(),
            "--conf",
            "spark.driver.host=127.0.0.1",
            "--conf",
            "spark.driver.bindAddress=127.0.0.1",
            "--conf",
            "spark.executor.cores=1",
            "--conf",
            "spark.cores.max=2",
            "--conf",
            "spark.executor.memory=1g",
            "--conf",
            "spark.executor.resource.gpu.amount=1",
            "--conf",
            "spark.task.resource.gpu.amount=1",
            "--conf",
            "spark.sql.shuffle.partitions=4",
            "--conf",
            "spark.executor.extraJavaOptions=-Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1"));
    args.addAll(List.of(command));
    return args;
  }

  private static Process submit(Path log, String... command) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(submitArgs(command));
    pb.environment().put("SPARK_HOME", cluster.home.toString());
    pb.environment().put("SPARK_SCALA_VERSION", "2.12");
    pb.environment().put("GAZE_JAVA_OPTS", "-Xmx1g");
    pb.redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    return pb.start();
  }

  /** Waits for a submit; kills it and its children at the timeout. */
  private static int await(Process p, Path log, int seconds) throws Exception {
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError(
          "submit ran over " + seconds + " s:\n" + StandaloneCluster.tail(log));
    }
    return p.exitValue();
  }

  private static String[] analyze(String out) {
    return new String[] {
      "analyze", "--data", data.toString(), "--taps", TAPS, "--batch-size", "1", "--out", out
    };
  }

  private static Path localRun() {
    Path out = work.resolve("local");
    if (!Files.exists(out)) {
      // The executors' settings (one intra-op thread, batches of one), so that every per-image
      // value comes from the same arithmetic.
      System.setProperty("ai.djl.pytorch.num_threads", "1");
      local =
          SparkSession.builder()
              .master("local[2]")
              .config("spark.ui.enabled", "false")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.driver.bindAddress", "127.0.0.1")
              .config("spark.sql.shuffle.partitions", "4")
              .getOrCreate();
      Gaze.analyze(
          local,
          AnalysisConfig.builder(data.toString())
              .taps(List.of(TAPS.split(",")))
              .batchSize(1)
              .out(out.toString())
              .build());
    }
    return out;
  }

  @Test
  @Order(1)
  void twoExecutorsEachOnItsOwnGpuAndTablesEqualLocalMode() throws Exception {
    Path log = work.resolve("submit-clean.log");
    Path out = work.resolve("clean");
    int rc = await(submit(log, analyze(out.toString())), log, 150);
    assertThat(rc).as(StandaloneCluster.tail(log)).isZero();

    JsonNode run = new ObjectMapper().readTree(out.resolve("run.json").toFile());
    assertThat(run.get("images_seen").asLong()).isEqualTo(SHARDS * PER_SHARD);
    // the executors load the native decoders from target/lib's jars
    assertThat(run.path("decoders").path("native").asLong())
        .as(run.path("decoders").toString())
        .isEqualTo(run.get("images_analyzed").asLong())
        .isPositive();
    JsonNode executors = run.get("executors");
    assertThat(executors).as(executors.toString()).hasSize(2);
    Set<String> ids = new HashSet<>();
    Set<String> addresses = new HashSet<>();
    Set<Integer> partitions = new HashSet<>();
    for (JsonNode e : executors) {
      assertThat(e.get("executor_id").asText()).isNotEqualTo("driver");
      ids.add(e.get("executor_id").asText());
      assertThat(e.get("gpu_addresses")).hasSize(1);
      String address = e.get("gpu_addresses").get(0).asText();
      addresses.add(address);
      assertThat(e.get("device").asText()).as("no CUDA here: the CPU").isEqualTo("cpu()");
      for (JsonNode t : e.get("tasks")) {
        assertThat(t.get("gpu_addresses")).hasSize(1);
        assertThat(t.get("gpu_addresses").get(0).asText()).isEqualTo(address);
        assertThat(partitions.add(t.get("partition").asInt())).isTrue();
      }
    }
    assertThat(ids).hasSize(2);
    assertThat(addresses).containsExactlyInAnyOrder("0", "1");
    assertThat(partitions).hasSize(SHARDS);

    assertTablesEqual(localRun(), out);
  }

  @Test
  @Order(2)
  void doctorPrintsBothExecutorsWithTheirGpus() throws Exception {
    Path log = work.resolve("submit-doctor.log");
    int rc = await(submit(log, "doctor"), log, 120);
    String text = Files.readString(log);
    assertThat(rc).as(text).isZero();
    List<String> rows =
        text.lines().filter(l -> l.matches("^[0-9]+\\s+127\\.0\\.0\\.1\\s+.*")).toList();
    assertThat(rows).as(text).hasSize(2);
    Set<String> gpus = new HashSet<>();
    for (String row : rows) {
      String[] cols = row.trim().split("\\s+");
      gpus.add(cols[2]);
      assertThat(cols[3]).isEqualTo("cpu()");
    }
    assertThat(gpus).containsExactlyInAnyOrder("0", "1");
    assertThat(text).contains("rapids    off").contains("2 executor(s) ready for analyze");
  }

  @Test
  @Order(3)
  void losingAnExecutorMidRunLosesAndDoublesNoImage() throws Exception {
    Path log = work.resolve("submit-kill.log");
    Path out = work.resolve("killed");
    Process p = submit(log, analyze(out.toString()));
    ProcessHandle victim = null;
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (victim == null && System.nanoTime() < deadline && p.isAlive()) {
        victim = freezeExecutorInsideATask();
        if (victim == null) {
          Thread.sleep(20);
        }
      }
      assertThat(victim)
          .as("an executor frozen inside an inference task while the run went on")
          .isNotNull();
      assertThat(p.isAlive()).isTrue();
      Files.writeString(
          work.resolve("victim.txt"),
          victim.pid()
              + " "
              + Files.readString(Path.of("/proc", String.valueOf(victim.pid()), "cmdline"))
                  .replace('\0', ' ')
              + "\n");
      signal("KILL", victim);
      victim.onExit().get(20, TimeUnit.SECONDS);
      assertThat(victim.isAlive()).as("executor JVM " + victim.pid() + " killed").isFalse();
      int rc = await(p, log, 150);
      assertThat(rc).as(StandaloneCluster.tail(log)).isZero();
    } finally {
      if (p.isAlive()) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
    }
    JsonNode run = new ObjectMapper().readTree(out.resolve("run.json").toFile());
    assertThat(run.get("images_seen").asLong()).isEqualTo(SHARDS * PER_SHARD);
    Set<Integer> partitions = new HashSet<>();
    int retried = 0;
    for (JsonNode e : run.get("executors")) {
      for (JsonNode t : e.get("tasks")) {
        partitions.add(t.get("partition").asInt());
        if (t.get("attempt").asInt() > 0) {
          retried++;
        }
      }
    }
    assertThat(partitions).as(run.get("executors").toString()).hasSize(SHARDS);
    // The task that was running when its executor died ran again, as a later attempt.
    assertThat(retried).as(run.get("executors").toString()).isPositive();
    assertTablesEqual(work.resolve("clean"), out);
  }

  @Test
  @Order(4)
  void aDriverKilledMidRunIsResumedIntoTheCleanRunsTables() throws Exception {
    Path out = work.resolve("driver-killed");
    Path log = work.resolve("submit-driver-kill.log");
    Process p = submit(log, analyze(out.toString()));
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
      while (p.isAlive()
          && System.nanoTime() < deadline
          && StagingFolder.committedSplits(out) < SHARDS / 2) {
        Thread.sleep(20);
      }
      assertThat(p.isAlive()).as(StandaloneCluster.tail(log)).isTrue();
      // The driver (spark-submit's JVM, client mode) and its launcher die at once.
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor(20, TimeUnit.SECONDS);
    } finally {
      if (p.isAlive()) {
        p.destroyForcibly();
      }
    }
    int committed = StagingFolder.committedSplits(out);
    assertThat(committed).isBetween(SHARDS / 2, SHARDS - 1);
    assertThat(out).doesNotExist();

    Path resumedLog = work.resolve("submit-resume.log");
    String[] clean = analyze(out.toString());
    String[] resume = java.util.Arrays.copyOf(clean, clean.length + 1);
    resume[clean.length] = "--resume";
    int rc = await(submit(resumedLog, resume), resumedLog, 150);
    assertThat(rc).as(StandaloneCluster.tail(resumedLog)).isZero();
    JsonNode run = new ObjectMapper().readTree(out.resolve("run.json").toFile());
    assertThat(run.get("images_seen").asLong()).isEqualTo(SHARDS * PER_SHARD);
    assertThat(run.get("inference").get("reused").size()).isGreaterThanOrEqualTo(committed);
    assertThat(run.get("inference").get("computed")).isNotEmpty();
    localRun(); // the session to read the tables with
    Map<String, Double> worst = new java.util.TreeMap<>();
    for (String table : List.of("activation_stats", "confusion", "errors")) {
      TableComparison.compareTables(local, table, work.resolve("clean"), out, 1e-9, worst);
    }
  }

  /**
   * Finds an executor of the newest application that has finished an inference task (stage 0) and
   * is running another one, stops it with SIGSTOP and reads its log again: if the task is still
   * unfinished, the executor stays frozen inside it and is returned; otherwise it is resumed and
   * null returned. Freezing first makes the check and the kill one moment, so the kill cannot land
   * between two tasks.
   */
  private static ProcessHandle freezeExecutorInsideATask() throws Exception {
    for (Map.Entry<Path, ProcessHandle> e : executorsOfNewestApp().entrySet()) {
      Path stderr = e.getKey();
      if (!insideTaskAfterOne(stderr)) {
        continue;
      }
      signal("STOP", e.getValue());
      Thread.sleep(200); // what the executor wrote before it stopped reaches the file
      if (insideTaskAfterOne(stderr)) {
        return e.getValue();
      }
      signal("CONT", e.getValue());
    }
    return null;
  }

  /** Whether the log shows a finished inference task and one started but not finished. */
  private static boolean insideTaskAfterOne(Path stderr) throws IOException {
    if (!Files.exists(stderr)) {
      return false;
    }
    String text = Files.readString(stderr);
    int running = count(text, "Running task ", " in stage 0.0 ");
    int finished = count(text, "Finished task ", " in stage 0.0 ");
    return finished >= 1 && running > finished;
  }

  private static int count(String text, String start, String stage) {
    int n = 0;
    for (String line : text.split("\n")) {
      int i = line.indexOf(start);
      if (i >= 0 && line.indexOf(stage, i) > 0) {
        n++;
      }
    }
    return n;
  }

  private static void signal(String name, ProcessHandle process) throws Exception {
    int rc =
        new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid()))
            .inheritIO()
            .start()
            .waitFor();
    assertThat(rc).as("kill -" + name + " " + process.pid()).isZero();
  }

  /** Each executor of the newest application: its stderr log and its JVM. */
  private static Map<Path, ProcessHandle> executorsOfNewestApp() throws IOException {
    Map<Path, ProcessHandle> found = new HashMap<>();
    Path dir = cluster.workerDir();
    if (!Files.isDirectory(dir)) {
      return found;
    }
    List<Path> apps;
    try (Stream<Path> s = Files.list(dir)) {
      apps = s.filter(Files::isDirectory).sorted().toList();
    }
    if (apps.isEmpty()) {
      return found;
    }
    Path app = apps.get(apps.size() - 1);
    String appId = app.getFileName().toString();
    List<Path> execs;
    try (Stream<Path> s = Files.list(app)) {
      execs = s.filter(Files::isDirectory).toList();
    }
    for (Path exec : execs) {
      String id = exec.getFileName().toString();
      for (ProcessHandle h : cluster.worker().descendants().toList()) {
        String cmd;
        try {
          Path cmdline = Path.of("/proc", String.valueOf(h.pid()), "cmdline");
          cmd =
              new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).replace('\0', ' ')
                  + " ";
        } catch (IOException e) {
          if (h.isAlive()) {
            throw e;
          }
          // the process ended after the worker's descendants were listed: its /proc entry is gone
          // (NoSuchFileException) or went away during the read (ESRCH, "No such process")
          continue;
        }
        if (cmd.startsWith(System.getProperty("java.home"))
            && cmd.contains("CoarseGrainedExecutorBackend")
            && cmd.contains("--executor-id " + id + " ")
            && cmd.contains(appId)) {
          found.put(exec.resolve("stderr"), h);
        }
      }
    }
    return found;
  }

  /** Counts exactly, statistics to 1e-6 relative. */
  private static void assertTablesEqual(Path expected, Path actual) {
    SparkSession spark = local;
    if (spark == null || spark.sparkContext().isStopped()) {
      localRun();
      spark = local;
    }
    List<Row> e =
        spark.read().parquet(expected.resolve("activation_stats").toString()).collectAsList();
    List<Row> a =
        spark.read().parquet(actual.resolve("activation_stats").toString()).collectAsList();
    ActivationTables.assertSame(e, a, 1e-6, 1e-12);
    assertThat(spark.read().parquet(actual.resolve("confusion").toString()).collectAsList())
        .containsExactlyInAnyOrderElementsOf(
            spark.read().parquet(expected.resolve("confusion").toString()).collectAsList());
    assertThat(spark.read().parquet(actual.resolve("errors").toString()).count())
        .isEqualTo(spark.read().parquet(expected.resolve("errors").toString()).count());
  }
}
