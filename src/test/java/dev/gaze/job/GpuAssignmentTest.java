package dev.gaze.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import dev.gaze.model.Precision;
import java.util.List;
import org.junit.jupiter.api.Test;

class GpuAssignmentTest {

  @Test
  void assignedGpuIsUsedWhenTheEngineHasCuda() {
    assertThat(GpuAssignment.choose(List.of("1"), 2, false)).isEqualTo(Device.gpu(1));
    assertThat(GpuAssignment.choose(List.of("0"), 2, true)).isEqualTo(Device.gpu(0));
  }

  @Test
  void cpuWithoutGpuOrCudaUnlessRequired() {
    assertThat(GpuAssignment.choose(List.of(), 2, false)).isEqualTo(Device.cpu());
    assertThat(GpuAssignment.choose(List.of("1"), 0, false)).isEqualTo(Device.cpu());
    assertThatThrownBy(() -> GpuAssignment.choose(List.of(), 2, true))
        .hasMessageContaining("spark.task.resource.gpu.amount");
    assertThatThrownBy(() -> GpuAssignment.choose(List.of("1"), 0, true))
        .hasMessageContaining("no CUDA")
        .hasMessageContaining("PYTORCH_LIBRARY_PATH");
  }

  @Test
  void addressesTheEngineDoesNotSeeAreRefused() {
    assertThatThrownBy(() -> GpuAssignment.choose(List.of("3"), 2, false))
        .hasMessageContaining("GPU 3")
        .hasMessageContaining("0 to 1");
    assertThatThrownBy(() -> GpuAssignment.choose(List.of("GPU-abc"), 2, false))
        .hasMessageContaining("not a GPU index");
  }

  @Test
  void precisionParsing() {
    assertThat(Precision.parse("FP16")).isEqualTo(Precision.FP16);
    assertThat(Precision.parse("fp32")).isEqualTo(Precision.FP32);
    assertThatThrownBy(() -> Precision.parse("bf16")).hasMessageContaining("kills the JVM");
    assertThatThrownBy(() -> Precision.parse("int8")).hasMessageContaining("valid: fp32, fp16");
  }

  @Test
  void executorsOfRunJsonGroupTasksByExecutorAndDevice() {
    List<java.util.Map<String, Object>> executors =
        RunJson.executors(
            List.of(
                new TaskPlacement("1", "h", 2, 0, List.of("1"), "cpu()"),
                new TaskPlacement("0", "h", 0, 0, List.of("0"), "cpu()"),
                new TaskPlacement("1", "h", 1, 1, List.of("1"), "cpu()")));
    assertThat(executors).hasSize(2);
    assertThat(executors.get(0).get("executor_id")).isEqualTo("0");
    assertThat(executors.get(1).get("gpu_addresses").toString()).isEqualTo("[1]");
    assertThat((List<?>) executors.get(1).get("tasks")).hasSize(2);
  }
}
