package dev.gaze.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PngWriterTest {

  @TempDir Path dir;

  @Test
  void writesOnlyDrawableFiguresAndRemembersThemInOrder() throws IOException {
    PngWriter png = new PngWriter(dir);
    BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
    image.setRGB(2, 1, 0x123456);

    assertThat(png.writeIf(true, "b.png", () -> image)).contains("b.png");
    assertThat(
            png.writeIf(
                false,
                "skipped.png",
                () -> {
                  throw new AssertionError("a figure that is not drawable must not be drawn");
                }))
        .isEmpty();
    assertThat(png.writeIf(true, "a.png", () -> image)).contains("a.png");

    assertThat(png.written()).containsExactly(dir.resolve("b.png"), dir.resolve("a.png"));
    assertThat(Files.exists(dir.resolve("skipped.png"))).isFalse();
    BufferedImage read = ImageIO.read(dir.resolve("a.png").toFile());
    assertThat(read.getWidth()).isEqualTo(3);
    assertThat(read.getRGB(2, 1) & 0xFFFFFF).isEqualTo(0x123456);
    assertThat(read.getRGB(0, 0) & 0xFFFFFF).isZero();
  }
}
