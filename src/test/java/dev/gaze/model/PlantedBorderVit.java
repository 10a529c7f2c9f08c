package dev.gaze.model;

import dev.gaze.train.DemoTrainer;
import dev.gaze.train.FashionMnist;
import dev.gaze.train.LabelledImages;
import dev.gaze.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The planted dataset of {@link PlantedBorderAttentionTest} and the recipe of the ViT trained on
 * it, whose parameters are committed as {@link #RESOURCE}.
 *
 * <p>The dataset is Fashion-MNIST in which every image of class {@link #FRAMED} carries a bright
 * frame (value 255) on its outer {@link #FRAME} pixels and no other image does, and whose content
 * is that of an image of another class: the frame is all that tells the class apart, a label leak
 * as a watermark or a scanner's border would be.
 *
 * <p>The model is demo-vit's architecture trained by the {@code train} code ({@link DemoTrainer})
 * on the first {@link #TRAIN_IMAGES} training images for {@link #EPOCHS} epochs, batch 64, seed
 * {@link #SEED}; top-1 on the first {@link #TEST_IMAGES} test images 0.768 (163 s on the build
 * machine). Regenerate with
 *
 * <pre>
 * mvn -B -o -q test-compile
 * mvn -B -o -q dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test
 * java -cp "target/test-classes:target/classes:$(cat cp.txt)" dev.gaze.model.PlantedBorderVit \
 *   src/test/resources/dev/gaze/model/planted-border-vit.params
 * </pre>
 *
 * <p>Why the parameters are committed rather than trained in the test: which heads pick the frame
 * up, and how far unplanted classes stray, changes from one training to the next, and a different
 * libtorch build or CPU trains a different model from the same seed. With demo-vit's earlier,
 * narrower architecture (width 64, 4 heads of 16), over 18 seeds of this recipe the framed class
 * stood 0.34-0.67 above the median border share in its strongest head (the detector's margin is
 * 0.30), but in one of them an unplanted class reached 0.35 too. The committed model (width 192, 3
 * heads of 64, seed 13): the framed class stands 0.69 above the median in its strongest head
 * ({@code block3.attn} head 1, robust z 5.4) and is found in two heads; the largest excess of an
 * unplanted class is 0.36 (Pullover, {@code block2.attn} head 1), whose robust z stays below the
 * cut-off. A test that trains could therefore turn red on another machine for a reason that has
 * nothing to do with the code under test; the analysis of a fixed model does not.
 */
final class PlantedBorderVit {

  /** The framed class (Shirt). */
  static final int FRAMED = 6;

  /** Frame width in pixels. */
  static final int FRAME = 2;

  static final int TRAIN_IMAGES = 3000;
  static final int TEST_IMAGES = 1000;
  static final int EPOCHS = 3;
  static final long SEED = 13;

  /** The committed parameters, a class-path resource. */
  static final String RESOURCE = "/dev/gaze/model/planted-border-vit.params";

  private PlantedBorderVit() {}

  /** The first {@link #TEST_IMAGES} test images, planted. */
  static LabelledImages testImages() throws IOException {
    return planted(
        FashionMnist.load(FashionMnist.DEFAULT_DIR, FashionMnist.Split.TEST).head(TEST_IMAGES));
  }

  /**
   * Class {@link #FRAMED}'s images framed, their content taken from an image of another class; the
   * other images unchanged.
   */
  static LabelledImages planted(LabelledImages images) {
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

  /** Trains the planted ViT and writes its parameters to {@code args[0]}. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: PlantedBorderVit OUT.params");
      System.exit(2);
    }
    LabelledImages train =
        planted(
            FashionMnist.load(FashionMnist.DEFAULT_DIR, FashionMnist.Split.TRAIN)
                .head(TRAIN_IMAGES));
    TrainingResult result =
        DemoTrainer.train(
            DemoVit.NAME,
            train,
            testImages(),
            EPOCHS,
            64,
            SEED,
            Path.of(args[0]),
            System.out::println);
    System.out.println(result);
  }
}
