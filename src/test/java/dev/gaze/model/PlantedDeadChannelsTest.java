package dev.gaze.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gaze.Gaze;
import dev.gaze.TestSpark;
import dev.gaze.config.AnalysisConfig;
import dev.gaze.findings.DeadChannelsDetector;
import dev.gaze.findings.Finding;
import dev.gaze.job.FindingsTable;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A planted dataset for {@code dead_channels}: demo-cnn with chosen channels of {@code stage2}
 * forced dead (the last batch norm of the stage's last residual block set to gamma 0 and beta
 * -10000, so that {@code relu(shortcut + bn(...))} is 0 for any input), run through the whole
 * analysis on one shard of the embedded data. The findings must name exactly those channels, and
 * nothing dead elsewhere (the committed demo-cnn has no dead channel on the test split).
 */
class PlantedDeadChannelsTest {

  private static final String TAP = "stage2";
  private static final int STAGE = 2; // child index of stage2 in DemoCnn.newBlock()
  private static final List<Integer> DEAD = List.of(3, 4, 17, 30);

  @TempDir Path tmp;

  @Test
  void deadChannelsNamesExactlyThePlantedChannels() throws Exception {
    HookedModel planted = plantedModel();
    HookedModel previous = ModelCache.swapForTest(DemoCnn.NAME, Device.cpu(), planted);
    Path out = tmp.resolve("run");
    try {
      String data = System.getProperty("gaze.home") + "/data/fashion-mnist/test-000000.tar.gz";
      Gaze.analyze(
          TestSpark.session(),
          AnalysisConfig.builder(data)
              .model(DemoCnn.NAME)
              .batchSize(100)
              .out(out.toString())
              .build());
    } finally {
      ModelCache.swapForTest(DemoCnn.NAME, Device.cpu(), previous);
      planted.close();
    }
    List<Finding> findings =
        FindingsTable.read(TestSpark.session(), out.resolve(FindingsTable.NAME).toString());
    List<Finding> dead =
        findings.stream().filter(f -> f.kind().equals(DeadChannelsDetector.KIND)).toList();
    assertThat(dead).extracting(Finding::tap).containsExactly(TAP);
    JsonNode evidence = new ObjectMapper().readTree(dead.get(0).evidence());
    List<Integer> named = new ArrayList<>();
    evidence.get("dead_channels").forEach(c -> named.add(c.asInt()));
    assertThat(named).isEqualTo(DEAD);
    assertThat(evidence.get("reason").asText()).isEqualTo("dead");
    assertThat(dead.get(0).severity()).isEqualTo(DEAD.size() / 64.0);
    assertThat(dead.get(0).summary()).contains("4 of 64 channels of tap stage2");
  }

  /** demo-cnn's committed weights with {@link #DEAD} channels of {@link #TAP} killed. */
  private static HookedModel plantedModel() throws Exception {
    SequentialBlock block = DemoCnn.newBlock();
    NDManager manager = NDManager.newBaseManager(Device.cpu());
    try (InputStream in =
        BuiltinModels.class.getResourceAsStream(BuiltinModels.DEMO_CNN_RESOURCE)) {
      block.loadParameters(manager, new DataInputStream(new BufferedInputStream(in)));
    }
    SequentialBlock stage = (SequentialBlock) block.getChildren().get(STAGE).getValue();
    List<Block> blocks = stage.getChildren().values();
    SequentialBlock last = (SequentialBlock) blocks.get(blocks.size() - 1);
    Block sum = last.getChildren().get(0).getValue(); // the ParallelBlock: main branch, shortcut
    SequentialBlock main = (SequentialBlock) sum.getChildren().get(0).getValue();
    List<Block> layers = main.getChildren().values();
    BatchNorm bn = (BatchNorm) layers.get(layers.size() - 1);
    NDArray gamma = bn.getParameters().get("gamma").getArray();
    NDArray beta = bn.getParameters().get("beta").getArray();
    for (int c : DEAD) {
      gamma.set(new NDIndex(c), 0f);
      beta.set(new NDIndex(c), -10_000f);
    }
    return new BuiltinCnn(DemoCnn.info(), block, manager);
  }
}
