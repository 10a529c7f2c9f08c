package dev.gaze.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A {@link HookedModel} over a hooked TorchScript module (see {@link ExportedModels}), run by DJL's
 * PyTorch engine. One forward returns every output as a dictionary; the requested taps are taken
 * from it by the keys the {@link ExportManifest} names, after checking each against the manifest's
 * shape and, for attention, that it holds probabilities (non-negative, rows summing to 1 within
 * {@link #ROW_TOLERANCE}). A mismatch fails the batch with an {@link IllegalStateException} naming
 * the tap.
 *
 * <p>Thread safety: the module is only read; each call works in a sub-manager of its own.
 */
public final class TorchScriptModel extends TapRunningModel {

  /** How far a row of attention probabilities may sum from 1. */
  public static final double ROW_TOLERANCE = 1e-4;

  private final ExportManifest manifest;
  private final Model model;
  private final Block block;

  private TorchScriptModel(ModelInfo info, ExportManifest manifest, Model model) {
    super(info, model.getNDManager().getDevice());
    this.manifest = manifest;
    this.model = model;
    this.block = model.getBlock();
  }

  /** Loads the local TorchScript file {@code pt} onto {@code device}. */
  static TorchScriptModel load(
      ModelInfo info, ExportManifest manifest, java.nio.file.Path pt, Device device) {
    Model model = Model.newInstance(info.name(), device, "PyTorch");
    String file = pt.getFileName().toString();
    try {
      model.load(
          pt.toAbsolutePath().getParent(),
          file.substring(0, file.length() - ExportedModels.SUFFIX.length()),
          Map.of("mapLocation", "true"));
      return new TorchScriptModel(info, manifest, model);
    } catch (MalformedModelException | RuntimeException e) {
      model.close();
      throw new IllegalArgumentException(
          "cannot load TorchScript " + info.name() + ": " + firstLine(e), e);
    } catch (IOException e) {
      model.close();
      throw new UncheckedIOException("cannot read " + info.name() + ": " + e.getMessage(), e);
    }
  }

  private static String firstLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    return m.lines().findFirst().orElse(m);
  }

  /** The manifest the model was loaded with. */
  public ExportManifest manifest() {
    return manifest;
  }

  @Override
  NDArray run(
      NDManager manager,
      NDArray input,
      Set<String> taps,
      TapListener listener,
      Map<String, NDArray> keep) {
    ModelInputs.checkShape(info, input);
    try (NDManager scratch = manager.newSubManager()) {
      // The engine allocates the outputs in the input's manager: with the input in the scratch
      // manager, every output not handed back is freed when the call ends.
      input.tempAttach(scratch);
      NDList outputs = block.forward(new ParameterStore(scratch, false), new NDList(input), false);
      Map<String, NDArray> byKey = new HashMap<>();
      for (NDArray a : outputs) {
        byKey.put(a.getName(), a);
      }
      long batch = input.getShape().get(0);
      NDArray logits = output(byKey, manifest.logitsOutput(), "logits");
      if (!logits.getShape().equals(new Shape(batch, info.numClasses()))) {
        throw new IllegalStateException(
            "model "
                + info.name()
                + " returned logits of shape "
                + logits.getShape()
                + "; the manifest says ["
                + batch
                + ", "
                + info.numClasses()
                + "]");
      }
      for (TapSpec spec : info.taps()) {
        if (!taps.contains(spec.name())) {
          continue;
        }
        NDArray value = output(byKey, manifest.outputOf(spec.name()), spec.name());
        checkTap(spec, value, batch);
        if (keep != null) {
          keep.put(spec.name(), value);
        } else {
          listener.onTap(spec.name(), value);
        }
      }
      logits.attach(manager);
      if (keep != null) {
        keep.values().forEach(a -> a.attach(manager));
      }
      return logits;
    }
  }

  private NDArray output(Map<String, NDArray> byKey, String key, String tap) {
    NDArray value = byKey.get(key);
    if (value == null) {
      throw new IllegalStateException(
          "model "
              + info.name()
              + " returned no output '"
              + key
              + "' for tap '"
              + tap
              + "'; it returned "
              + new java.util.TreeSet<>(byKey.keySet()));
    }
    return value;
  }

  /** Checks a tap's value against its manifest entry; attention must be probabilities. */
  static void checkTap(TapSpec spec, NDArray value, long batch) {
    long[] perImage = spec.shape();
    long[] expected = new long[perImage.length + 1];
    expected[0] = batch;
    System.arraycopy(perImage, 0, expected, 1, perImage.length);
    if (!value.getShape().equals(new Shape(expected))) {
      throw new IllegalStateException(
          "tap '"
              + spec.name()
              + "' has shape "
              + value.getShape()
              + "; the manifest says "
              + new Shape(expected));
    }
    if (spec.kind() == TapKind.ATTENTION) {
      checkProbabilities(spec.name(), value);
    }
  }

  /** Fails unless every value is {@code >= 0} and every row sums to 1 within the tolerance. */
  static void checkProbabilities(String tap, NDArray attention) {
    try (NDManager temp = attention.getManager().newSubManager()) {
      NDArray a = attention.toType(DataType.FLOAT32, false);
      a.tempAttach(temp);
      NDArray sums = a.sum(new int[] {-1});
      sums.attach(temp);
      float worst = sums.sub(1f).abs().max().getFloat();
      float smallest = a.min().getFloat();
      if (!(smallest >= 0f)) {
        throw new IllegalStateException(
            "attention tap '"
                + tap
                + "' holds "
                + smallest
                + ", not probabilities: every value must be >= 0");
      }
      if (!(worst <= ROW_TOLERANCE)) {
        throw new IllegalStateException(
            "attention tap '"
                + tap
                + "' has a row summing to 1 "
                + (worst > 0 ? "+/- " : "")
                + worst
                + "; rows of attention probabilities must sum to 1 within "
                + ROW_TOLERANCE);
      }
    }
  }

  @Override
  public void close() {
    model.close();
  }
}
