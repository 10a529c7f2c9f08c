package dev.gaze.source;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/** Opens shard and dataset files through Hadoop's file systems, un-gzipping by magic bytes. */
public final class ShardStreams {

  private static final int BUFFER = 1 << 16;

  private ShardStreams() {}

  /** Opens {@code path} (any Hadoop file system) for reading, buffered. */
  public static InputStream open(String path, Configuration conf) throws IOException {
    Path p = new Path(path);
    return new BufferedInputStream(p.getFileSystem(conf).open(p), BUFFER);
  }

  /**
   * {@code in}, un-gzipped when it starts with the gzip magic bytes {@code 1f 8b}, whatever the
   * file is called; otherwise {@code in} itself (buffered).
   */
  public static InputStream maybeGunzip(InputStream in) throws IOException {
    InputStream buffered = in.markSupported() ? in : new BufferedInputStream(in, BUFFER);
    buffered.mark(2);
    int b0 = buffered.read();
    int b1 = buffered.read();
    buffered.reset();
    if (b0 == 0x1f && b1 == 0x8b) {
      return new GZIPInputStream(buffered, BUFFER);
    }
    return buffered;
  }
}
