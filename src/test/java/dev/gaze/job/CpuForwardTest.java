package dev.gaze.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class CpuForwardTest {

  private static SparkConf conf(String... pairs) {
    SparkConf conf = new SparkConf(false);
    for (int i = 0; i < pairs.length; i += 2) {
      conf.set(pairs[i], pairs[i + 1]);
    }
    return conf;
  }

  @Test
  void splitGivesEachConcurrentTaskItsShareOfTheExecutorCores() {
    assertThat(CpuForward.of(conf("spark.master", "local[*]"), 2))
        .isEqualTo(new CpuForward(CpuForward.Mode.SPLIT, 2, 2, 1));
    assertThat(CpuForward.of(conf("spark.master", "local[4]"), 2))
        .isEqualTo(new CpuForward(CpuForward.Mode.SPLIT, 4, 4, 1));
    assertThat(
            CpuForward.of(
                conf("spark.master", "yarn", "spark.executor.cores", "16", "spark.task.cpus", "4"),
                64))
        .isEqualTo(new CpuForward(CpuForward.Mode.SPLIT, 16, 4, 4));
    assertThat(CpuForward.of(conf("spark.executor.cores", "6", "spark.task.cpus", "4"), 64))
        .isEqualTo(new CpuForward(CpuForward.Mode.SPLIT, 6, 1, 6));
    assertThat(CpuForward.of(conf("spark.master", "local[8]", CpuForward.CONF, "serial"), 2))
        .isEqualTo(new CpuForward(CpuForward.Mode.SERIAL, 8, 8, 8));
    assertThat(CpuForward.of(conf(CpuForward.CONF, "FULL"), 2).intraOpThreads()).isZero();
    assertThatThrownBy(() -> CpuForward.of(conf(CpuForward.CONF, "half"), 2))
        .hasMessage("spark.gaze.cpuForward 'half' is not valid; valid: split, serial, full");
  }

  @Test
  void aCpuForwardRunsWithTheArrangedTeamAndSerialLetsOneTaskInAtATime() throws Exception {
    Engine.getEngine("PyTorch"); // loads libtorch
    CpuForward split = new CpuForward(CpuForward.Mode.SPLIT, 4, 4, 1);
    int[] seen = new int[1];
    split.run(Device.cpu(), () -> seen[0] = JniUtils.getNumThreads());
    assertThat(seen[0]).isEqualTo(1);

    CpuForward serial = new CpuForward(CpuForward.Mode.SERIAL, 3, 3, 3);
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    List<Integer> teams = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < 3; t++) {
      Thread thread =
          new Thread(
              () -> {
                for (int i = 0; i < 20; i++) {
                  serial.run(
                      Device.cpu(),
                      () -> {
                        most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        teams.add(JniUtils.getNumThreads());
                        try {
                          Thread.sleep(1);
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                        inside.decrementAndGet();
                      });
                }
              });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(most.get()).isEqualTo(1);
    assertThat(teams).hasSize(60).containsOnly(3);

    // full and GPU devices: the thread's team is left as it was, and nothing waits
    JniUtils.setNumThreads(2);
    new CpuForward(CpuForward.Mode.FULL, 4, 4, 0)
        .run(Device.cpu(), () -> seen[0] = JniUtils.getNumThreads());
    assertThat(seen[0]).isEqualTo(2);
    assertThat(serial.run(Device.gpu(0), () -> seen[0] = JniUtils.getNumThreads())).isZero();
    assertThat(seen[0]).isEqualTo(2);
  }
}
