package dev.gaze.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The 1000 ImageNet-1k class names in the standard index order, from {@code imagenet/classes.json}
 * of DJL's {@code basicdataset} jar ({@code [wnid, short name, full name]} triples; the short name
 * is taken). Dataset labels index this list when a model's manifest says {@code imagenet-1k}.
 */
public final class ImageNetClasses {

  /** The class path resource holding the list. */
  public static final String RESOURCE = "/imagenet/classes.json";

  private static volatile ClassNames names;

  private ImageNetClasses() {}

  /** The 1000 names, index 0 ({@code tench}) first. */
  public static ClassNames names() {
    ClassNames n = names;
    if (n == null) {
      try (InputStream in = ImageNetClasses.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(
              RESOURCE + " is missing from the class path (ai.djl:basicdataset)");
        }
        n = ClassNames.parseJson(new String(in.readAllBytes(), StandardCharsets.UTF_8), RESOURCE);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + RESOURCE, e);
      }
      if (n.size() != 1000) {
        throw new IllegalStateException(RESOURCE + " holds " + n.size() + " names, not 1000");
      }
      names = n;
    }
    return n;
  }
}
