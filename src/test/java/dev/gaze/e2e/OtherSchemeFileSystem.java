package dev.gaze.e2e;

import java.net.URI;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local file system under another scheme ({@value #SCHEME}{@code :///path}), standing in for
 * HDFS or S3 where the code takes another path for file systems that are not {@code file:}.
 */
public class OtherSchemeFileSystem extends RawLocalFileSystem {

  /** The scheme it answers to. */
  public static final String SCHEME = "gazetest";

  /** The Hadoop setting that maps the scheme to this class. */
  public static final String IMPL = "fs." + SCHEME + ".impl";

  @Override
  public URI getUri() {
    return URI.create(SCHEME + ":///");
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }
}
