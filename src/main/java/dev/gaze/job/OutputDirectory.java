package dev.gaze.job;

import dev.gaze.config.InvalidInputException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Makes a run's output appear complete or not at all, and lets an interrupted run continue.
 *
 * <p>Everything is written into a hidden staging folder beside the destination ({@code
 * .<name>.gaze-staging}); {@link #commit()} then renames it onto the destination in one step
 * (atomic on local and HDFS file systems). On object stores where rename is a copy, {@code
 * run.json}, written last, is the marker that the output is complete. A run whose driver dies
 * leaves the staging folder behind with the inference results it had committed; a later run with
 * {@code --resume} continues from them ({@link ResumeState}), and a run without it refuses to start
 * rather than reuse or delete them silently. {@link #abort()} deletes the staging folder unless it
 * holds committed inference results.
 */
public final class OutputDirectory {

  private final FileSystem fs;
  private final Path destination;
  private final Path staging;
  private final boolean overwrite;
  private final boolean resuming;

  private OutputDirectory(
      FileSystem fs, Path destination, Path staging, boolean overwrite, boolean resuming) {
    this.fs = fs;
    this.destination = destination;
    this.staging = staging;
    this.overwrite = overwrite;
    this.resuming = resuming;
  }

  /**
   * Checks that {@code out} can be written and returns a handle; creates nothing yet.
   *
   * @throws InvalidInputException when {@code out} exists (and {@code overwrite} is false) or is a
   *     file, or its parent is a file
   */
  public static OutputDirectory check(String out, boolean overwrite, Configuration conf) {
    return check(out, overwrite, false, conf);
  }

  /**
   * Checks that {@code out} can be written, or, with {@code resume}, that an interrupted run can be
   * continued into it; creates nothing yet.
   *
   * @throws InvalidInputException when {@code out} exists (and {@code overwrite} is false) or is a
   *     file, or its parent is a file; when an interrupted run's staging folder is there and
   *     neither {@code resume} nor {@code overwrite} is set (with {@code overwrite}, the run
   *     discards it)
   */
  public static OutputDirectory check(
      String out, boolean overwrite, boolean resume, Configuration conf) {
    try {
      Path destination = new Path(out);
      FileSystem fs = destination.getFileSystem(conf);
      destination = fs.makeQualified(destination);
      if (fs.exists(destination)) {
        if (!fs.getFileStatus(destination).isDirectory()) {
          throw new InvalidInputException(
              "--out " + out + " is a file; give a directory path that does not exist yet");
        }
        if (!overwrite) {
          throw new InvalidInputException(
              "--out "
                  + out
                  + (resume
                      ? " is a finished run; nothing to resume (pass --overwrite to analyse again)"
                      : " already exists; pass --overwrite or choose another directory"));
        }
      }
      Path parent = destination.getParent();
      if (parent != null && fs.exists(parent) && !fs.getFileStatus(parent).isDirectory()) {
        throw new InvalidInputException(
            "--out " + out + ": parent " + parent + " is a file, not a directory");
      }
      Path staging = new Path(parent, "." + destination.getName() + ".gaze-staging");
      boolean interrupted = fs.exists(staging);
      if (interrupted && !resume && !overwrite) {
        throw new InvalidInputException(
            "--out "
                + out
                + ": an interrupted run left "
                + staging
                + "; add --resume (with the same arguments) to continue it, or --overwrite to"
                + " discard it and start over");
      }
      return new OutputDirectory(fs, destination, staging, overwrite, interrupted);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check --out " + out + ": " + e.getMessage(), e);
    }
  }

  /** The final destination. */
  public Path destination() {
    return destination;
  }

  /** Whether the staging folder of an interrupted run is there to be continued. */
  public boolean resuming() {
    return resuming;
  }

  /** The staging folder. */
  public Path staging() {
    return staging;
  }

  /** The file system of the destination. */
  FileSystem fileSystem() {
    return fs;
  }

  /** The path of a table or file inside the staging folder. */
  public String staged(String name) {
    return new Path(staging, name).toString();
  }

  /** Writes a small UTF-8 text file (such as {@code run.json}) into the staging folder. */
  public void writeText(String name, String text) {
    try (OutputStream out = fs.create(new Path(staging, name), true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + name + ": " + e.getMessage(), e);
    }
  }

  /** Deletes a staged entry (for example an intermediate table). */
  public void deleteStaged(String name) {
    try {
      fs.delete(new Path(staging, name), true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + name + ": " + e.getMessage(), e);
    }
  }

  /** Moves the staging folder onto the destination, replacing it when overwriting. */
  public void commit() {
    try {
      Path old = null;
      if (fs.exists(destination)) {
        if (!overwrite) {
          throw new IllegalStateException(destination + " appeared while the run was writing");
        }
        old = new Path(staging.getParent(), staging.getName() + ".old");
        rename(destination, old);
      }
      rename(staging, destination);
      if (old != null) {
        fs.delete(old, true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot commit " + destination + ": " + e.getMessage(), e);
    }
  }

  private void rename(Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("rename " + from + " -> " + to + " failed");
    }
  }

  /**
   * Deletes the staging folder, unless {@code keep} (it holds committed inference results, which a
   * run with {@code --resume} can reuse); the destination is left as it was.
   */
  public void abort(boolean keep) {
    if (keep) {
      return;
    }
    try {
      fs.delete(staging, true);
    } catch (IOException e) {
      // Nothing more can be done; the staging folder is hidden and named as such.
    }
  }

  /** Deletes the staging folder; the destination is left as it was. */
  public void abort() {
    abort(false);
  }
}
