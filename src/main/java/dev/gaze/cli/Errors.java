package dev.gaze.cli;

/** Turns an exception chain into one readable line. */
final class Errors {

  /** Longest part of the line taken from one message; Spark's can run to pages. */
  static final int MAX_PART = 240;

  private Errors() {}

  /**
   * The first line of the outermost message and, when it says something else, of the root cause's,
   * each cut to {@value #MAX_PART} characters.
   */
  static String oneLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String outer = firstLine(e);
    String inner = firstLine(root);
    if (root == e || outer.contains(inner)) {
      return outer;
    }
    return outer + " (cause: " + inner + ")";
  }

  private static String firstLine(Throwable t) {
    String message = t.getMessage();
    if (message == null || message.isBlank()) {
      return t.getClass().getSimpleName();
    }
    String line = message.strip().lines().findFirst().orElse("").strip();
    return line.length() <= MAX_PART ? line : line.substring(0, MAX_PART) + "...";
  }
}
