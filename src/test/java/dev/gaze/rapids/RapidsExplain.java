package dev.gaze.rapids;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.MutableURLClassLoader;

/**
 * A local Spark session with the RAPIDS Accelerator in explain-only mode (no GPU needed), and the
 * capture of what it says about each operator: "will run on GPU" or "cannot run on GPU because".
 */
final class RapidsExplain implements AutoCloseable {

  static final String JAR =
      System.getProperty("user.home")
          + "/.m2/repository/com/nvidia/rapids-4-spark_2.12/25.04.0/rapids-4-spark_2.12-25.04.0.jar";

  private static final String LOGGER = "com.nvidia.spark.rapids";

  private final SparkSession spark;
  private final Collector collector = new Collector();
  private final ClassLoader previousLoader;

  RapidsExplain() {
    if (!Files.isRegularFile(Path.of(JAR))) {
      throw new IllegalStateException("RAPIDS jar missing: " + JAR + "; run jobs/setup");
    }
    SparkSession.getActiveSession().foreach(s -> stop(s));
    SparkSession.getDefaultSession().foreach(s -> stop(s));
    previousLoader = Thread.currentThread().getContextClassLoader();
    // Without this the plugin's shim loader cannot add its parallel-world class path.
    Thread.currentThread()
        .setContextClassLoader(new MutableURLClassLoader(new URL[0], previousLoader));
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    Configuration config = ctx.getConfiguration();
    collector.start();
    config.addAppender(collector);
    LoggerConfig logger = new LoggerConfig(LOGGER, Level.INFO, false);
    logger.addAppender(collector, Level.INFO, null);
    config.addLogger(LOGGER, logger);
    ctx.updateLoggers();
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("gaze-rapids-explain")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "4")
            // Explain-only mode cannot see through adaptive execution (it then reports every
            // broadcast join and AQE shuffle read as CPU-bound): explain the static plan, which is
            // what the plugin converts on a GPU.
            .config("spark.sql.adaptive.enabled", "false")
            .config("spark.plugins", "com.nvidia.spark.SQLPlugin")
            .config("spark.rapids.sql.mode", "explainOnly")
            .config("spark.rapids.sql.explain", "ALL")
            .config("spark.rapids.skipGpuArchitectureCheck", "true")
            .getOrCreate();
  }

  private static scala.runtime.BoxedUnit stop(SparkSession s) {
    s.stop();
    return scala.runtime.BoxedUnit.UNIT;
  }

  SparkSession spark() {
    return spark;
  }

  /** Forgets what was captured so far. */
  void clear() {
    synchronized (collector.lines) {
      collector.lines.clear();
    }
  }

  /** Every captured line of the plugin's explain output. */
  List<String> lines() {
    synchronized (collector.lines) {
      return List.copyOf(collector.lines);
    }
  }

  /**
   * The captured lines that say an operator or expression would stay on the CPU, each with the two
   * lines above it (its parents in the plan) so that a failure shows where it is.
   */
  List<String> fallbacks() {
    List<String> all = lines();
    List<String> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      String l = all.get(i);
      if (l.contains("cannot run on GPU") || l.contains("NOT_FOUND")) {
        out.add(String.join("\n", all.subList(Math.max(0, i - 2), i + 1)));
      }
    }
    return out;
  }

  @Override
  public void close() {
    spark.stop();
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    ctx.getConfiguration().removeLogger(LOGGER);
    ctx.updateLoggers();
    collector.stop();
    Thread.currentThread().setContextClassLoader(previousLoader);
  }

  /** Keeps the lines of every message of the plugin's loggers. */
  private static final class Collector extends AbstractAppender {
    final List<String> lines = new ArrayList<>();

    Collector() {
      super("gaze-rapids-explain", null, null, true, Property.EMPTY_ARRAY);
    }

    @Override
    public void append(LogEvent event) {
      String message = event.getMessage().getFormattedMessage();
      synchronized (lines) {
        message.lines().forEach(lines::add);
      }
    }
  }
}
