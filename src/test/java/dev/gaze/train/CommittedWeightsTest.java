package dev.gaze.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.gaze.model.BuiltinModels;
import dev.gaze.model.HookedModel;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The weights committed as a resource are the trained ones. */
class CommittedWeightsTest {

  @Test
  void reachAtLeast88PercentOnTheTestSplit() throws IOException {
    assertThat(FashionMnist.DEFAULT_DIR.resolve("t10k-images-idx3-ubyte.gz"))
        .as(
            "the Fashion-MNIST test split is needed: apt-get install dataset-fashion-mnist"
                + " (files in %s)",
            FashionMnist.DEFAULT_DIR)
        .exists();
    LabelledImages test = FashionMnist.load(FashionMnist.DEFAULT_DIR, FashionMnist.Split.TEST);
    try (HookedModel model = BuiltinModels.load("demo-cnn", Device.cpu())) {
      double top1 = TopOneAccuracy.of(model, test, 500);
      assertThat(top1).isGreaterThanOrEqualTo(0.88);
    }
  }

  @Test
  void demoVitReachesAtLeast85PercentOnTheTestSplit() throws IOException {
    LabelledImages test = FashionMnist.load(FashionMnist.DEFAULT_DIR, FashionMnist.Split.TEST);
    try (HookedModel model = BuiltinModels.load("demo-vit", Device.cpu())) {
      double top1 = TopOneAccuracy.of(model, test, 500);
      assertThat(top1).isGreaterThanOrEqualTo(0.85);
    }
  }
}
