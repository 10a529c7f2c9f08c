package dev.gaze.job;

import dev.gaze.source.ImageRecord;
import java.util.List;

/**
 * One chunk of consecutive records, decoded and preprocessed: the records in input order, why each
 * one failed (null where it did not), and the input tensor of the ones that did not, packed in
 * order ({@link #size()} images of {@code spec.size()} floats).
 */
final class PreparedBatch {

  private final List<ImageRecord> records;
  private final String[] problems;
  private final float[] tensor;
  private final int size;

  PreparedBatch(List<ImageRecord> records, String[] problems, float[] tensor, int size) {
    this.records = records;
    this.problems = problems;
    this.tensor = tensor;
    this.size = size;
  }

  /** The chunk's records, in input order. */
  List<ImageRecord> records() {
    return records;
  }

  /** Why record {@code i} of the chunk cannot be analysed, or null when it is in the tensor. */
  String problem(int i) {
    return problems[i];
  }

  /** The packed input values; only the first {@code size() * spec.size()} are meaningful. */
  float[] tensor() {
    return tensor;
  }

  /** How many images the tensor holds. */
  int size() {
    return size;
  }
}
