package dev.gaze.report;

import java.util.Locale;

/** File names for the report's images, derived from tap names but safe in any file system. */
final class FileNames {

  private static final int MAX_STEM = 60;

  private FileNames() {}

  /**
   * The stem of tap number {@code index}'s files, e.g. {@code "tap-03-layer2.0.conv1"}: letters,
   * digits, dots, hyphens and underscores only, never starting with a dot, unique through the
   * index.
   */
  static String tapStem(int index, String tap) {
    return String.format(Locale.ROOT, "tap-%02d-%s", index + 1, safe(tap));
  }

  /** {@code name} with each run of other characters than [A-Za-z0-9._-] turned into one '_'. */
  static String safe(String name) {
    String s = name.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^[._]+", "");
    if (s.length() > MAX_STEM) {
      s = s.substring(0, MAX_STEM);
    }
    return s.isEmpty() ? "tap" : s;
  }
}
