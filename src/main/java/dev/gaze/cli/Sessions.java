package dev.gaze.cli;

import org.apache.spark.sql.SparkSession;

/** Creates the Spark session for a command, respecting what {@code spark-submit} already set. */
final class Sessions {

  /** The master used when neither {@code --master} nor {@code spark-submit} names one. */
  static final String DEFAULT_MASTER = "local[*]";

  private static final java.util.Set<SparkSession> CREATED =
      java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

  private Sessions() {}

  /**
   * A session for {@code master}, or for the master {@code spark-submit} configured when {@code
   * master} is null, or {@value #DEFAULT_MASTER}.
   */
  static SparkSession create(String master, String appName) {
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    String chosen = master;
    if (chosen == null && System.getProperty("spark.master") == null) {
      chosen = DEFAULT_MASTER;
    }
    if (chosen != null) {
      builder.master(chosen);
    }
    String effective = chosen != null ? chosen : System.getProperty("spark.master");
    if (effective.startsWith("local")
        && System.getProperty("spark.sql.shuffle.partitions") == null) {
      // The result tables are small: a few shuffle partitions per core, not Spark's 200.
      int cores = Runtime.getRuntime().availableProcessors();
      builder.config("spark.sql.shuffle.partitions", String.valueOf(Math.max(4, 2 * cores)));
    }
    boolean existed =
        SparkSession.getActiveSession().isDefined() || SparkSession.getDefaultSession().isDefined();
    SparkSession spark = builder.getOrCreate();
    if (!existed) {
      CREATED.add(spark);
    }
    return spark;
  }

  /**
   * Stops {@code spark} if {@link #create} started it; a session that was already running (a
   * Databricks JAR task's, a notebook's, a test's) is left running for its owner.
   */
  static void release(SparkSession spark) {
    if (CREATED.remove(spark)) {
      spark.stop();
    }
  }
}
