package dev.gaze.source;

import java.io.Serializable;

/**
 * One sample of a dataset as read from its shard or file, before decoding.
 *
 * @param source the file the sample came from (a shard, an image file or a Parquet file)
 * @param key the sample's key, unique within its source (a WebDataset key, a relative path, a row)
 * @param label the class index, or {@code null} when the sample has none or it could not be parsed
 * @param image the encoded image bytes, or {@code null} when the sample has none
 * @param problem why this sample cannot be analysed (for example a missing label), or {@code null}
 *     when it looks usable; a record with a problem goes to the errors table, never to the model
 */
public record ImageRecord(String source, String key, Integer label, byte[] image, String problem)
    implements Serializable {

  /** A usable record. */
  public static ImageRecord of(String source, String key, int label, byte[] image) {
    return new ImageRecord(source, key, label, image, null);
  }

  /** A record that cannot be analysed, with the one-line reason. */
  public static ImageRecord broken(String source, String key, Integer label, String problem) {
    return new ImageRecord(source, key, label, null, problem);
  }

  /** Whether this record carries a problem and so belongs in the errors table. */
  public boolean isBroken() {
    return problem != null;
  }
}
