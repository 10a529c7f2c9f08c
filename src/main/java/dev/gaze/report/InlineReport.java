package dev.gaze.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rendered report as one HTML string with every heatmap embedded as a {@code data:} URI, for
 * places that show HTML but cannot serve files beside it (a notebook's {@code displayHTML}).
 */
public final class InlineReport {

  /** {@code src="x.png"} or {@code href="x.png"} naming a file of the report folder itself. */
  private static final Pattern PNG_REF = Pattern.compile("(src|href)=\"([A-Za-z0-9._-]+\\.png)\"");

  private InlineReport() {}

  /**
   * Reads {@code reportDir/index.html} and embeds the PNGs it shows; links to them are dropped (the
   * images are in the page already).
   *
   * @throws IOException if {@code index.html} or a PNG it names cannot be read
   */
  public static String html(Path reportDir) throws IOException {
    return embed(Files.readString(reportDir.resolve("index.html")), reportDir);
  }

  /** {@code html} with each reference to a PNG in {@code dir} replaced as {@link #html} does. */
  static String embed(String html, Path dir) throws IOException {
    Matcher m = PNG_REF.matcher(html);
    StringBuilder out = new StringBuilder(html.length());
    while (m.find()) {
      String replacement;
      if (m.group(1).equals("href")) {
        replacement = "href=\"#" + m.group(2) + "\"";
      } else {
        byte[] png = Files.readAllBytes(dir.resolve(m.group(2)));
        replacement =
            "src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(png) + "\"";
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }
}
