package dev.gaze.docs;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * A tiny copy of the embedded demo dataset under a stand-in Gaze home: every shard of {@code
 * data/fashion-mnist} under its own name, holding only its first few samples, and the same {@code
 * classes.txt}. Any path or brace pattern valid on the real data is valid on the copy.
 */
final class TinyData {

  static final String DATASET = "data/fashion-mnist";

  private TinyData() {}

  /**
   * Writes the copy under {@code home} and returns {@code home}.
   *
   * @param samples samples kept from each shard
   */
  static Path write(Path realHome, Path home, int samples) throws IOException {
    Path from = realHome.resolve(DATASET);
    Path to = home.resolve(DATASET);
    Files.createDirectories(to);
    try (DirectoryStream<Path> files = Files.newDirectoryStream(from)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        if (name.endsWith(".tar.gz")) {
          shrink(f, to.resolve(name), samples);
        } else if (Files.isRegularFile(f)) {
          Files.copy(f, to.resolve(name));
        }
      }
    }
    return home;
  }

  private static void shrink(Path shard, Path out, int samples) throws IOException {
    Set<String> keys = new HashSet<>();
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(shard));
        TarArchiveInputStream entries =
            new TarArchiveInputStream(new GzipCompressorInputStream(raw));
        OutputStream file = Files.newOutputStream(out);
        TarArchiveOutputStream tar =
            new TarArchiveOutputStream(new GzipCompressorOutputStream(file))) {
      TarArchiveEntry e;
      while ((e = entries.getNextTarEntry()) != null) {
        String base = e.getName().substring(e.getName().lastIndexOf('/') + 1);
        String key = base.contains(".") ? base.substring(0, base.indexOf('.')) : base;
        if (!keys.contains(key) && keys.size() == samples) {
          break;
        }
        keys.add(key);
        byte[] bytes = entries.readAllBytes();
        TarArchiveEntry copy = new TarArchiveEntry(e.getName());
        copy.setSize(bytes.length);
        copy.setModTime(e.getModTime());
        tar.putArchiveEntry(copy);
        tar.write(bytes);
        tar.closeArchiveEntry();
      }
      tar.finish();
    }
  }
}
