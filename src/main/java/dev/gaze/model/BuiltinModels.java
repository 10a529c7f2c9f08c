package dev.gaze.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The registry of built-in models. Their descriptions are static (no engine is needed to list or
 * validate them); loading reads the weights committed as class path resources.
 */
public final class BuiltinModels {

  /** Where {@code demo-cnn}'s committed parameters live on the class path. */
  public static final String DEMO_CNN_RESOURCE = "/dev/gaze/models/demo-cnn/demo-cnn.params";

  /** Where {@code demo-vit}'s committed parameters live on the class path. */
  public static final String DEMO_VIT_RESOURCE = "/dev/gaze/models/demo-vit/demo-vit.params";

  private static final List<ModelInfo> ALL = List.of(DemoCnn.info(), DemoVit.info());

  private BuiltinModels() {}

  /** Every built-in model, in a stable order. */
  public static List<ModelInfo> all() {
    return ALL;
  }

  /** The built-in model of that name, if there is one. Starts no engine. */
  public static Optional<ModelInfo> describe(String name) {
    return ALL.stream().filter(m -> m.name().equals(name)).findFirst();
  }

  /**
   * Loads a built-in model with its committed weights onto a device.
   *
   * @throws IllegalArgumentException if there is no built-in model of that name
   */
  public static HookedModel load(String name, Device device) {
    return load(name, device, Precision.FP32);
  }

  /**
   * Loads a built-in model with its committed weights onto a device, its parameters cast to {@code
   * precision}; the caller feeds it input of {@link Precision#dataType()}.
   *
   * @throws IllegalArgumentException if there is no built-in model of that name
   */
  public static HookedModel load(String name, Device device, Precision precision) {
    ModelInfo info = require(name);
    String resource = weightsResource(name);
    try (InputStream in = BuiltinModels.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "weights of '" + info.name() + "' missing from the class path: " + resource);
      }
      return load(info, in, device, precision);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read weights of '" + name + "'", e);
    }
  }

  /**
   * The class path resource holding a built-in model's committed weights.
   *
   * @throws IllegalArgumentException if there is no built-in model of that name
   */
  public static String weightsResource(String name) {
    return require(name).name().equals(DemoVit.NAME) ? DEMO_VIT_RESOURCE : DEMO_CNN_RESOURCE;
  }

  /**
   * Loads a built-in model's architecture with parameters from a file written by {@code
   * Block.saveParameters} (for example by {@code DemoTrainer}).
   *
   * @throws IllegalArgumentException if there is no built-in model of that name, or the file does
   *     not hold parameters of that architecture
   */
  public static HookedModel load(String name, Path parameters, Device device) {
    ModelInfo info = require(name);
    try (InputStream in = Files.newInputStream(parameters)) {
      return load(info, in, device, Precision.FP32);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read parameters " + parameters, e);
    }
  }

  /**
   * A fresh, uninitialised block with the architecture of the built-in model of that name (what
   * training starts from).
   *
   * @throws IllegalArgumentException if there is no built-in model of that name
   */
  public static Block newBlock(String name) {
    ModelInfo info = require(name);
    return info.name().equals(DemoVit.NAME) ? DemoVit.newBlock() : DemoCnn.newBlock();
  }

  private static HookedModel load(
      ModelInfo info, InputStream in, Device device, Precision precision) throws IOException {
    Block block = newBlock(info.name());
    NDManager manager = NDManager.newBaseManager(device);
    try {
      block.loadParameters(manager, new DataInputStream(new BufferedInputStream(in)));
      if (precision != Precision.FP32) {
        block.cast(precision.dataType());
      }
      return block instanceof VisionTransformer vit
          ? new BuiltinVit(info, vit, manager)
          : new BuiltinCnn(info, (SequentialBlock) block, manager);
    } catch (MalformedModelException e) {
      manager.close();
      throw new IllegalArgumentException(
          "not parameters of '" + info.name() + "': " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /**
   * The built-in model of that name.
   *
   * @throws IllegalArgumentException naming the valid models if there is none of that name
   */
  public static ModelInfo require(String name) {
    return describe(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown model '"
                        + name
                        + "'; valid: "
                        + String.join(", ", ALL.stream().map(ModelInfo::name).toList())));
  }
}
