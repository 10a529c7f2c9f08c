package dev.gaze.source;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Expands a user's shard pattern into the list of shard files it names, on any Hadoop file system
 * (local, {@code hdfs:}, {@code s3a:}, {@code dbfs:}).
 *
 * <p>A pattern is expanded in three steps: brace groups ({@link Braces}); then each result that
 * holds a Hadoop glob character ({@code *}, {@code ?}, {@code [}) is matched with {@link
 * FileSystem#globStatus}; a result without one is a literal path, either a shard file or a folder
 * whose {@code *.tar}, {@code *.tar.gz} and {@code *.tgz} files are all taken. Brace results keep
 * their expansion order (so {@code {0..10}} counts up), each glob's and each folder's matches are
 * sorted by name, and a path named twice is kept once, where it first appeared. Every path returned
 * is fully qualified ({@code file:/...}, {@code hdfs://...}) so that it means the same on an
 * executor as on the driver.
 */
public final class ShardPaths {

  private static final String EXPECTED =
      "expected shard files (.tar, .tar.gz, .tgz), a folder holding them, a glob like"
          + " shards/*.tar or a range like train-{000000..000146}.tar";

  private ShardPaths() {}

  /**
   * The shard files {@code pattern} names, as fully qualified path strings.
   *
   * @throws IllegalArgumentException when the pattern is malformed, matches nothing, or names a
   *     path that does not exist
   * @throws UncheckedIOException when the file system cannot be listed
   */
  public static List<String> expand(String pattern, Configuration conf) {
    if (pattern == null || pattern.isBlank()) {
      throw new IllegalArgumentException("shard pattern is empty; " + EXPECTED);
    }
    try {
      Set<String> out = new LinkedHashSet<>();
      List<String> literals = new ArrayList<>();
      for (String candidate : Braces.expand(pattern.trim())) {
        if (isGlob(candidate)) {
          flushLiterals(literals, pattern, conf, out);
          out.addAll(glob(candidate, pattern, conf));
        } else {
          literals.add(candidate);
        }
      }
      flushLiterals(literals, pattern, conf, out);
      if (out.isEmpty()) {
        throw new IllegalArgumentException("no shard matches '" + pattern + "'; " + EXPECTED);
      }
      return List.copyOf(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list shards for '" + pattern + "': " + e, e);
    }
  }

  /** Whether {@code name} ends like a shard file: {@code .tar}, {@code .tar.gz} or {@code .tgz}. */
  public static boolean isShardName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.endsWith(".tar") || lower.endsWith(".tar.gz") || lower.endsWith(".tgz");
  }

  private static boolean isGlob(String path) {
    return path.indexOf('*') >= 0 || path.indexOf('?') >= 0 || path.indexOf('[') >= 0;
  }

  private static List<String> glob(String glob, String pattern, Configuration conf)
      throws IOException {
    Path path = new Path(glob);
    FileSystem fs = path.getFileSystem(conf);
    FileStatus[] matches = fs.globStatus(path);
    List<String> files = new ArrayList<>();
    if (matches != null) {
      for (FileStatus status : matches) {
        if (status.isFile()) {
          files.add(fs.makeQualified(status.getPath()).toString());
        }
      }
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException(
          "no file matches '" + glob + "' (from pattern '" + pattern + "'); " + EXPECTED);
    }
    files.sort(null);
    return files;
  }

  /**
   * Resolves literal paths with one listing per parent folder rather than one lookup per path, so
   * that a range of thousands of shards on an object store costs a few requests.
   */
  private static void flushLiterals(
      List<String> literals, String pattern, Configuration conf, Set<String> out)
      throws IOException {
    if (literals.isEmpty()) {
      return;
    }
    Map<Path, Map<String, FileStatus>> listings = new HashMap<>();
    List<String> missing = new ArrayList<>();
    Map<String, FileStatus> found = new LinkedHashMap<>();
    for (String literal : literals) {
      Path path = new Path(literal);
      FileSystem fs = path.getFileSystem(conf);
      Path qualified = fs.makeQualified(path);
      FileStatus status = lookup(fs, qualified, listings);
      if (status == null) {
        missing.add(literal);
      } else {
        found.put(literal, status);
      }
    }
    literals.clear();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "shard pattern '"
              + pattern
              + "' names "
              + missing.size()
              + " path(s) that do not exist, first '"
              + missing.get(0)
              + "'; "
              + EXPECTED);
    }
    for (Map.Entry<String, FileStatus> entry : found.entrySet()) {
      FileStatus status = entry.getValue();
      if (status.isDirectory()) {
        out.addAll(folder(status.getPath(), entry.getKey(), conf));
      } else {
        out.add(fs(status, conf).makeQualified(status.getPath()).toString());
      }
    }
  }

  private static FileStatus lookup(
      FileSystem fs, Path qualified, Map<Path, Map<String, FileStatus>> listings)
      throws IOException {
    Path parent = qualified.getParent();
    if (parent == null) {
      return fs.getFileStatus(qualified); // the root always exists
    }
    Map<String, FileStatus> children = listings.get(parent);
    if (children == null) {
      children = new HashMap<>();
      try {
        for (FileStatus child : fs.listStatus(parent)) {
          children.put(child.getPath().getName(), child);
        }
      } catch (FileNotFoundException e) {
        // parent missing: every child is missing
      }
      listings.put(parent, children);
    }
    return children.get(qualified.getName());
  }

  private static FileSystem fs(FileStatus status, Configuration conf) throws IOException {
    return status.getPath().getFileSystem(conf);
  }

  private static List<String> folder(Path dir, String given, Configuration conf)
      throws IOException {
    FileSystem fs = dir.getFileSystem(conf);
    List<String> shards = new ArrayList<>();
    for (FileStatus child : fs.listStatus(dir)) {
      if (child.isFile() && isShardName(child.getPath().getName())) {
        shards.add(fs.makeQualified(child.getPath()).toString());
      }
    }
    if (shards.isEmpty()) {
      throw new IllegalArgumentException(
          "folder '" + given + "' holds no .tar, .tar.gz or .tgz shards; " + EXPECTED);
    }
    shards.sort(null);
    return shards;
  }
}
