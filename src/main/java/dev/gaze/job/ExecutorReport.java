package dev.gaze.job;

import java.io.Serializable;
import java.util.List;

/**
 * What one executor reported to {@link ClusterProbe}: where it is, what Spark gave its task, and
 * what the PyTorch engine can do there.
 *
 * @param executorId Spark's executor id ({@code driver} in local mode)
 * @param host the executor's host
 * @param gpus the {@code gpu} addresses Spark assigned the probing task, maybe empty
 * @param device the device an inference task would use there, or {@code -} when none can be chosen
 * @param libtorch libtorch's version
 * @param flavor libtorch's flavour ({@code cpu}, {@code cu124}, ...)
 * @param cuda whether the engine can use CUDA
 * @param gpuName the assigned GPU's name from nvidia-smi, or {@code -}
 * @param gpuMemoryMib the assigned GPU's total memory in MiB, or -1 when unknown
 * @param problem why {@code analyze} would fail there, or null
 * @param note something worth knowing that does not make {@code analyze} fail, or null
 */
public record ExecutorReport(
    String executorId,
    String host,
    List<String> gpus,
    String device,
    String libtorch,
    String flavor,
    boolean cuda,
    String gpuName,
    long gpuMemoryMib,
    String problem,
    String note)
    implements Serializable {

  /** Copies {@code gpus}. */
  public ExecutorReport {
    gpus = List.copyOf(gpus);
  }
}
