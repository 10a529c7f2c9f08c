package dev.gaze.image;

/**
 * Why one image's bytes could not become a {@link DecodedImage}: not a JPEG or PNG, empty,
 * truncated, corrupt, or over the pixel limit.
 *
 * <p>A checked exception, so that callers decide per record what to do with bad data (typically:
 * put {@link #getMessage()} into an errors-table row and go on with the next image). The message is
 * one line that says what is wrong and, where it helps, what would be valid, for example {@code
 * "image is 12000x10000 = 120000000 pixels, over the limit of 89478485 (--max-pixels)"} or {@code
 * "not a JPEG or PNG image (starts with 3c 68 74 6d)"}. Bad <em>arguments</em> (as opposed to bad
 * data) are {@link IllegalArgumentException}s instead.
 */
public final class ImageProblem extends Exception {

  private static final long serialVersionUID = 1L;

  /**
   * Creates a problem with a one-line reason.
   *
   * @param reason what is wrong with the image, one line
   */
  public ImageProblem(String reason) {
    super(reason);
  }

  /**
   * Creates a problem with a one-line reason and the exception that revealed it.
   *
   * @param reason what is wrong with the image, one line
   * @param cause the underlying decoder exception
   */
  public ImageProblem(String reason, Throwable cause) {
    super(reason, cause);
  }

  /** The one-line reason, the same as {@link #getMessage()}. */
  public String reason() {
    return getMessage();
  }
}
