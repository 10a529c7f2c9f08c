package dev.gaze.job;

import dev.gaze.config.AnalysisConfig;
import dev.gaze.image.InputSpec;
import dev.gaze.model.BuiltinModels;
import dev.gaze.model.ExportedModels;
import dev.gaze.model.ModelInfo;
import dev.gaze.source.ClassNames;
import dev.gaze.source.DatasetFormat;
import dev.gaze.source.DatasetPlan;
import dev.gaze.source.ImageFolderEntry;
import dev.gaze.source.Split;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Computes a run's {@link RunFingerprint} on the driver from its checked configuration: hashes the
 * model (a built-in's weights once per JVM) and lists the dataset's units with their sizes and
 * modification times, one directory listing per folder rather than one call per shard.
 */
public final class Fingerprints {

  private static final Map<String, String> BUILTIN_HASHES = new ConcurrentHashMap<>();

  private Fingerprints() {}

  /**
   * The fingerprint of a run of {@code model} with {@code taps} over {@code plan}.
   *
   * @param modelSha256 the exported file's SHA-256 when already known (its manifest's, checked
   *     against the file), else {@code null}; ignored for a built-in model
   * @throws UncheckedIOException when a file cannot be listed or read
   */
  public static RunFingerprint of(
      AnalysisConfig config,
      ModelInfo model,
      String modelSha256,
      List<String> taps,
      DatasetPlan plan,
      ClassNames classNames,
      Configuration conf) {
    boolean builtin = !ExportedModels.isExported(model.name());
    String sha;
    if (builtin) {
      sha = BUILTIN_HASHES.computeIfAbsent(model.name(), Fingerprints::builtinWeightsHash);
    } else {
      sha =
          modelSha256 != null ? modelSha256 : ExportedModels.manifest(model.name(), conf).sha256();
    }
    InputSpec in = model.input();
    RunFingerprint.Preprocessing pre =
        new RunFingerprint.Preprocessing(
            in.channels(),
            in.height(),
            in.width(),
            in.resizeTo(),
            in.policy().name().toLowerCase(Locale.ROOT),
            in.interpolation().label(),
            RunFingerprint.boxed(in.mean()),
            RunFingerprint.boxed(in.std()),
            config.maxPixels());
    List<String> names = new ArrayList<>();
    for (int i = 0; i < classNames.size(); i++) {
      names.add(classNames.nameOf(i));
    }
    return new RunFingerprint(
        RunFingerprint.STATISTICS_VERSION,
        new RunFingerprint.ModelIdentity(model.name(), builtin, sha),
        taps,
        pre,
        config.precision().label(),
        names,
        listing(config, plan, conf));
  }

  /** The listing of the dataset a run reads. */
  static List<RunFingerprint.Entry> listing(
      AnalysisConfig config, DatasetPlan plan, Configuration conf) {
    try {
      if (plan.format() == DatasetFormat.WEBDATASET) {
        List<String> shards = new ArrayList<>();
        for (Split s : plan.splits()) {
          shards.addAll(s.shards());
        }
        return shards(shards, conf);
      }
      if (plan.format() == DatasetFormat.IMAGEFOLDER) {
        List<ImageFolderEntry> files = new ArrayList<>();
        for (Split s : plan.splits()) {
          files.addAll(s.files());
        }
        return classFolders(files, conf);
      }
      return parquetFiles(config.data(), conf);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot list " + config.data() + " for the run's fingerprint: " + e.getMessage(), e);
    }
  }

  /** One entry per shard, statted by listing each shard's folder once. */
  private static List<RunFingerprint.Entry> shards(List<String> shards, Configuration conf)
      throws IOException {
    Map<Path, Map<Path, FileStatus>> byFolder = new HashMap<>();
    List<RunFingerprint.Entry> out = new ArrayList<>();
    for (String shard : shards) {
      Path path = new Path(shard);
      FileSystem fs = path.getFileSystem(conf);
      Path qualified = fs.makeQualified(path);
      Map<Path, FileStatus> folder =
          byFolder.computeIfAbsent(qualified.getParent(), p -> listFolder(fs, p));
      FileStatus status = folder.get(qualified);
      if (status == null) {
        status = fs.getFileStatus(qualified);
      }
      out.add(
          RunFingerprint.Entry.file(
              "shard", qualified.toString(), status.getLen(), status.getModificationTime()));
    }
    return out;
  }

  private static Map<Path, FileStatus> listFolder(FileSystem fs, Path folder) {
    try {
      Map<Path, FileStatus> m = new HashMap<>();
      for (FileStatus s : fs.listStatus(folder)) {
        m.put(fs.makeQualified(s.getPath()), s);
      }
      return m;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
    }
  }

  /**
   * One entry per ImageFolder class folder: its files' count, total size and newest modification
   * time, and a SHA-256 over each file's relative path, size and time (in path order), so that a
   * renamed, replaced or touched file changes it while the listing stays one entry per class.
   */
  private static List<RunFingerprint.Entry> classFolders(
      List<ImageFolderEntry> files, Configuration conf) throws IOException {
    Map<String, List<ImageFolderEntry>> byClass = new LinkedHashMap<>();
    for (ImageFolderEntry e : files) {
      String key = e.key();
      String folder = e.path().substring(0, e.path().length() - key.length()) + key.split("/")[0];
      byClass.computeIfAbsent(folder, k -> new ArrayList<>()).add(e);
    }
    List<RunFingerprint.Entry> out = new ArrayList<>();
    for (Map.Entry<String, List<ImageFolderEntry>> c : byClass.entrySet()) {
      Path folder = new Path(c.getKey());
      FileSystem fs = folder.getFileSystem(conf);
      Map<String, FileStatus> listed = new HashMap<>();
      for (FileStatus s : filesBelow(fs, fs.makeQualified(folder))) {
        listed.put(fs.makeQualified(s.getPath()).toString(), s);
      }
      TreeMap<String, FileStatus> ordered = new TreeMap<>();
      for (ImageFolderEntry e : c.getValue()) {
        FileStatus s = listed.get(e.path());
        ordered.put(e.key(), s != null ? s : fs.getFileStatus(new Path(e.path())));
      }
      long size = 0;
      long newest = 0;
      StringBuilder text = new StringBuilder();
      for (Map.Entry<String, FileStatus> f : ordered.entrySet()) {
        size += f.getValue().getLen();
        newest = Math.max(newest, f.getValue().getModificationTime());
        text.append(f.getKey())
            .append('\t')
            .append(f.getValue().getLen())
            .append('\t')
            .append(f.getValue().getModificationTime())
            .append('\n');
      }
      out.add(
          new RunFingerprint.Entry(
              "folder",
              c.getKey(),
              size,
              newest,
              ordered.size(),
              RunFingerprint.sha256(text.toString())));
    }
    return out;
  }

  /**
   * The files Spark reads for {@code spark.read().option("pathGlobFilter", "*.parquet")
   * .parquet(data)}: the glob's matches, folders walked recursively, skipping names that start with
   * {@code _} or {@code .} (Spark's hidden files), keeping names that end in {@code .parquet}.
   */
  private static List<RunFingerprint.Entry> parquetFiles(String data, Configuration conf)
      throws IOException {
    Path path = new Path(data);
    FileSystem fs = path.getFileSystem(conf);
    FileStatus[] matches = fs.globStatus(path);
    TreeMap<String, FileStatus> files = new TreeMap<>();
    if (matches != null) {
      for (FileStatus m : matches) {
        if (m.isFile()) {
          files.put(fs.makeQualified(m.getPath()).toString(), m);
          continue;
        }
        Path root = fs.makeQualified(m.getPath());
        for (FileStatus s : filesBelow(fs, root)) {
          Path p = fs.makeQualified(s.getPath());
          if (p.getName().endsWith(".parquet") && !hiddenBelow(root, p)) {
            files.put(p.toString(), s);
          }
        }
      }
    }
    return files.values().stream()
        .map(
            s ->
                RunFingerprint.Entry.file(
                    "file",
                    fs.makeQualified(s.getPath()).toString(),
                    s.getLen(),
                    s.getModificationTime()))
        .collect(Collectors.toList());
  }

  /**
   * The files below {@code root}, walked with {@code listStatus}. Not {@code FileSystem.listFiles}:
   * its {@code LocatedFileStatus} copies each file's permissions, and Hadoop's local file system
   * without its native library reads those by starting a {@code stat} process per file (9.5 s for
   * 2,048 photos on the 2-core build machine, before the run could start).
   */
  private static List<FileStatus> filesBelow(FileSystem fs, Path root) throws IOException {
    List<FileStatus> files = new ArrayList<>();
    ArrayDeque<Path> todo = new ArrayDeque<>(List.of(root));
    while (!todo.isEmpty()) {
      for (FileStatus child : fs.listStatus(todo.pop())) {
        if (child.isDirectory()) {
          todo.push(child.getPath());
        } else {
          files.add(child);
        }
      }
    }
    return files;
  }

  private static boolean hiddenBelow(Path root, Path file) {
    for (Path p = file; p != null && !p.equals(root); p = p.getParent()) {
      String name = p.getName();
      if (name.startsWith("_") || name.startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private static String builtinWeightsHash(String name) {
    String resource = BuiltinModels.weightsResource(name);
    try (InputStream raw = Fingerprints.class.getResourceAsStream(resource)) {
      if (raw == null) {
        throw new IllegalStateException(
            "weights of '" + name + "' missing from the class path: " + resource);
      }
      DigestInputStream in = new DigestInputStream(raw, MessageDigest.getInstance("SHA-256"));
      byte[] buffer = new byte[1 << 16];
      while (in.read(buffer) >= 0) {
        // digesting
      }
      return HexFormat.of().formatHex(in.getMessageDigest().digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read weights of '" + name + "'", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
