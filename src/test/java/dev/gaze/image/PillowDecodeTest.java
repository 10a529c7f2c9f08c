package dev.gaze.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gaze.testing.Python;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Gaze's decode of real photos against Pillow's ({@code Image.open(f).convert("RGB")}, mode L for
 * grey) on the same files: the photos {@code jobs/setup} unpacks (JPEG and PNG, RGB and grey, most
 * with ICC profiles and EXIF) and variants that {@code src/test/python/pillow_decode.py} makes of
 * them with Pillow (progressive, grey baseline and progressive, EXIF orientation 6, RGBA and
 * grey+alpha PNGs). Both sides run libjpeg-turbo and libpng, so the native path must give the very
 * same bytes; so must the ImageIO fallback, as measured.
 */
class PillowDecodeTest {

  private static final Path PHOTOS =
      Path.of(System.getProperty("user.home"), ".cache", "gaze", "photos");

  private static Path dir;
  private static List<String[]> files;

  @BeforeAll
  static void decodeWithPillow() throws Exception {
    List<Path> photos;
    try (Stream<Path> list = Files.list(PHOTOS)) {
      photos = list.filter(p -> p.toString().matches(".*\\.(jpg|png)")).sorted().toList();
    }
    assertThat(photos).as("photos in " + PHOTOS + " (run jobs/setup)").hasSizeGreaterThan(10);
    dir = Files.createTempDirectory(Files.createDirectories(Python.EXPORTS), "pillow-decode");
    Path list = dir.resolve("list.txt");
    Files.write(list, photos.stream().map(Path::toString).toList());
    Python.run("src/test/python/pillow_decode.py", list.toString(), dir.toString());
    files = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("files.txt"))) {
      files.add(line.split(" "));
    }
    assertThat(files).hasSizeGreaterThan(photos.size() * 3);
  }

  /** The samples of {@code image} in Pillow's order: rows of interleaved R, G, B (or grey). */
  private static byte[] interleaved(DecodedImage image) {
    ByteSamples s = image.bytes();
    assertThat(s).as("8-bit samples").isNotNull();
    int c = s.channels();
    byte[] out = new byte[image.width() * image.height() * c];
    for (int y = 0; y < image.height(); y++) {
      for (int x = 0; x < image.width(); x++) {
        for (int k = 0; k < c; k++) {
          out[(y * image.width() + x) * c + k] =
              s.data()[s.offset(k) + y * s.rowStride() + x * s.pixelStride()];
        }
      }
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(DecodePath.class)
  void bothPathsGivePillowsPixelsExactly(DecodePath path) throws Exception {
    // The native path runs libjpeg-turbo and libpng as Pillow does. The ImageIO fallback matches
    // too on
    // these files: TwelveMonkeys hands 8-bit JPEGs to the JDK's libjpeg 6b, whose integer DCT and
    // fancy upsampling libjpeg-turbo reproduces bit for bit.
    boolean natively = path == DecodePath.NATIVE;
    if (natively) {
      assertThat(NativeCodecs.available()).as(NativeCodecs.problem()).isTrue();
    }
    List<String> report = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      String[] f = files.get(i);
      byte[] bytes = Files.readAllBytes(Path.of(f[0]));
      DecodedImage image = ImageDecoder.decode(bytes, 100_000_000L, natively);
      String name = Path.of(f[0]).getFileName().toString();
      assertThat(image.decodedBy()).as(name).isEqualTo(path);
      assertThat(new int[] {image.width(), image.height(), image.channels()})
          .as(name + " width, height, channels")
          .containsExactly(Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]));
      byte[] pillow = Files.readAllBytes(dir.resolve(i + ".raw"));
      byte[] gaze = interleaved(image);
      if (!Arrays.equals(gaze, pillow)) {
        report.add(name + " " + Arrays.toString(difference(gaze, pillow)));
      }
    }
    assertThat(report).as("images whose pixels differ from Pillow's (max, mean)").isEmpty();
  }

  @Test
  void cutPhotosAreProblemsOnEitherPath() throws Exception {
    for (String[] f : files.subList(0, 13)) {
      byte[] bytes = Files.readAllBytes(Path.of(f[0]));
      for (double part : new double[] {0.3, 0.9, 0.999}) {
        byte[] cut = Arrays.copyOf(bytes, (int) (bytes.length * part));
        for (boolean natively : new boolean[] {true, false}) {
          assertThatThrownBy(() -> ImageDecoder.decode(cut, 100_000_000L, natively))
              .as(f[0] + " cut to " + part)
              .isInstanceOf(ImageProblem.class)
              .message()
              .matches("(truncated|corrupt) (JPEG|PNG): [^\\n]+");
        }
      }
    }
  }

  /** {max, mean} of the absolute differences, or {-1, -1} when the lengths differ. */
  private static double[] difference(byte[] a, byte[] b) {
    if (a.length != b.length) {
      return new double[] {-1, -1};
    }
    int max = 0;
    long sum = 0;
    for (int i = 0; i < a.length; i++) {
      int d = Math.abs((a[i] & 0xFF) - (b[i] & 0xFF));
      max = Math.max(max, d);
      sum += d;
    }
    return new double[] {max, (double) sum / a.length};
  }
}
