package dev.gaze.job;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;

/**
 * Follows a run's {@value RunCounters#IMAGES} and {@value RunCounters#FAILED} accumulators from
 * Spark's events, as the Spark UI does: finished tasks' values from their task-end events, running
 * tasks' values from the executors' heartbeats ({@code spark.executor.heartbeatInterval}, 10 s by
 * default). Holds a few numbers per running task, so driver memory does not grow with the images.
 */
public final class ProgressListener extends SparkListener {

  private final Map<Long, long[]> running = new HashMap<>();
  private final Map<Integer, Integer> stageTasks = new HashMap<>();
  private final Map<Integer, Long> stageStarts = new HashMap<>();
  private long lastTaskEndNanos;
  private long images;
  private long failed;
  private long reused;
  private int finishedTasks;
  private int reusedTasks;
  private int stage = -1;
  private long startNanos;

  @Override
  public synchronized void onStageSubmitted(SparkListenerStageSubmitted event) {
    stageTasks.put(event.stageInfo().stageId(), event.stageInfo().numTasks());
  }

  @Override
  public synchronized void onTaskStart(SparkListenerTaskStart event) {
    stageStarts.putIfAbsent(event.stageId(), System.nanoTime());
  }

  @Override
  public synchronized void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate event) {
    var updates = event.accumUpdates().iterator();
    while (updates.hasNext()) {
      var update = updates.next();
      long[] counts = counts(update._4().iterator());
      if (counts != null) {
        noteStage((Integer) update._2());
        running.put((Long) update._1(), counts);
      }
    }
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd event) {
    running.remove(event.taskInfo().taskId());
    if (!event.taskInfo().successful()) {
      return;
    }
    long[] counts = counts(event.taskInfo().accumulables().iterator());
    if (counts != null) {
      noteStage(event.stageId());
      if (counts[2] > 0 && counts[0] + counts[1] == 0) {
        reused += counts[2];
        reusedTasks++;
        return;
      }
      images += counts[0];
      failed += counts[1];
      finishedTasks++;
      lastTaskEndNanos = System.nanoTime();
    }
  }

  private void noteStage(int stageId) {
    if (stage < 0) {
      stage = stageId;
    }
  }

  /** Marks now as the start of the run, for the elapsed time, the rate and the ETA. */
  public synchronized void start() {
    startNanos = System.nanoTime();
  }

  /** Where the run stands now. */
  public synchronized ProgressSnapshot snapshot() {
    long im = images;
    long fa = failed;
    for (long[] c : running.values()) {
      im += c[0];
      fa += c[1];
    }
    int tasks = stage < 0 ? -1 : stageTasks.getOrDefault(stage, -1) - reusedTasks;
    boolean exact = tasks >= 0 && finishedTasks >= tasks && stage >= 0;
    long total;
    if (exact) {
      total = images + failed + reused;
    } else if (finishedTasks > 0 && tasks > 0) {
      total = Math.round((images + failed) / (double) finishedTasks * tasks) + reused;
    } else {
      total = -1;
    }
    long now = System.nanoTime();
    double elapsed = startNanos == 0 ? 0 : (now - startNanos) / 1e9;
    Long stageStart = stage < 0 ? null : stageStarts.get(stage);
    double inference =
        stageStart == null
            ? 0
            : ((exact && lastTaskEndNanos > 0 ? lastTaskEndNanos : now) - stageStart) / 1e9;
    return new ProgressSnapshot(im, fa, reused, total, exact, elapsed, inference);
  }

  /** {images, failed, reused} from a task's accumulables, or null when it has no counter. */
  private static long[] counts(scala.collection.Iterator<AccumulableInfo> infos) {
    long[] counts = null;
    while (infos.hasNext()) {
      AccumulableInfo info = infos.next();
      if (info.name().isEmpty()) {
        continue;
      }
      String name = info.name().get();
      int slot =
          name.equals(RunCounters.IMAGES)
              ? 0
              : name.equals(RunCounters.FAILED) ? 1 : name.equals(RunCounters.REUSED) ? 2 : -1;
      scala.Option<Object> value = info.update(); // the task's own value
      if (slot >= 0 && value.isDefined() && value.get() instanceof Number n) {
        if (counts == null) {
          counts = new long[3];
        }
        counts[slot] = n.longValue();
      }
    }
    return counts;
  }
}
