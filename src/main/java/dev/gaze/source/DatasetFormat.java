package dev.gaze.source;

import java.util.Locale;

/** The on-disk layouts a dataset may come in. */
public enum DatasetFormat {
  /** Tar shards (optionally gzipped) whose members are grouped into samples by key. */
  WEBDATASET,
  /** A root folder with one sub-folder per class, as torchvision's ImageFolder reads it. */
  IMAGEFOLDER,
  /** Parquet files with an image-bytes column and a label column. */
  PARQUET;

  /**
   * The format named by {@code text}, ignoring case and surrounding blanks.
   *
   * @throws IllegalArgumentException when {@code text} names no format
   */
  public static DatasetFormat parse(String text) {
    String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    for (DatasetFormat format : values()) {
      if (format.cliName().equals(wanted)) {
        return format;
      }
    }
    throw new IllegalArgumentException(
        "unknown format '" + text + "'; valid: webdataset, imagefolder, parquet");
  }

  /** The lower-case name used on the command line and in configuration. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
