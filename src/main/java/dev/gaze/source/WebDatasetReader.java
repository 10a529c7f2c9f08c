package dev.gaze.source;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.NoSuchElementException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.hadoop.conf.Configuration;

/**
 * Streams the samples of one WebDataset shard (a tar file, gzipped or not, detected by its magic
 * bytes) as records, one sample in memory at a time.
 *
 * <p>Consecutive members with the same key ({@link WebDatasetName}) form one sample; its image is
 * the {@code .jpg}, {@code .jpeg} or {@code .png} member (in that preference, any case) and its
 * label the {@code .cls} member (a non-negative integer as text). Other members and members whose
 * name starts with a dot are skipped. A sample that lacks either, or whose label does not parse, is
 * a broken record. A shard that cannot be opened, is truncated or is corrupt yields the samples
 * read before the damage and then one broken record, keyed by the sample being read (or {@value
 * #SHARD_KEY}), saying where it broke. Records' {@code source} is the shard path as given.
 */
public final class WebDatasetReader implements RecordIterator {

  /** The key of a broken record about the shard as a whole rather than one sample. */
  public static final String SHARD_KEY = "(shard)";

  /** The largest image member read; larger ones make a broken record instead of an OOM. */
  public static final long MAX_MEMBER_BYTES = 256L << 20;

  /** Opens a stream on demand, so that opening failures become records too. */
  @FunctionalInterface
  public interface Opener {
    /** Opens the raw (possibly gzipped) shard bytes. */
    InputStream open() throws IOException;
  }

  private final String source;
  private final Opener opener;
  private final ArrayDeque<ImageRecord> ready = new ArrayDeque<>();
  private EofAwareTarStream tar;
  private WebDatasetSample pending;
  private long members;
  private boolean finished;

  private WebDatasetReader(String source, Opener opener) {
    this.source = source;
    this.opener = opener;
  }

  /** A reader of the shard at {@code shardPath} on any Hadoop file system; opens lazily. */
  public static WebDatasetReader open(String shardPath, Configuration conf) {
    return new WebDatasetReader(shardPath, () -> ShardStreams.open(shardPath, conf));
  }

  /** A reader of the shard bytes that {@code opener} supplies, named {@code source} in records. */
  public static WebDatasetReader of(String source, Opener opener) {
    return new WebDatasetReader(source, opener);
  }

  @Override
  public boolean hasNext() {
    while (ready.isEmpty() && !finished) {
      step();
    }
    return !ready.isEmpty();
  }

  @Override
  public ImageRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more records in shard " + source);
    }
    return ready.poll();
  }

  @Override
  public void close() {
    finished = true;
    pending = null;
    if (tar != null) {
      try {
        tar.close();
      } catch (IOException e) {
        // nothing left to read from it
      }
      tar = null;
    }
  }

  /** Reads one tar member (or the end of the archive), queueing any record it completes. */
  private void step() {
    if (tar == null) {
      try {
        tar = new EofAwareTarStream(ShardStreams.maybeGunzip(opener.open()));
      } catch (IOException | RuntimeException e) {
        ready.add(
            ImageRecord.broken(
                source, SHARD_KEY, null, "cannot open shard: " + Problems.describe(e)));
        close();
        return;
      }
    }
    TarArchiveEntry entry;
    try {
      entry = tar.getNextTarEntry();
    } catch (IOException | RuntimeException e) {
      broke("reading the header after " + members + " member(s)", Problems.describe(e), false);
      return;
    }
    if (entry == null) {
      endOfArchive();
      return;
    }
    if (!entry.isCheckSumOK()) {
      broke(
          "reading the header after " + members + " member(s)",
          "the header of member '" + Problems.quote(entry.getName()) + "' fails its checksum",
          false);
      return;
    }
    if (!entry.isFile() || WebDatasetName.isHidden(entry.getName())) {
      return;
    }
    members++;
    WebDatasetName name = WebDatasetName.of(entry.getName());
    if (pending != null && !pending.key().equals(name.key())) {
      ready.add(pending.toRecord());
      pending = null;
    }
    if (pending == null) {
      pending = new WebDatasetSample(source, name.key());
    }
    try {
      pending.accept(name.extension(), entry.getSize(), tar);
    } catch (IOException | RuntimeException e) {
      broke("reading member '" + entry.getName() + "'", Problems.describe(e), true);
    }
  }

  private void endOfArchive() {
    if (!tar.sawEndMarker()) {
      if (members == 0 && tar.getBytesRead() == 0) {
        ready.add(ImageRecord.broken(source, SHARD_KEY, null, "shard is empty (0 bytes)"));
        close();
      } else {
        broke(
            "after " + members + " member(s)",
            "the tar ends without its end-of-archive marker (truncated?)",
            false);
      }
      return;
    }
    if (pending != null) {
      ready.add(pending.toRecord());
    } else if (members == 0) {
      ready.add(ImageRecord.broken(source, SHARD_KEY, null, "shard holds no tar members"));
    }
    close();
  }

  /**
   * Ends the shard after damage. When the damage is between members, the sample being gathered
   * holds whole members only and is finished as usual (it may then lack a member); when it is
   * inside a member, that sample is lost and the shard record takes its key.
   */
  private void broke(String where, String what, boolean insideMember) {
    long at = tar.getBytesRead();
    String key = SHARD_KEY;
    if (pending != null && insideMember) {
      key = pending.key();
    } else if (pending != null) {
      ready.add(pending.toRecord());
    }
    String lost =
        key.equals(SHARD_KEY) ? "later samples are lost" : "this sample and later ones are lost";
    ready.add(
        ImageRecord.broken(
            source,
            key,
            null,
            "shard truncated or corrupt at tar byte "
                + at
                + " "
                + where
                + ": "
                + what
                + "; "
                + lost));
    close();
  }

  /** A tar stream that can tell a proper end-of-archive marker from a short read at the end. */
  private static final class EofAwareTarStream extends TarArchiveInputStream {
    private boolean endMarker;

    EofAwareTarStream(InputStream in) {
      super(in);
    }

    @Override
    protected boolean isEOFRecord(byte[] record) {
      boolean eof = super.isEOFRecord(record);
      if (eof && record != null) {
        endMarker = true;
      }
      return eof;
    }

    boolean sawEndMarker() {
      return endMarker;
    }
  }
}
