package dev.gaze.source;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * One unit of work for one Spark partition: one or more WebDataset shard paths, or a group of
 * ImageFolder files. Holds arrays only, so that Java and Kryo serialization both carry it.
 */
public final class Split implements Serializable {

  private static final long serialVersionUID = 1L;

  private final DatasetFormat format;
  private final String[] shards;
  private final ImageFolderEntry[] files;

  private Split(DatasetFormat format, String[] shards, ImageFolderEntry[] files) {
    this.format = format;
    this.shards = shards;
    this.files = files;
  }

  /**
   * A split reading these WebDataset shards in order.
   *
   * @throws IllegalArgumentException when {@code shardPaths} is empty
   */
  public static Split ofShards(List<String> shardPaths) {
    if (shardPaths.isEmpty()) {
      throw new IllegalArgumentException("a WebDataset split needs at least one shard");
    }
    return new Split(
        DatasetFormat.WEBDATASET, shardPaths.toArray(new String[0]), new ImageFolderEntry[0]);
  }

  /**
   * A split reading these ImageFolder files in order.
   *
   * @throws IllegalArgumentException when {@code entries} is empty
   */
  public static Split ofFiles(List<ImageFolderEntry> entries) {
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("an ImageFolder split needs at least one file");
    }
    return new Split(
        DatasetFormat.IMAGEFOLDER, new String[0], entries.toArray(new ImageFolderEntry[0]));
  }

  /** {@link DatasetFormat#WEBDATASET} or {@link DatasetFormat#IMAGEFOLDER}. */
  public DatasetFormat format() {
    return format;
  }

  /** The shard paths (WebDataset), or an empty list. */
  public List<String> shards() {
    return List.of(shards);
  }

  /** The files (ImageFolder), or an empty list. */
  public List<ImageFolderEntry> files() {
    return List.of(files);
  }

  /** A short description for logs and error messages. */
  public String describe() {
    if (format == DatasetFormat.WEBDATASET) {
      return shards.length == 1
          ? "shard " + shards[0]
          : shards.length + " shards " + shards[0] + " .. " + shards[shards.length - 1];
    }
    return files.length + " files " + files[0].key() + " .. " + files[files.length - 1].key();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Split s
        && format == s.format
        && Arrays.equals(shards, s.shards)
        && Arrays.equals(files, s.files);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * format.hashCode() + Arrays.hashCode(shards)) + Arrays.hashCode(files);
  }

  @Override
  public String toString() {
    return "Split(" + describe() + ")";
  }
}
