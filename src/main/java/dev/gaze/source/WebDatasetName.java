package dev.gaze.source;

/**
 * A tar member's name split the WebDataset way: the key is the path up to the first '.' of its last
 * component (folders kept), the extension is the rest. {@code a/b.c.d} has key {@code a/b} and
 * extension {@code c.d}; a name without a dot is all key and has an empty extension.
 *
 * @param key the sample key the member belongs to
 * @param extension what follows the key's dot, possibly empty, case kept
 */
public record WebDatasetName(String key, String extension) {

  /** Splits a member name into key and extension. */
  public static WebDatasetName of(String memberName) {
    int base = memberName.lastIndexOf('/') + 1;
    int dot = memberName.indexOf('.', base);
    if (dot < 0) {
      return new WebDatasetName(memberName, "");
    }
    return new WebDatasetName(memberName.substring(0, dot), memberName.substring(dot + 1));
  }

  /**
   * Whether the member's last path component starts with a dot ({@code ._x.jpg} from macOS tar,
   * {@code .DS_Store}); such members are skipped, as the reference WebDataset reader skips them.
   */
  public static boolean isHidden(String memberName) {
    int base = memberName.lastIndexOf('/') + 1;
    return base < memberName.length() && memberName.charAt(base) == '.';
  }
}
