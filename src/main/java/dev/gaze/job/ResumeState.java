package dev.gaze.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gaze.config.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What an analysis has committed in its staging folder, so that a run with {@code --resume} can
 * continue it: {@value #FILE} (the run's fingerprint, the input's partition count and which
 * inference table is staged), and the staged inference table itself, laid out one folder per input
 * partition ({@code split=N}). Each task's rows appear in their folder when the task commits
 * (Hadoop's version-2 file committer moves a task's files into place at task commit, not at job
 * commit), so a folder that is there holds the whole of its partition, whatever happened to the
 * driver afterwards.
 */
final class ResumeState {

  /** The file in the staging folder that identifies the run. */
  static final String FILE = "resume.json";

  /** The partition column of the staged inference table. */
  static final String SPLIT = "split";

  private final FileSystem fs;
  private final Path table;
  private final SortedSet<Integer> committed;

  private ResumeState(FileSystem fs, Path table, SortedSet<Integer> committed) {
    this.fs = fs;
    this.table = table;
    this.committed = committed;
  }

  /**
   * Checks, before anything runs, that the interrupted run in {@code out}'s staging folder is this
   * run: same fingerprint and same staged table. Does nothing when there is none to resume.
   *
   * @throws InvalidInputException naming the first difference
   */
  static void check(OutputDirectory out, RunFingerprint fingerprint, String staged) {
    Optional<JsonNode> saved = read(out);
    if (saved.isEmpty()) {
      return;
    }
    String refusal = "cannot --resume into " + out.destination() + ": ";
    String remedy = "; rerun with the interrupted run's arguments, or delete " + out.staging();
    RunFingerprint before;
    try {
      before = RunFingerprint.fromJson(saved.get().get("fingerprint"));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(refusal + FILE + " is unreadable (" + e.getMessage() + ")");
    }
    Optional<String> difference = fingerprint.firstDifference(before);
    if (difference.isPresent()) {
      throw new InvalidInputException(
          refusal + difference.get() + " (now vs interrupted run)" + remedy);
    }
    String table = saved.get().path("staged").asText();
    if (!table.equals(staged)) {
      throw new InvalidInputException(
          refusal
              + "the interrupted run staged "
              + table
              + ", this one stages "
              + staged
              + " (--keep-per-image differs)"
              + remedy);
    }
  }

  /**
   * Opens the staging folder for a run over {@code partitions} input partitions: on resume, checks
   * the partition count and finds the committed partitions; otherwise records the run in {@value
   * #FILE}.
   */
  static ResumeState open(
      OutputDirectory out, RunFingerprint fingerprint, String staged, int partitions) {
    FileSystem fs = out.fileSystem();
    Path table = new Path(out.staged(staged));
    try {
      Optional<JsonNode> saved = out.resuming() ? read(out) : Optional.empty();
      if (saved.isPresent()) {
        check(out, fingerprint, staged);
        int before = saved.get().path("partitions").asInt(-1);
        if (before != partitions) {
          throw new InvalidInputException(
              "cannot --resume into "
                  + out.destination()
                  + ": the data is read in "
                  + partitions
                  + " partitions now and was in "
                  + before
                  + "; give the interrupted run's --partitions (and Spark settings)");
        }
        return new ResumeState(fs, table, committed(fs, table));
      }
      if (out.resuming() || fs.exists(out.staging())) {
        // A staging folder from before the inference started, or one --overwrite discards.
        fs.delete(out.staging(), true);
      }
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("fingerprint", fingerprint.toJson());
      json.put("partitions", partitions);
      json.put("staged", staged);
      out.writeText(FILE, new ObjectMapper().writeValueAsString(json));
      return new ResumeState(fs, table, new TreeSet<>());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + out.staging() + ": " + e.getMessage(), e);
    }
  }

  /** The input partitions whose inference rows are committed, in order. */
  SortedSet<Integer> committed() {
    return committed;
  }

  /** Whether the staged table holds any committed partition now. */
  boolean holdsResults() {
    try {
      return !committed(fs, table).isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  private static SortedSet<Integer> committed(FileSystem fs, Path table) throws IOException {
    SortedSet<Integer> splits = new TreeSet<>();
    if (!fs.exists(table)) {
      return splits;
    }
    for (FileStatus folder : fs.listStatus(table)) {
      String name = folder.getPath().getName();
      if (!folder.isDirectory() || !name.startsWith(SPLIT + "=")) {
        continue;
      }
      boolean hasData = false;
      for (FileStatus f : fs.listStatus(folder.getPath())) {
        String file = f.getPath().getName();
        hasData |= f.isFile() && file.endsWith(".parquet") && !file.startsWith(".");
      }
      if (hasData) {
        splits.add(Integer.parseInt(name.substring(SPLIT.length() + 1)));
      }
    }
    return splits;
  }

  private static Optional<JsonNode> read(OutputDirectory out) {
    Path file = new Path(out.staging(), FILE);
    try {
      FileSystem fs = out.fileSystem();
      if (!fs.exists(file)) {
        return Optional.empty();
      }
      try (InputStream in = fs.open(file)) {
        return Optional.of(
            new ObjectMapper().readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      }
    } catch (IOException e) {
      throw new InvalidInputException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
