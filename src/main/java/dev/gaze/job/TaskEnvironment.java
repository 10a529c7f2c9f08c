package dev.gaze.job;

import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/** What a running task knows about where it is: its executor, host and assigned GPUs. */
final class TaskEnvironment {

  private TaskEnvironment() {}

  /** The task's {@code gpu} addresses, empty outside a task or when none was assigned. */
  static List<String> assignedGpus() {
    TaskContext task = TaskContext.get();
    if (task == null) {
      return List.of();
    }
    scala.Option<ResourceInformation> gpu = task.resources().get("gpu");
    return gpu.isDefined() ? Arrays.asList(gpu.get().addresses()) : List.of();
  }

  /** The executor's id, or {@code driver}. */
  static String executorId() {
    SparkEnv env = SparkEnv.get();
    return env == null ? "driver" : env.executorId();
  }

  /** The executor's host as Spark's block manager knows it. */
  static String host() {
    SparkEnv env = SparkEnv.get();
    if (env == null || env.blockManager() == null) {
      return "localhost";
    }
    return env.blockManager().blockManagerId().host();
  }

  /**
   * How many GPUs the PyTorch engine can use: 0 when its libtorch is a CPU build (the CPU native
   * jar) or no CUDA driver is present, whatever GPUs the machine has.
   */
  static int cudaGpus() {
    Engine engine = Engine.getEngine("PyTorch");
    return engine.hasCapability(StandardCapabilities.CUDA) ? engine.getGpuCount() : 0;
  }

  /** The placement record of the running task on {@code device}. */
  static TaskPlacement placement(List<String> gpus, String device) {
    TaskContext task = TaskContext.get();
    int partition = task == null ? -1 : task.partitionId();
    int attempt = task == null ? 0 : task.attemptNumber();
    return new TaskPlacement(executorId(), host(), partition, attempt, gpus, device);
  }
}
