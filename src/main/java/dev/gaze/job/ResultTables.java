package dev.gaze.job;

import dev.gaze.aggregate.Schemas;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Reads Gaze's result tables back from an output folder. */
public final class ResultTables {

  private ResultTables() {}

  /**
   * The table {@code name} under {@code dir} (on any file system), read with its known schema
   * ({@link Schemas#ofTable}): without one, Spark runs a job to read a file's footer first.
   */
  public static Dataset<Row> read(SparkSession spark, String dir, String name) {
    return spark.read().schema(Schemas.ofTable(name)).parquet(new Path(dir, name).toString());
  }
}
