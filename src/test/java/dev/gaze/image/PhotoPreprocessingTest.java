package dev.gaze.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gaze.testing.Python;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Gaze's decode and preprocessing of real photos (JPEG and PNG, RGB and grey, 352x448 to 1352x900;
 * unpacked by {@code jobs/setup} from Debian's darknet and python3-skimage packages) against
 * torchvision's eval transform on the same files: {@code Resize(256)}, {@code CenterCrop(224)},
 * {@code ToTensor()} on a Pillow image.
 */
class PhotoPreprocessingTest {

  private static final Path PHOTOS =
      Path.of(System.getProperty("user.home"), ".cache", "gaze", "photos");

  private static InputSpec spec(Interpolation interpolation) {
    return new InputSpec(
        3,
        224,
        224,
        256,
        ResizePolicy.SHORTER_SIDE_THEN_CENTER_CROP,
        new float[] {0, 0, 0},
        new float[] {1, 1, 1},
        interpolation);
  }

  @ParameterizedTest
  @EnumSource(Interpolation.class)
  void photosMatchTorchvisionWithinAThirdOfALevelOnAverage(Interpolation interpolation)
      throws Exception {
    List<Path> photos;
    try (Stream<Path> files = Files.list(PHOTOS)) {
      photos = files.filter(p -> p.toString().matches(".*\\.(jpg|png)")).sorted().toList();
    }
    assertThat(photos).as("photos in " + PHOTOS + " (run jobs/setup)").hasSizeGreaterThan(10);
    Path dir = Files.createTempDirectory(Files.createDirectories(Python.EXPORTS), "photos");
    Path list = dir.resolve("list.txt");
    Files.write(list, photos.stream().map(Path::toString).toList());
    Python.run(
        "src/test/python/reference.py",
        "preprocess",
        list.toString(),
        dir.toString(),
        interpolation.label());
    Preprocessor preprocessor = new Preprocessor(spec(interpolation));
    // The other filter must be further from torchvision: the test tells the filters apart.
    Preprocessor other =
        new Preprocessor(
            spec(
                interpolation == Interpolation.BILINEAR
                    ? Interpolation.BICUBIC
                    : Interpolation.BILINEAR));
    List<String> report = new ArrayList<>();
    double worst = 0;
    for (int i = 0; i < photos.size(); i++) {
      DecodedImage image = ImageDecoder.decode(Files.readAllBytes(photos.get(i)), 100_000_000L);
      float[] gaze = preprocessor.apply(image);
      float[] torch = Python.readFloats(dir.resolve(i + ".f32"));
      assertThat(torch).hasSize(gaze.length);
      double sum = 0;
      for (int k = 0; k < gaze.length; k++) {
        sum += Math.abs(gaze[k] - torch[k]);
      }
      double mean = sum / gaze.length;
      float[] wrong = other.apply(image);
      double wrongSum = 0;
      for (int k = 0; k < wrong.length; k++) {
        wrongSum += Math.abs(wrong[k] - torch[k]);
      }
      assertThat(wrongSum / wrong.length)
          .as(photos.get(i).getFileName() + " with the other filter")
          .isGreaterThan(mean);
      worst = Math.max(worst, mean);
      report.add(String.format("%s %.5f", photos.get(i).getFileName(), mean * 255));
    }
    System.out.println(
        interpolation.label() + ": mean |gaze - torchvision| in 1/255 units: " + report);
    // Measured: 0.25 to 0.31 levels on every photo with either filter. The decoded pixels equal
    // Pillow's (PillowDecodeTest); what is left is Pillow's rounding of the resized image to 8
    // bits (torchvision resizes the PIL image), which Gaze, resizing in float, does not do: about
    // a quarter level on average, as rounding errors spread evenly over half a level either way.
    assertThat(worst).as(report.toString()).isLessThanOrEqualTo(0.35 / 255);
  }
}
