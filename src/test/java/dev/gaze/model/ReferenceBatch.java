package dev.gaze.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gaze.image.InputSpec;
import dev.gaze.testing.Python;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch of standard normal images of an input spec, written as {@code input.f32} to a fresh
 * folder under {@link Python#EXPORTS} so that {@code src/test/python/reference.py} computes on the
 * same input as the Java side.
 */
final class ReferenceBatch {

  private static final String SCRIPT = "src/test/python/reference.py";

  private final InputSpec spec;
  private final int batch;
  private final float[] values;
  private final Path dir;

  private ReferenceBatch(InputSpec spec, int batch, float[] values, Path dir) {
    this.spec = spec;
    this.batch = batch;
    this.values = values;
    this.dir = dir;
  }

  /**
   * Draws {@code batch} images of {@code spec} from {@code new Random(seed)} (see {@link
   * HookedModelChecks#gaussian}) and writes them to a new folder whose name starts with {@code
   * prefix}.
   */
  static ReferenceBatch write(InputSpec spec, int batch, long seed, String prefix)
      throws IOException {
    float[] values = HookedModelChecks.gaussian(batch * spec.size(), seed);
    Path dir = Files.createTempDirectory(Python.EXPORTS.toAbsolutePath(), prefix);
    Python.writeFloats(dir.resolve("input.f32"), values);
    return new ReferenceBatch(spec, batch, values, dir);
  }

  /** The folder holding {@code input.f32} and what the reference writes. */
  Path dir() {
    return dir;
  }

  /** The batch as a {@code [batch, channels, height, width]} array of {@code manager}. */
  NDArray array(NDManager manager) {
    return HookedModelChecks.batchOf(manager, spec, batch, values);
  }

  /**
   * Runs {@code reference.py MODE PT INPUT BATCH CHANNELS HEIGHT WIDTH OUT} on this batch and reads
   * the JSON it writes to {@code out.json} in {@link #dir()}.
   */
  JsonNode reference(String mode, Path pt) throws IOException {
    return reference(List.of(mode, pt.toString()), List.of(), "out.json");
  }

  /**
   * Runs {@code reference.py LEAD... INPUT BATCH CHANNELS HEIGHT WIDTH TRAIL... RESULT}, INPUT
   * being this batch's file and RESULT the file {@code result} in {@link #dir()}, and reads the
   * JSON it writes there.
   */
  JsonNode reference(List<String> lead, List<String> trail, String result) throws IOException {
    List<String> args = new ArrayList<>();
    args.add(SCRIPT);
    args.addAll(lead);
    args.add(dir.resolve("input.f32").toString());
    args.add(Integer.toString(batch));
    args.add(Integer.toString(spec.channels()));
    args.add(Integer.toString(spec.height()));
    args.add(Integer.toString(spec.width()));
    args.addAll(trail);
    args.add(dir.resolve(result).toString());
    Python.run(args.toArray(new String[0]));
    return new ObjectMapper().readTree(dir.resolve(result).toFile());
  }
}
