package dev.gaze.source;

/** Helpers that keep problem texts to one readable line. */
final class Problems {

  private static final int MAX_QUOTE = 60;

  private Problems() {}

  /** {@code text} on one line, shortened to a readable length for quoting in a message. */
  static String quote(String text) {
    String line = oneLine(text);
    return line.length() <= MAX_QUOTE ? line : line.substring(0, MAX_QUOTE) + "...";
  }

  /** {@code text} with every run of whitespace (newlines included) turned into one space. */
  static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("\\s+", " ").trim();
  }

  /** An exception as one line: its class's simple name and its message. */
  static String describe(Throwable e) {
    String message = e.getMessage();
    String name = e.getClass().getSimpleName();
    return message == null ? name : name + ": " + oneLine(message);
  }
}
