package dev.gaze.model;

import ai.djl.Device;
import org.apache.hadoop.conf.Configuration;

/**
 * Every model a run can name: a built-in one ({@link BuiltinModels}) or a hooked TorchScript file
 * ending in {@code .pt} ({@link ExportedModels}). The job asks this class and never which kind it
 * has.
 */
public final class Models {

  private Models() {}

  /**
   * The model's description: static for a built-in, from the manifest for an exported file.
   *
   * @throws IllegalArgumentException naming the valid models, or the problem with the file
   */
  public static ModelInfo describe(String model, Configuration conf) {
    if (ExportedModels.isExported(model)) {
      return ExportedModels.describe(model, conf);
    }
    if (BuiltinModels.describe(model).isEmpty()) {
      throw new IllegalArgumentException(
          "unknown model '"
              + model
              + "'; valid: "
              + String.join(", ", BuiltinModels.all().stream().map(ModelInfo::name).toList())
              + ", or a .pt file written by tools/export_hooked.py");
    }
    return BuiltinModels.require(model);
  }

  /**
   * Loads a model onto a device; an exported file is read through Hadoop's file systems with the
   * default configuration (the executor's).
   *
   * @throws IllegalArgumentException for an unknown model, a bad file, or fp16 with an exported
   *     model
   */
  public static HookedModel load(String model, Device device, Precision precision) {
    if (ExportedModels.isExported(model)) {
      requireFp32(model, precision);
      return ExportedModels.load(model, device, false, new Configuration());
    }
    return BuiltinModels.load(model, device, precision);
  }

  /**
   * Exported models run in fp32 only.
   *
   * @throws IllegalArgumentException otherwise
   */
  public static void requireFp32(String model, Precision precision) {
    if (ExportedModels.isExported(model) && precision != Precision.FP32) {
      throw new IllegalArgumentException(
          "--precision "
              + precision.label()
              + " is not supported for TorchScript models (export in half precision instead);"
              + " valid: fp32");
    }
  }
}
