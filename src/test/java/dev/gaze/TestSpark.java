package dev.gaze;

import org.apache.spark.sql.SparkSession;

/** One local Spark session shared by every test of the JVM, stopped at JVM exit. */
public final class TestSpark {

  private static SparkSession session;

  private TestSpark() {}

  /**
   * The shared session ({@code local[2]}, no UI, few shuffle partitions); a new one when a test
   * (for example one running the CLI, which stops its session) stopped the last.
   */
  public static synchronized SparkSession session() {
    if (session == null || session.sparkContext().isStopped()) {
      session =
          SparkSession.builder()
              .master("local[2]")
              .appName("gaze-tests")
              .config("spark.ui.enabled", "false")
              .config("spark.sql.shuffle.partitions", "4")
              .config("spark.driver.bindAddress", "127.0.0.1")
              .config("spark.driver.host", "127.0.0.1")
              .getOrCreate();
      SparkSession created = session;
      Runtime.getRuntime().addShutdownHook(new Thread(created::stop));
    }
    return session;
  }
}
