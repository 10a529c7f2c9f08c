package dev.gaze.model;

import ai.djl.Device;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link HookedModel} per (model name, device, precision) per JVM, loaded on first use and
 * shared by every task of an executor; all are closed when the JVM shuts down.
 */
public final class ModelCache {

  private record Key(String name, Device device, Precision precision) {}

  private static final Map<Key, HookedModel> MODELS = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(ModelCache::closeAll, "gaze-model-cache-close"));
  }

  private ModelCache() {}

  /**
   * The shared instance of a built-in model on a device, loading it on the first call. Concurrent
   * first calls load it once; the others wait for it.
   *
   * @throws IllegalArgumentException if there is no built-in model of that name
   */
  public static HookedModel get(String name, Device device) {
    return get(name, device, Precision.FP32);
  }

  /**
   * The shared instance of a model (a built-in name, or an exported {@code .pt} file: see {@link
   * Models}) on a device with its parameters in {@code precision}, loading it on the first call;
   * one instance per (name, device, precision) and JVM.
   *
   * @throws IllegalArgumentException if there is no built-in model of that name
   */
  public static HookedModel get(String name, Device device, Precision precision) {
    if (!ExportedModels.isExported(name)) {
      BuiltinModels.require(name);
    }
    return MODELS.computeIfAbsent(
        new Key(name, device, precision), k -> Models.load(k.name, k.device, k.precision));
  }

  /**
   * Starts loading what {@link #get(String, Device, Precision)} would load, on a daemon thread, and
   * returns at once: a driver that runs its tasks itself (Spark's local mode) loads the model while
   * Spark plans the job, and its first task finds the model loaded or waits for the load under way.
   * A load that fails is left for the task's own {@code get} to report.
   */
  public static void preload(String name, Device device, Precision precision) {
    Thread loader =
        new Thread(
            () -> {
              try {
                get(name, device, precision);
              } catch (RuntimeException e) {
                // The first task's get loads again and fails with the same message, in the job.
              }
            },
            "gaze-model-preload");
    loader.setDaemon(true);
    loader.start();
  }

  /**
   * Test hook: puts {@code model} in the cache under {@code name} on {@code device} in fp32
   * (removing the entry when null) and returns what was there, so that a test can run the job with
   * modified weights and put the original back. Nothing is closed.
   */
  static HookedModel swapForTest(String name, Device device, HookedModel model) {
    Key key = new Key(name, device, Precision.FP32);
    return model == null ? MODELS.remove(key) : MODELS.put(key, model);
  }

  private static void closeAll() {
    MODELS.values().forEach(HookedModel::close);
    MODELS.clear();
  }
}
