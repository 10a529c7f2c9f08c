package dev.gaze.source;

import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Reads a group of ImageFolder entries into records, one file at a time, through Hadoop's file
 * systems. A record's {@code source} is the file's path, its key the path relative to the root.
 */
public final class ImageFolderReader implements RecordIterator {

  /** The largest image file read; larger ones make a broken record. */
  public static final long MAX_FILE_BYTES = WebDatasetReader.MAX_MEMBER_BYTES;

  private static final String EXPECTED = String.join(", ", ImageFolder.IMAGE_EXTENSIONS);

  private final Iterator<ImageFolderEntry> entries;
  private final Configuration conf;
  private boolean closed;

  private ImageFolderReader(List<ImageFolderEntry> entries, Configuration conf) {
    this.entries = List.copyOf(entries).iterator();
    this.conf = conf;
  }

  /** A lazy reader of {@code entries}, in their order. */
  public static ImageFolderReader open(List<ImageFolderEntry> entries, Configuration conf) {
    return new ImageFolderReader(entries, conf);
  }

  @Override
  public boolean hasNext() {
    return !closed && entries.hasNext();
  }

  @Override
  public ImageRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more ImageFolder files in this group");
    }
    return read(entries.next());
  }

  @Override
  public void close() {
    closed = true;
  }

  private ImageRecord read(ImageFolderEntry entry) {
    if (!entry.isImage()) {
      return ImageRecord.broken(
          entry.path(),
          entry.key(),
          entry.label(),
          "not an image file: " + entry.key() + " (expected " + EXPECTED + ")");
    }
    if (entry.length() > MAX_FILE_BYTES) {
      return ImageRecord.broken(
          entry.path(),
          entry.key(),
          entry.label(),
          "image file is " + entry.length() + " bytes, over the limit of " + MAX_FILE_BYTES);
    }
    Path path = new Path(entry.path());
    try (InputStream in = path.getFileSystem(conf).open(path)) {
      return ImageRecord.of(entry.path(), entry.key(), entry.label(), in.readAllBytes());
    } catch (IOException | RuntimeException e) {
      return ImageRecord.broken(
          entry.path(),
          entry.key(),
          entry.label(),
          "cannot read image file: " + Problems.describe(e));
    }
  }
}
