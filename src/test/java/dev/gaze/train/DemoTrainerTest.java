package dev.gaze.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import dev.gaze.model.BuiltinModels;
import dev.gaze.model.HookedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTrainerTest {

  @TempDir Path dir;

  @Test
  void aTinyRunLowersTheLossAndSavesLoadableParameters() throws IOException {
    assertThat(FashionMnist.DEFAULT_DIR.resolve("train-images-idx3-ubyte.gz"))
        .as("Fashion-MNIST missing: apt-get install dataset-fashion-mnist")
        .exists();
    LabelledImages train =
        FashionMnist.load(FashionMnist.DEFAULT_DIR, FashionMnist.Split.TRAIN).head(512);
    LabelledImages test =
        FashionMnist.load(FashionMnist.DEFAULT_DIR, FashionMnist.Split.TEST).head(256);
    Path out = dir.resolve("tiny.params");
    List<String> lines = new ArrayList<>();

    TrainingResult result = DemoTrainer.train(train, test, 2, 32, 7, out, lines::add);

    assertThat(result.epochLoss()).hasSize(2);
    assertThat(result.epochLoss().get(0)).isLessThan(3.0);
    assertThat(result.epochLoss().get(1)).isLessThan(result.epochLoss().get(0));
    assertThat(result.trainImages()).isEqualTo(512);
    assertThat(result.testImages()).isEqualTo(256);
    assertThat(result.testTop1()).isBetween(0.0, 1.0);
    assertThat(lines).anyMatch(l -> l.startsWith("epoch 2/2"));
    assertThat(Files.size(out)).isGreaterThan(100_000).isLessThan(5_000_000);
    try (HookedModel model = BuiltinModels.load("demo-cnn", out, Device.cpu())) {
      assertThat(TopOneAccuracy.of(model, test, 64)).isEqualTo(result.testTop1());
    }
    assertThat(result.toJson("2.7.1", "0.36.0"))
        .contains("\"model\": \"demo-cnn\"", "\"epochs\": 2", "\"seed\": 7");
  }

  @Test
  void rejectsBadArguments() {
    LabelledImages none = new LabelledImages(new byte[0], new byte[0], 28, 28);
    Path out = dir.resolve("x.params");
    assertThatThrownBy(() -> DemoTrainer.train(none, none, 0, 32, 1, out, s -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("epochs and batch size must be positive, got 0 and 32");
    assertThatThrownBy(() -> DemoTrainer.train(none, none, 1, 32, -1, out, s -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("seed must be in 0..");
  }
}
