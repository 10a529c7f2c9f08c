package dev.gaze.source;

import java.io.Serializable;
import java.util.Objects;

/**
 * One file found under an ImageFolder class folder, as listed on the driver and read on an
 * executor.
 */
public final class ImageFolderEntry implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String path;
  private final String key;
  private final int label;
  private final long length;
  private final boolean image;

  /**
   * An entry.
   *
   * @param path the file's fully qualified path
   * @param key the path relative to the dataset root, like {@code cat/001.jpg}
   * @param label the index of the class folder it lies under
   * @param length the file's size in bytes as listed
   * @param image whether its name has an image extension; other files become broken records
   */
  public ImageFolderEntry(String path, String key, int label, long length, boolean image) {
    this.path = Objects.requireNonNull(path, "path");
    this.key = Objects.requireNonNull(key, "key");
    if (label < 0) {
      throw new IllegalArgumentException("label of " + key + " is negative: " + label);
    }
    this.label = label;
    this.length = length;
    this.image = image;
  }

  /** The file's fully qualified path. */
  public String path() {
    return path;
  }

  /** The path relative to the dataset root. */
  public String key() {
    return key;
  }

  /** The class index. */
  public int label() {
    return label;
  }

  /** The size in bytes when listed. */
  public long length() {
    return length;
  }

  /** Whether the file name has an image extension. */
  public boolean isImage() {
    return image;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageFolderEntry e
        && path.equals(e.path)
        && key.equals(e.key)
        && label == e.label
        && length == e.length
        && image == e.image;
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, key, label, length, image);
  }

  @Override
  public String toString() {
    return key + " (label " + label + (image ? "" : ", not an image") + ")";
  }
}
