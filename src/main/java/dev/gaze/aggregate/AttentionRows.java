package dev.gaze.aggregate;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Collects the small attention tables to the driver as Java values, for rendering. */
public final class AttentionRows {

  private AttentionRows() {}

  /**
   * One row of {@code attention_stats}.
   *
   * @param head the head, or {@link AttentionAggregation#HEAD_MEAN} for the head-averaged attention
   */
  public record Stats(
      int classId,
      String className,
      String tap,
      int head,
      long images,
      int gridH,
      int gridW,
      double[] clsAttention,
      double entropyMean,
      double entropyStd,
      double distanceMean,
      double distanceStd,
      double borderFraction) {

    /** This row with another class id. */
    public Stats withClassId(int id) {
      return new Stats(
          id,
          className,
          tap,
          head,
          images,
          gridH,
          gridW,
          clsAttention,
          entropyMean,
          entropyStd,
          distanceMean,
          distanceStd,
          borderFraction);
    }
  }

  /** One row of {@code attention_rollout}. */
  public record Rollout(
      int classId, String className, long images, int gridH, int gridW, double[] rollout) {}

  /** One row of {@code head_similarity}. */
  public record HeadPair(String tap, int headA, int headB, double cosine) {}

  /** One row of {@code class_images}. */
  public record ClassImage(
      int classId, String className, long images, int height, int width, double[] mean) {}

  /** Every row of an {@code attention_stats} table, ordered by class, tap, head. */
  public static List<Stats> stats(Dataset<Row> table) {
    return table.orderBy("class_id", "tap", "head").collectAsList().stream()
        .map(
            r ->
                new Stats(
                    r.getInt(r.fieldIndex("class_id")),
                    r.getString(r.fieldIndex("class_name")),
                    r.getString(r.fieldIndex("tap")),
                    r.getInt(r.fieldIndex("head")),
                    r.getLong(r.fieldIndex("images")),
                    r.getInt(r.fieldIndex("grid_h")),
                    r.getInt(r.fieldIndex("grid_w")),
                    ResultRows.doubles(r, "cls_attention"),
                    r.getDouble(r.fieldIndex("entropy_mean")),
                    r.getDouble(r.fieldIndex("entropy_std")),
                    r.getDouble(r.fieldIndex("distance_mean")),
                    r.getDouble(r.fieldIndex("distance_std")),
                    r.getDouble(r.fieldIndex("border_fraction"))))
        .toList();
  }

  /** Every row of an {@code attention_rollout} table, ordered by class. */
  public static List<Rollout> rollout(Dataset<Row> table) {
    return table.orderBy("class_id").collectAsList().stream()
        .map(
            r ->
                new Rollout(
                    r.getInt(r.fieldIndex("class_id")),
                    r.getString(r.fieldIndex("class_name")),
                    r.getLong(r.fieldIndex("images")),
                    r.getInt(r.fieldIndex("grid_h")),
                    r.getInt(r.fieldIndex("grid_w")),
                    ResultRows.doubles(r, "rollout")))
        .toList();
  }

  /** Every row of a {@code head_similarity} table, ordered by tap and heads. */
  public static List<HeadPair> headSimilarity(Dataset<Row> table) {
    return table.orderBy("tap", "head_a", "head_b").collectAsList().stream()
        .map(
            r ->
                new HeadPair(
                    r.getString(r.fieldIndex("tap")),
                    r.getInt(r.fieldIndex("head_a")),
                    r.getInt(r.fieldIndex("head_b")),
                    r.getDouble(r.fieldIndex("cosine"))))
        .toList();
  }

  /** Every row of a {@code class_images} table, ordered by class. */
  public static List<ClassImage> classImages(Dataset<Row> table) {
    return table.orderBy("class_id").collectAsList().stream()
        .map(
            r ->
                new ClassImage(
                    r.getInt(r.fieldIndex("class_id")),
                    r.getString(r.fieldIndex("class_name")),
                    r.getLong(r.fieldIndex("images")),
                    r.getInt(r.fieldIndex("height")),
                    r.getInt(r.fieldIndex("width")),
                    ResultRows.doubles(r, "mean")))
        .toList();
  }
}
