package dev.gaze.config;

/**
 * A bad argument or dataset layout found before an analysis starts: nothing has run and nothing has
 * been written. The message is one line naming what is wrong and what would be valid; the CLI
 * prints it and exits with code 2.
 */
public final class InvalidInputException extends IllegalArgumentException {

  /** Wraps a validation failure, keeping its message. */
  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A validation failure. */
  public InvalidInputException(String message) {
    super(message);
  }
}
