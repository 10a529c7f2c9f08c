package dev.gaze.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which decoder takes which image, and how the native decoders' natives are found or given up. */
class DecodePathTest {

  @ParameterizedTest
  @CsvSource({
    "rb-baseline.jpg, NATIVE",
    "rb-progressive.jpg, NATIVE",
    "extraneous.jpg, NATIVE",
    "grey.jpg, NATIVE",
    "rb.png, NATIVE",
    "rb-rgba.png, NATIVE",
    "grey.png, NATIVE",
    "grey-alpha.png, NATIVE",
    "rb-cmyk.jpg, IMAGEIO",
    "rb-palette.png, IMAGEIO",
    "grey16.png, IMAGEIO",
    "rgb16.png, IMAGEIO"
  })
  void eachFixtureGoesToItsDecoder(String name, DecodePath path) throws ImageProblem {
    assertThat(NativeCodecs.available()).as(NativeCodecs.problem()).isTrue();
    assertThat(Fixtures.decode(name).decodedBy()).isEqualTo(path);
    assertThat(ImageDecoder.decode(Fixtures.bytes(name), 10_000, false).decodedBy())
        .isEqualTo(DecodePath.IMAGEIO);
  }

  @Test
  void versionsNameLibjpegTurboAndLibpng() {
    assertThat(NativeCodecs.available()).as(NativeCodecs.problem()).isTrue();
    assertThat(NativeCodecs.version())
        .matches("leptonica-[0-9.]+, libjpeg-turbo [0-9.]+, libpng [0-9.]+");
    assertThat(NativeCodecs.problem()).isNull();
  }

  @Test
  void bothPathsGiveTheSameFixturePixels() throws ImageProblem {
    for (String name :
        List.of(
            "rb-baseline.jpg",
            "rb-progressive.jpg",
            "extraneous.jpg",
            "grey.jpg",
            "rb.png",
            "grey-alpha.png")) {
      byte[] bytes = Fixtures.bytes(name);
      DecodedImage natively = ImageDecoder.decode(bytes, 10_000);
      DecodedImage imageIo = ImageDecoder.decode(bytes, 10_000, false);
      assertThat(natively.channels()).as(name).isEqualTo(imageIo.channels());
      assertThat(natively.pixels()).as(name).containsExactly(imageIo.pixels());
    }
  }

  @Test
  void headersSayWhatOpenCvTakes() {
    ImageHeader jpeg = ImageHeader.read(ImageFormat.JPEG, Fixtures.bytes("rb-progressive.jpg"));
    assertThat(jpeg).isEqualTo(new ImageHeader(64, 48, 3));
    assertThat(ImageHeader.read(ImageFormat.JPEG, Fixtures.bytes("grey.jpg")).channels())
        .isEqualTo(1);
    assertThat(ImageHeader.read(ImageFormat.PNG, Fixtures.bytes("grey-alpha.png")))
        .isEqualTo(new ImageHeader(64, 48, 1));
    // a cut file has no EOI marker: ImageIO, which names the truncation
    ImageHeader cut = ImageHeader.read(ImageFormat.JPEG, Fixtures.bytes("truncated.jpg"));
    assertThat(cut.forNative()).isFalse();
    assertThat(cut.width()).isEqualTo(64);
    assertThat(ImageHeader.read(ImageFormat.JPEG, Fixtures.bytes("rb-cmyk.jpg")).forNative())
        .isFalse();
    assertThat(ImageHeader.read(ImageFormat.PNG, Fixtures.bytes("rb-palette.png")).forNative())
        .isFalse();
    ImageHeader huge = ImageHeader.read(ImageFormat.PNG, Fixtures.bytes("huge.png"));
    assertThat(huge.width()).isEqualTo(10000);
    assertThat(huge.height()).isEqualTo(9000);
  }

  @Test
  void pixelGuardRunsBeforeOpenCvDecodes() {
    byte[] jpg = Fixtures.bytes("rb-baseline.jpg");
    assertThat(ImageHeader.read(ImageFormat.JPEG, jpg).forNative()).isTrue();
    assertThatThrownBy(() -> ImageDecoder.decode(jpg, 64 * 48 - 1))
        .isInstanceOf(ImageProblem.class)
        .hasMessage("image is 64x48 = 3072 pixels, over the limit of 3071 (--max-pixels)");
  }

  @Test
  void decoderPropertyIsChecked() throws ImageProblem {
    String previous = System.getProperty(NativeCodecs.DECODER_PROPERTY);
    try {
      System.setProperty(NativeCodecs.DECODER_PROPERTY, "imageio");
      assertThat(NativeCodecs.available()).isFalse();
      assertThat(NativeCodecs.problem()).isEqualTo("-Dgaze.decoder=imageio");
      assertThat(Fixtures.decode("rb-baseline.jpg").decodedBy()).isEqualTo(DecodePath.IMAGEIO);
      System.setProperty(NativeCodecs.DECODER_PROPERTY, "turbo");
      assertThatThrownBy(NativeCodecs::allowedByProperty)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("-Dgaze.decoder=turbo is not a decoder; valid: auto, imageio");
      System.setProperty(NativeCodecs.DECODER_PROPERTY, "auto");
      assertThat(NativeCodecs.available()).isTrue();
    } finally {
      if (previous == null) {
        System.clearProperty(NativeCodecs.DECODER_PROPERTY);
      } else {
        System.setProperty(NativeCodecs.DECODER_PROPERTY, previous);
      }
    }
  }

  @Test
  void unusableHomeFallsBackToTheTemporaryDirectory(@TempDir Path tmp) throws Exception {
    // A home below a plain file cannot be made, not even by root.
    Path file = Files.writeString(tmp.resolve("not-a-directory"), "x");
    List<String> lines =
        probe("-Duser.home=" + file.resolve("home"), "-Djava.io.tmpdir=" + tmp.resolve("t"));
    Path cache = tmp.resolve("t").resolve("gaze-javacpp-" + System.getProperty("user.name"));
    assertThat(lines)
        .contains("available=true", "decodedBy=NATIVE", "property=" + cache.resolve("cache"));
  }

  @Test
  void nativesThatCannotBeExtractedLeaveImageIo(@TempDir Path tmp) throws Exception {
    Path file = Files.writeString(tmp.resolve("not-a-directory"), "x");
    List<String> lines =
        probe(
            "-Duser.home=" + file.resolve("home"),
            "-Djava.io.tmpdir=" + file.resolve("tmp"),
            "-Dorg.bytedeco.javacpp.cachedir=" + file.resolve("cache"));
    assertThat(lines).contains("available=false").doesNotContain("decodedBy=NATIVE");
    assertThat(lines).anyMatch(l -> l.startsWith("problem=the native decoders did not load: "));
  }

  private static List<String> probe(String... options) throws Exception {
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(options));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(NativeProbe.class.getName());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(text).isZero();
    return text.lines().toList();
  }
}
