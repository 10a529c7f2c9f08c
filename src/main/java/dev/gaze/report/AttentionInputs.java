package dev.gaze.report;

import dev.gaze.aggregate.AttentionRows;
import java.util.List;

/**
 * The rows of a run's attention tables, collected to the driver, that the report's attention page
 * is drawn from.
 *
 * @param stats the {@code attention_stats} rows
 * @param rollout the {@code attention_rollout} rows
 * @param headPairs the {@code head_similarity} rows
 * @param classImages the {@code class_images} rows
 */
public record AttentionInputs(
    List<AttentionRows.Stats> stats,
    List<AttentionRows.Rollout> rollout,
    List<AttentionRows.HeadPair> headPairs,
    List<AttentionRows.ClassImage> classImages) {

  /** Copies the lists. */
  public AttentionInputs {
    stats = List.copyOf(stats);
    rollout = List.copyOf(rollout);
    headPairs = List.copyOf(headPairs);
    classImages = List.copyOf(classImages);
  }
}
