package dev.gaze.source;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;

/**
 * Reads one {@link Split} into records, lazily, on whichever JVM runs it (an executor task). Shards
 * of a multi-shard split are opened one after the other, each closed before the next.
 */
public final class SplitReader implements RecordIterator {

  private final Iterator<String> shards;
  private final Configuration conf;
  private RecordIterator current;
  private boolean closed;

  private SplitReader(Iterator<String> shards, Configuration conf, RecordIterator current) {
    this.shards = shards;
    this.conf = conf;
    this.current = current;
  }

  /** A lazy reader of {@code split}'s records in order. */
  public static RecordIterator open(Split split, Configuration conf) {
    if (split.format() == DatasetFormat.IMAGEFOLDER) {
      return ImageFolderReader.open(split.files(), conf);
    }
    return new SplitReader(split.shards().iterator(), conf, null);
  }

  @Override
  public boolean hasNext() {
    while (!closed) {
      if (current != null && current.hasNext()) {
        return true;
      }
      if (current != null) {
        current.close();
        current = null;
      }
      if (!shards.hasNext()) {
        closed = true;
        return false;
      }
      current = WebDatasetReader.open(shards.next(), conf);
    }
    return false;
  }

  @Override
  public ImageRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more records in this split");
    }
    return current.next();
  }

  @Override
  public void close() {
    closed = true;
    if (current != null) {
      current.close();
      current = null;
    }
  }
}
