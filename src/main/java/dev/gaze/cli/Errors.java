package dev.gaze.cli;

/** Turns an exception chain into one readable line. */
final class Errors {

  private Errors() {}

  /** The messages of the exception and its causes, without repeats, joined by ": ". */
  static String oneLine(Throwable e) {
    StringBuilder line = new StringBuilder();
    String previous = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message == null) {
        message = t.getClass().getSimpleName();
      }
      message = message.replaceAll("\\s+", " ").trim();
      if (previous != null && previous.contains(message)) {
        continue;
      }
      if (line.length() > 0) {
        line.append(": ");
      }
      line.append(message);
      previous = message;
    }
    return line.toString();
  }
}
