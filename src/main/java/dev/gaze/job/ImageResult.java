package dev.gaze.job;

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
 * @param taps the reduced taps in forward order, empty on error
 */
public record ImageResult(
    String source,
    String key,
    Integer label,
    Integer predicted,
    String error,
    List<TapStats> taps) {

  /** A record that could not be analysed. */
  static ImageResult failed(String source, String key, Integer label, String error) {
    return new ImageResult(source, key, label, null, error, List.of());
  }
}
