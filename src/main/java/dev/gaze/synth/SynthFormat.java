package dev.gaze.synth;

import java.util.Locale;

/** The layouts {@code gaze synth} writes, each one that {@code gaze analyze --format} reads. */
public enum SynthFormat {
  /** Tar shards {@code synth-NNNNNN.tar} of {@code <key>.jpg} and {@code <key>.cls} members. */
  WEBDATASET,
  /** {@code <class>/<key>.jpg}, torchvision's ImageFolder. */
  IMAGEFOLDER,
  /**
   * Files {@code synth-NNNNNN.parquet} with columns {@code __key__}, {@code image}, {@code label}.
   */
  PARQUET;

  /**
   * The format named {@code text}, without regard to case.
   *
   * @throws IllegalArgumentException naming the valid formats
   */
  public static SynthFormat parse(String text) {
    for (SynthFormat f : values()) {
      if (f.name().equalsIgnoreCase(text.strip())) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "--format '" + text + "' is not valid; valid: webdataset, imagefolder, parquet");
  }

  /** The name as the command line spells it. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
