package dev.gaze.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Spark standalone cluster on 127.0.0.1 from the project's own Maven-resolved jars: a Master
 * and one Worker offering GPUs "0" and "1" through a stand-in discovery script. Stopped by PID (the
 * Worker first, its executors go with it), SIGKILL after 10 s.
 */
final class StandaloneCluster implements AutoCloseable {

  /** The driver's module flags, as conf/jvm-options has them. */
  static List<String> jvmOptions(Path root) throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(root.resolve("conf/jvm-options"))) {
      String l = line.strip();
      if (!l.isEmpty() && !l.startsWith("#")) {
        out.add(l);
      }
    }
    return out;
  }

  final Path home;
  final Path work;
  final int port;
  private Process master;
  private Process worker;

  private StandaloneCluster(Path home, Path work, int port) {
    this.home = home;
    this.work = work;
    this.port = port;
  }

  /** The master URL. */
  String url() {
    return "spark://127.0.0.1:" + port;
  }

  /** The Worker's process, whose descendants are the executors. */
  Process worker() {
    return worker;
  }

  /** The Worker's folder of per-application, per-executor folders (with their stderr). */
  Path workerDir() {
    return work.resolve("worker");
  }

  /**
   * A SPARK_HOME made of links to target/spark plus the two jars Spark needs that Gaze's dependency
   * tree resolved at compile scope (slf4j-api, commons-compress), and an empty conf/.
   */
  static Path sparkHome(Path root, Path work) throws IOException {
    Path home = work.resolve("spark-home");
    Path jars = Files.createDirectories(home.resolve("jars"));
    Files.createDirectories(home.resolve("conf"));
    try (Stream<Path> spark = Files.list(root.resolve("target/spark"));
        Stream<Path> lib = Files.list(root.resolve("target/lib"))) {
      for (Path jar :
          Stream.concat(
                  spark,
                  lib.filter(
                      p ->
                          p.getFileName().toString().startsWith("slf4j-api")
                              || p.getFileName().toString().startsWith("commons-compress")))
              .toList()) {
        Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar.toAbsolutePath());
      }
    }
    return home;
  }

  /** Starts Master and Worker and waits until the Worker is registered. */
  static StandaloneCluster start(Path root, Path work) throws IOException, InterruptedException {
    Path home = sparkHome(root, work);
    Path gpus = work.resolve("gpus.sh");
    Files.writeString(gpus, "#!/bin/sh\necho '{\"name\":\"gpu\",\"addresses\":[\"0\",\"1\"]}'\n");
    Files.setPosixFilePermissions(gpus, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path workerConf = work.resolve("worker.conf");
    Files.writeString(
        workerConf,
        "spark.worker.resource.gpu.amount 2\n"
            + "spark.worker.resource.gpu.discoveryScript "
            + gpus
            + "\n");
    StandaloneCluster cluster = new StandaloneCluster(home, work, freePort());
    try {
      cluster.master =
          cluster.launch(
              "master.log",
              List.of(
                  "org.apache.spark.deploy.master.Master",
                  "--host",
                  "127.0.0.1",
                  "--port",
                  String.valueOf(cluster.port),
                  "--webui-port",
                  String.valueOf(freePort())));
      waitFor(work.resolve("master.log"), "I have been elected leader", 90);
      cluster.worker =
          cluster.launch(
              "worker.log",
              List.of(
                  "org.apache.spark.deploy.worker.Worker",
                  "--properties-file",
                  workerConf.toString(),
                  "--host",
                  "127.0.0.1",
                  "--cores",
                  "2",
                  "--memory",
                  "3g",
                  "--webui-port",
                  String.valueOf(freePort()),
                  "--work-dir",
                  cluster.workerDir().toString(),
                  cluster.url()));
      waitFor(work.resolve("worker.log"), "Successfully registered with master", 90);
      return cluster;
    } catch (IOException | InterruptedException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  private Process launch(String log, List<String> mainAndArgs) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.add("-cp");
    cmd.add(home.resolve("conf") + ":" + home.resolve("jars") + "/*");
    cmd.addAll(mainAndArgs);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("SPARK_HOME", home.toString());
    pb.environment().put("SPARK_SCALA_VERSION", "2.12");
    pb.redirectErrorStream(true);
    pb.redirectOutput(work.resolve(log).toFile());
    return pb.start();
  }

  /** Waits until {@code file} contains {@code text}. */
  static void waitFor(Path file, String text, int seconds)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (Files.exists(file)
          && new String(Files.readAllBytes(file), StandardCharsets.UTF_8).contains(text)) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        "no '" + text + "' in " + file + " after " + seconds + " s:\n" + tail(file));
  }

  static String tail(Path file) throws IOException {
    if (!Files.exists(file)) {
      return "(no file)";
    }
    String s = Files.readString(file);
    return s.length() <= 4000 ? s : s.substring(s.length() - 4000);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Stops the Worker (and with it its executors), then the Master, by PID. */
  @Override
  public void close() {
    if (worker != null) {
      List<ProcessHandle> executors = worker.descendants().toList();
      stop(worker.toHandle());
      executors.forEach(StandaloneCluster::stop);
    }
    if (master != null) {
      stop(master.toHandle());
    }
  }

  static void stop(ProcessHandle p) {
    if (!p.isAlive()) {
      return;
    }
    p.destroy();
    try {
      p.onExit().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      p.destroyForcibly();
    }
  }
}
