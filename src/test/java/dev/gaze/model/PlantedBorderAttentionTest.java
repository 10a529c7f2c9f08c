package dev.gaze.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.gaze.Gaze;
import dev.gaze.TestSpark;
import dev.gaze.config.AnalysisConfig;
import dev.gaze.findings.BorderAttentionDetector;
import dev.gaze.findings.Finding;
import dev.gaze.job.FindingsTable;
import dev.gaze.source.GreyPng;
import dev.gaze.source.WebDatasetWriter;
import dev.gaze.train.FashionMnist;
import dev.gaze.train.LabelledImages;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A planted dataset for {@code border_attention} ({@link PlantedBorderVit}: one class of
 * Fashion-MNIST framed, the frame its only cue) analysed through the whole job with a ViT of
 * demo-vit's architecture trained on it: the findings must name exactly the framed class under
 * {@code border_attention}.
 */
class PlantedBorderAttentionTest {

  @TempDir Path tmp;

  @Test
  void borderAttentionNamesExactlyTheFramedClass() throws Exception {
    assertThat(FashionMnist.DEFAULT_DIR.resolve("t10k-images-idx3-ubyte.gz"))
        .as("Fashion-MNIST missing: apt-get install dataset-fashion-mnist")
        .exists();
    LabelledImages test = PlantedBorderVit.testImages();
    Path params = tmp.resolve("planted-border-vit.params");
    try (InputStream in = PlantedBorderVit.class.getResourceAsStream(PlantedBorderVit.RESOURCE)) {
      assertThat(in).as(PlantedBorderVit.RESOURCE).isNotNull();
      Files.copy(in, params);
    }
    Path shard = tmp.resolve("data").resolve("test-000000.tar");
    Files.createDirectories(shard.getParent());
    try (WebDatasetWriter writer = WebDatasetWriter.create(shard)) {
      for (int i = 0; i < test.count(); i++) {
        writer.write(String.format("test-%06d", i), png(test, i), test.label(i));
      }
    }
    HookedModel planted = BuiltinModels.load(DemoVit.NAME, params, Device.cpu());
    HookedModel previous = ModelCache.swapForTest(DemoVit.NAME, Device.cpu(), planted);
    Path out = tmp.resolve("run");
    try {
      Gaze.analyze(
          TestSpark.session(),
          AnalysisConfig.builder(shard.toString())
              .model(DemoVit.NAME)
              .batchSize(100)
              .out(out.toString())
              .build());
    } finally {
      ModelCache.swapForTest(DemoVit.NAME, Device.cpu(), previous);
      planted.close();
    }
    List<Finding> border =
        FindingsTable.read(TestSpark.session(), out.resolve(FindingsTable.NAME).toString()).stream()
            .filter(f -> f.kind().equals(BorderAttentionDetector.KIND))
            .toList();
    Set<Integer> classes = new TreeSet<>();
    border.forEach(f -> classes.add(f.classId()));
    assertThat(classes)
        .as("classes named by border_attention: " + border)
        .containsExactly(PlantedBorderVit.FRAMED);
  }

  private static byte[] png(LabelledImages images, int i) throws java.io.IOException {
    int h = images.height();
    int w = images.width();
    byte[] pixels = new byte[h * w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        pixels[y * w + x] = (byte) images.pixel(i, y, x);
      }
    }
    return GreyPng.encode(pixels, w, h);
  }
}
