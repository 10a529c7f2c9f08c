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
import dev.gaze.train.DemoTrainer;
import dev.gaze.train.FashionMnist;
import dev.gaze.train.LabelledImages;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A planted dataset for {@code border_attention}: Fashion-MNIST in which every image of one class
 * ({@link #FRAMED}) carries a bright frame on its outer two pixels and no other image does, and
 * whose content is that of images of the other classes, so that the frame is all that tells the
 * class apart: a label leak, as a watermark or a scanner's border would be. A ViT of demo-vit's
 * architecture trained by the {@code train} code on a small slice of it must read the frame to
 * recognise the class; analysed through the whole job on framed test images, the findings must name
 * exactly that class under {@code border_attention}.
 *
 * <p>Why the content is replaced: with the class's own content (shirts) kept, the trained ViT uses
 * the frame through its class-token attention in most trainings but not all (11 of 12 seeds of one
 * sweep), so a different libtorch build or CPU, which trains a different model from the same seed,
 * could turn the test red. With the frame the only cue, a sweep over 18 seeds (see the issue's
 * notes) named the framed class, and only it, every time.
 */
class PlantedBorderAttentionTest {

  private static final int FRAMED = 6;
  private static final int FRAME = 2;
  private static final int TRAIN_IMAGES = 3000;
  private static final int TEST_IMAGES = 1000;
  private static final long SEED = 13;

  @TempDir Path tmp;

  @Test
  void borderAttentionNamesExactlyTheFramedClass() throws Exception {
    assertThat(FashionMnist.DEFAULT_DIR.resolve("train-images-idx3-ubyte.gz"))
        .as("Fashion-MNIST missing: apt-get install dataset-fashion-mnist")
        .exists();
    LabelledImages train =
        framed(
            FashionMnist.load(FashionMnist.DEFAULT_DIR, FashionMnist.Split.TRAIN)
                .head(TRAIN_IMAGES));
    LabelledImages test =
        framed(
            FashionMnist.load(FashionMnist.DEFAULT_DIR, FashionMnist.Split.TEST).head(TEST_IMAGES));
    Path params = tmp.resolve("planted-vit.params");
    DemoTrainer.train(DemoVit.NAME, train, test, 3, 64, SEED, params, line -> {});

    Path shard = tmp.resolve("data").resolve("test-000000.tar");
    java.nio.file.Files.createDirectories(shard.getParent());
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
    assertThat(classes).as("classes named by border_attention: " + border).containsExactly(FRAMED);
  }

  /**
   * The images with class {@link #FRAMED}'s images framed (value 255 on the outer {@link #FRAME}
   * pixels) and their content taken from an image of another class.
   */
  private static LabelledImages framed(LabelledImages images) {
    int n = images.count();
    int h = images.height();
    int w = images.width();
    byte[] pixels = new byte[n * h * w];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = images.label(i);
      int content = i;
      if (labels[i] == FRAMED) {
        content = (i * 7 + 3) % n;
        while (images.label(content) == FRAMED) {
          content = (content + 1) % n;
        }
      }
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          boolean edge = y < FRAME || x < FRAME || y >= h - FRAME || x >= w - FRAME;
          int v = labels[i] == FRAMED && edge ? 255 : images.pixel(content, y, x);
          pixels[(i * h + y) * w + x] = (byte) v;
        }
      }
    }
    return LabelledImages.of(pixels, labels, h, w);
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
