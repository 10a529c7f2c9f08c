package dev.gaze.job;

import dev.gaze.source.ImageRecord;
import dev.gaze.source.RecordIterator;
import dev.gaze.source.Split;
import dev.gaze.source.SplitReader;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.TaskContext;
import org.apache.spark.util.TaskCompletionListener;

/**
 * The records of a partition's splits, read lazily one split after the other; each reader is closed
 * when it is exhausted, and the current one also when the task ends early.
 */
final class SplitRecords implements Iterator<ImageRecord> {

  private final Iterator<Split> splits;
  private final Configuration conf;
  private RecordIterator current;

  SplitRecords(Iterator<Split> splits, Configuration conf) {
    this.splits = splits;
    this.conf = conf;
    TaskContext task = TaskContext.get();
    if (task != null) {
      task.addTaskCompletionListener((TaskCompletionListener) context -> close());
    }
  }

  @Override
  public boolean hasNext() {
    while (current == null || !current.hasNext()) {
      close();
      if (!splits.hasNext()) {
        return false;
      }
      current = SplitReader.open(splits.next(), conf);
    }
    return true;
  }

  @Override
  public ImageRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return current.next();
  }

  private void close() {
    if (current != null) {
      try {
        current.close();
      } catch (Exception e) {
        // a reader that fails to close has already returned its records
      }
      current = null;
    }
  }
}
