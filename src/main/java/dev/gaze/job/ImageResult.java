package dev.gaze.job;

import dev.gaze.reduce.AttentionStats;
import dev.gaze.reduce.TapStats;
import java.util.List;

/**
 * What the inference stage produces for one record: either an analysed image (its prediction and
 * its reduced taps) or a record that could not be analysed (its reason).
 *
 * @param source the file the record came from
 * @param key the record's key within its source
 * @param label the true class, or null when unknown
 * @param predicted the model's predicted class, or null on error
 * @param error why the record could not be analysed, or null
 * @param taps the reduced feature-map (and token) taps in forward order, empty on error
 * @param attention the reduced attention taps in forward order; empty on error or when the model
 *     has none analysed
 * @param rollout the attention rollout over the patches, or null when not computed
 * @param inputMap the model input averaged over channels ({@link InputMaps}), or null when no
 *     attention tap is analysed
 */
public record ImageResult(
    String source,
    String key,
    Integer label,
    Integer predicted,
    String error,
    List<TapStats> taps,
    List<AttentionStats> attention,
    float[] rollout,
    float[] inputMap) {

  /** An analysed image of a model without attention taps. */
  ImageResult(
      String source,
      String key,
      Integer label,
      Integer predicted,
      String error,
      List<TapStats> taps) {
    this(source, key, label, predicted, error, taps, List.of(), null, null);
  }

  /** A record that could not be analysed. */
  static ImageResult failed(String source, String key, Integer label, String error) {
    return new ImageResult(source, key, label, null, error, List.of());
  }
}
