package dev.gaze.job;

import ai.djl.Device;
import java.util.List;

/**
 * Picks the device a task runs its model on from the GPU addresses Spark's resource scheduling
 * assigned it: the first assigned GPU when the engine has CUDA and that GPU, else the CPU. DJL's
 * default device would put every task on GPU 0; this is what keeps each task on its own GPU.
 */
public final class GpuAssignment {

  /** The conf key that makes a missing GPU an error instead of a fallback to the CPU. */
  public static final String REQUIRE_GPU_CONF = "spark.gaze.requireGpu";

  private GpuAssignment() {}

  /**
   * The device for a task.
   *
   * @param assigned the task's {@code gpu} addresses from {@code TaskContext.resources()}, maybe
   *     empty
   * @param cudaGpus how many GPUs the engine sees (0 without CUDA natives or driver)
   * @param requireGpu whether falling back to the CPU is an error
   * @throws IllegalStateException with one line naming what is missing, when {@code requireGpu} and
   *     no usable GPU is assigned, or when an assigned address is not a GPU the engine sees
   */
  public static Device choose(List<String> assigned, int cudaGpus, boolean requireGpu) {
    if (assigned.isEmpty()) {
      if (requireGpu) {
        throw new IllegalStateException(
            "GPU required (--require-gpu or "
                + REQUIRE_GPU_CONF
                + ") but Spark assigned this task no GPU: set spark.executor.resource.gpu.amount"
                + " and spark.task.resource.gpu.amount (see conf/gpu-cluster.conf)");
      }
      return Device.cpu();
    }
    if (cudaGpus <= 0) {
      if (requireGpu) {
        throw new IllegalStateException(
            "GPU required (--require-gpu or "
                + REQUIRE_GPU_CONF
                + ") and Spark assigned GPU "
                + String.join(",", assigned)
                + ", but the PyTorch engine has no CUDA: put a pytorch-native-cu* jar on the"
                + " class path or set PYTORCH_LIBRARY_PATH to CUDA libtorch (see docs/clusters.md)");
      }
      return Device.cpu();
    }
    String address = assigned.get(0);
    int id;
    try {
      id = Integer.parseInt(address.strip());
    } catch (NumberFormatException e) {
      throw new IllegalStateException(
          "Spark assigned GPU address '"
              + address
              + "', which is not a GPU index; the discovery script must print indices such as"
              + " \"0\", \"1\"",
          e);
    }
    if (id < 0 || id >= cudaGpus) {
      throw new IllegalStateException(
          "Spark assigned GPU "
              + id
              + " but the engine sees "
              + cudaGpus
              + " GPU(s), 0 to "
              + (cudaGpus - 1)
              + ": the discovery script and CUDA_VISIBLE_DEVICES disagree");
    }
    return Device.gpu(id);
  }
}
