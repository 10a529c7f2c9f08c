package dev.gaze.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {

  @TempDir Path dir;

  private void write(String name, int magic, int[] dims, byte[] body) throws IOException {
    try (DataOutputStream out =
        new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(dir.resolve(name))))) {
      out.writeInt(magic);
      for (int d : dims) {
        out.writeInt(d);
      }
      out.write(body);
    }
  }

  @Test
  void readsTinyIdxFiles() throws IOException {
    byte[] pixels = new byte[2 * 2 * 3];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i * 20);
    }
    pixels[11] = (byte) 255;
    write("t10k-images-idx3-ubyte.gz", 0x803, new int[] {2, 2, 3}, pixels);
    write("t10k-labels-idx1-ubyte.gz", 0x801, new int[] {2}, new byte[] {9, 4});

    LabelledImages images = FashionMnist.load(dir, FashionMnist.Split.TEST);
    assertThat(images.count()).isEqualTo(2);
    assertThat(images.height()).isEqualTo(2);
    assertThat(images.width()).isEqualTo(3);
    assertThat(images.label(0)).isEqualTo(9);
    assertThat(images.label(1)).isEqualTo(4);
    assertThat(images.pixel(0, 1, 2)).isEqualTo(100);
    assertThat(images.pixel(1, 0, 1)).isEqualTo(140);
    assertThat(images.pixel(1, 1, 2)).isEqualTo(255);
  }

  @Test
  void rejectsWrongMagicAndMissingFiles() throws IOException {
    assertThatThrownBy(() -> FashionMnist.load(dir, FashionMnist.Split.TRAIN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("apt-get install dataset-fashion-mnist");
    write("t10k-images-idx3-ubyte.gz", 0x801, new int[] {0, 1, 1}, new byte[0]);
    write("t10k-labels-idx1-ubyte.gz", 0x801, new int[] {0}, new byte[0]);
    assertThatThrownBy(() -> FashionMnist.load(dir, FashionMnist.Split.TEST))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("t10k-images-idx3-ubyte.gz")
        .hasMessageContaining("0x00000803");
  }

  @Test
  void realTestSplitIsBalanced() throws IOException {
    assertThat(FashionMnist.DEFAULT_DIR.resolve("t10k-images-idx3-ubyte.gz"))
        .as("Fashion-MNIST missing: apt-get install dataset-fashion-mnist")
        .exists();
    LabelledImages test = FashionMnist.load(FashionMnist.DEFAULT_DIR, FashionMnist.Split.TEST);
    assertThat(test.count()).isEqualTo(10_000);
    assertThat(test.height()).isEqualTo(28);
    assertThat(test.width()).isEqualTo(28);
    int[] perClass = new int[10];
    for (int i = 0; i < test.count(); i++) {
      perClass[test.label(i)]++;
    }
    assertThat(perClass).containsOnly(1000);
  }
}
