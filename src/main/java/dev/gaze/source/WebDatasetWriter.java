package dev.gaze.source;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes WebDataset shards deterministically: the same samples give byte-identical files. Members
 * are plain ustar entries with mtime 0, uid/gid 0, empty user and group names and mode 0644; a
 * gzipped shard has a gzip header with no file name and mtime 0.
 */
public final class WebDatasetWriter implements Closeable {

  /** The longest member name a ustar header holds without a PAX extension (which is not stable). */
  public static final int MAX_NAME_BYTES = 100;

  private static final int FILE_MODE = 0100644;

  private final TarArchiveOutputStream tar;

  private WebDatasetWriter(OutputStream out) {
    this.tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
    this.tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_ERROR);
    this.tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_ERROR);
  }

  /**
   * A writer onto {@code out}, gzipped when {@code gzip}; closing the writer closes {@code out}.
   */
  public static WebDatasetWriter create(OutputStream out, boolean gzip) throws IOException {
    OutputStream buffered = new BufferedOutputStream(out, 1 << 16);
    return new WebDatasetWriter(gzip ? new GZIPOutputStream(buffered, 1 << 16) : buffered);
  }

  /** A writer creating (or replacing) {@code file}, gzipped when it ends in .gz or .tgz. */
  public static WebDatasetWriter create(Path file) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    boolean gzip = name.endsWith(".gz") || name.endsWith(".tgz");
    return create(Files.newOutputStream(file), gzip);
  }

  /** Writes one sample: members {@code <key>.png} and {@code <key>.cls} (the label as text). */
  public void write(String key, byte[] png, int label) throws IOException {
    if (label < 0) {
      throw new IllegalArgumentException("label " + label + " for key " + key + " is negative");
    }
    checkKey(key);
    writeMember(key + ".png", png);
    writeMember(key + ".cls", Integer.toString(label).getBytes(StandardCharsets.US_ASCII));
  }

  /** Writes one member with the given name and bytes (for tests and other member types). */
  public void writeMember(String name, byte[] data) throws IOException {
    if (name.isEmpty() || name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      throw new IllegalArgumentException(
          "tar member name '" + name + "' must be 1 to " + MAX_NAME_BYTES + " bytes long");
    }
    TarArchiveEntry entry = new TarArchiveEntry(name, true);
    entry.setSize(data.length);
    entry.setMode(FILE_MODE);
    entry.setLastModifiedTime(FileTime.fromMillis(0));
    entry.setUserId(0L);
    entry.setGroupId(0L);
    entry.setUserName("");
    entry.setGroupName("");
    tar.putArchiveEntry(entry);
    tar.write(data);
    tar.closeArchiveEntry();
  }

  /** Finishes the archive (end marker, gzip trailer) and closes the output. */
  @Override
  public void close() throws IOException {
    tar.close();
  }

  private static void checkKey(String key) {
    int base = key.lastIndexOf('/') + 1;
    if (key.isEmpty()
        || base == key.length()
        || key.indexOf('.', base) >= 0
        || key.startsWith("/")
        || key.contains("\\")) {
      throw new IllegalArgumentException(
          "WebDataset key '"
              + key
              + "' is not valid; expected a relative path whose last part has no '.'"
              + " (like train-000001 or cats/000001)");
    }
  }
}
