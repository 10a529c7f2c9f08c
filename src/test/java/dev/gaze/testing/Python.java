package dev.gaze.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's Python 3 with PyTorch and torchvision (installed by {@code jobs/setup}): the
 * exporter {@code tools/export_hooked.py} and the independent reference computations in {@code
 * src/test/python/reference.py}. Exports land in {@code target/exports/}, made once per build.
 */
public final class Python {

  /** Where exported test models go (never committed). */
  public static final Path EXPORTS = Path.of("target", "exports");

  private static final Path EXPORTER = Path.of("tools", "export_hooked.py");

  private Python() {}

  /** The interpreter: {@code $GAZE_PYTHON}, else Debian's {@code /usr/bin/python3}. */
  public static String interpreter() {
    String env = System.getenv("GAZE_PYTHON");
    return env != null && !env.isBlank() ? env : "/usr/bin/python3";
  }

  /**
   * Runs the interpreter with {@code args}; returns stdout.
   *
   * @throws IllegalStateException with stderr when it exits non-zero
   */
  public static String run(String... args) {
    List<String> command = new ArrayList<>();
    command.add(interpreter());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment()
        .put("PYTHONPATH", Path.of("src", "test", "python").toAbsolutePath().toString());
    pb.environment().put("OMP_NUM_THREADS", "2");
    pb.environment().put("PYTHONWARNINGS", "ignore");
    try {
      Path err = Files.createTempFile("gaze-python", ".err");
      pb.redirectError(err.toFile());
      Process p = pb.start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException("python timed out: " + command);
      }
      String stderr = Files.readString(err);
      Files.deleteIfExists(err);
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            "python exited "
                + p.exitValue()
                + " (run jobs/setup for python3-torch and python3-torchvision): "
                + command
                + "\n"
                + stderr);
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A random-weight torchvision resnet18, exported once per build. */
  public static synchronized Path resnet18() {
    return export("resnet18", "torchvision:resnet18");
  }

  /**
   * A small random-weight torchvision VisionTransformer ({@code src/test/python/tiny_vit.py}: 224
   * input, patch 32 on a 7x7 grid, width 64, 2 blocks of 4 heads, 10 classes).
   */
  public static synchronized Path tinyVit() {
    return export("tiny-vit", "--module", "tiny_vit:build");
  }

  private static Path export(String name, String... source) {
    Path pt = EXPORTS.resolve(name + ".pt");
    Path manifest = EXPORTS.resolve(name + ".manifest.json");
    try {
      if (Files.exists(manifest)
          && Files.getLastModifiedTime(manifest).compareTo(Files.getLastModifiedTime(EXPORTER))
              > 0) {
        return pt;
      }
      Files.createDirectories(EXPORTS);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    List<String> args = new ArrayList<>();
    args.add(EXPORTER.toString());
    args.addAll(List.of(source));
    args.add("--out");
    args.add(pt.toString());
    run(args.toArray(new String[0]));
    return pt;
  }

  /** Writes floats little-endian, as NumPy's {@code fromfile(dtype="<f4")} reads them. */
  public static void writeFloats(Path file, float[] values) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(values);
    Files.write(file, buffer.array());
  }

  /** Reads floats written little-endian by NumPy's {@code tofile}. */
  public static float[] readFloats(Path file) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    float[] values = new float[buffer.remaining() / 4];
    buffer.asFloatBuffer().get(values);
    return values;
  }
}
