package dev.gaze.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;

import dev.gaze.config.InvalidInputException;
import dev.gaze.source.ImageRecord;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads Parquet files with an image column into records: the column is binary, or a struct with a
 * binary {@code bytes} field (as Hugging Face datasets store images); the label column is an
 * integer. The key is the {@code __key__} column when there is one, else the struct's {@code path}
 * field, else the file name and a row id. In a folder only files named {@code *.parquet} are read.
 */
public final class ParquetRecords {

  private ParquetRecords() {}

  /**
   * Checks the schema and returns the records, one Spark partition per file split (or {@code
   * partitions} when positive).
   *
   * @throws InvalidInputException when a column is missing or of the wrong type
   */
  public static JavaRDD<ImageRecord> read(
      SparkSession spark, String path, String imageColumn, String labelColumn, int partitions) {
    Dataset<Row> df;
    try {
      // Only *.parquet files: a classes.txt or classes.json beside them is not data.
      df = spark.read().option("pathGlobFilter", "*.parquet").parquet(path);
    } catch (RuntimeException e) {
      throw new InvalidInputException(
          "cannot read Parquet dataset " + path + ": " + firstLine(e.getMessage()), e);
    }
    StructType schema = df.schema();
    StructField image = field(schema, imageColumn, "--image-column");
    StructField label = field(schema, labelColumn, "--label-column");

    Column bytes;
    Column key;
    DataType imageType = image.dataType();
    if (imageType instanceof BinaryType) {
      bytes = col(imageColumn);
      key = null;
    } else if (imageType instanceof StructType struct
        && Arrays.asList(struct.fieldNames()).contains("bytes")
        && struct.apply("bytes").dataType() instanceof BinaryType) {
      bytes = col(imageColumn + ".bytes");
      key = Arrays.asList(struct.fieldNames()).contains("path") ? col(imageColumn + ".path") : null;
    } else {
      throw new InvalidInputException(
          "Parquet column '"
              + imageColumn
              + "' is "
              + imageType.simpleString()
              + "; expected binary or struct<bytes: binary, ...>");
    }
    DataType labelType = label.dataType();
    if (!(labelType instanceof IntegerType
        || labelType instanceof LongType
        || labelType instanceof ShortType
        || labelType instanceof ByteType)) {
      throw new InvalidInputException(
          "Parquet column '"
              + labelColumn
              + "' is "
              + labelType.simpleString()
              + "; expected an integer type (int, bigint, smallint, tinyint)");
    }
    if (Arrays.asList(schema.fieldNames()).contains("__key__")) {
      key = col("__key__").cast("string");
    }
    if (key == null) {
      key = concat(input_file_name(), lit("#"), monotonically_increasing_id());
    }
    Dataset<Row> selected =
        df.select(
            input_file_name().as("source"),
            key.as("key"),
            bytes.as("bytes"),
            col(labelColumn).cast("long").as("label"));
    if (partitions > 0) {
      selected = selected.repartition(partitions);
    }
    return selected.javaRDD().map(ParquetRecords::toRecord);
  }

  private static ImageRecord toRecord(Row row) {
    String source = row.getString(0);
    String key = row.isNullAt(1) ? "(null key)" : row.getString(1);
    Integer label = null;
    if (!row.isNullAt(3)) {
      long value = row.getLong(3);
      if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
        return ImageRecord.broken(source, key, null, "label " + value + " does not fit an int");
      }
      label = (int) value;
    }
    if (row.isNullAt(2)) {
      return ImageRecord.broken(source, key, label, "no image bytes (null)");
    }
    if (label == null) {
      return ImageRecord.broken(source, key, null, "no label (null)");
    }
    return ImageRecord.of(source, key, label, (byte[]) row.get(2));
  }

  private static StructField field(StructType schema, String name, String option) {
    if (!Arrays.asList(schema.fieldNames()).contains(name)) {
      throw new InvalidInputException(
          "Parquet dataset has no column '"
              + name
              + "' ("
              + option
              + "); columns: "
              + Arrays.stream(schema.fieldNames()).collect(Collectors.joining(", ")));
    }
    return schema.apply(name);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
