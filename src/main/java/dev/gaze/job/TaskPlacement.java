package dev.gaze.job;

import java.io.Serializable;
import java.util.List;

/**
 * Where one inference task ran: collected from the executors through an accumulator (successful
 * attempts only) and written to {@code run.json}.
 *
 * @param executorId Spark's executor id ({@code driver} in local mode)
 * @param host the executor's host
 * @param partition the input partition
 * @param attempt the task's attempt number
 * @param gpus the {@code gpu} addresses Spark assigned the task, maybe empty
 * @param device the device the model ran on, as DJL names it ({@code cpu()}, {@code gpu(1)})
 */
public record TaskPlacement(
    String executorId, String host, int partition, int attempt, List<String> gpus, String device)
    implements Serializable {

  /** Copies {@code gpus}. */
  public TaskPlacement {
    gpus = List.copyOf(gpus);
  }
}
