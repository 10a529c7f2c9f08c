package dev.gaze.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistImportTest {

  @TempDir Path dir;

  private Path idxPair(int n, int rows, int cols, int[] labels) throws IOException {
    byte[] pixels = new byte[n * rows * cols];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i * 7 + 3);
    }
    Path idx = dir.resolve("idx");
    Files.createDirectories(idx);
    Files.write(idx.resolve("i.gz"), IdxTest.idx(0x803, new int[] {n, rows, cols}, pixels, true));
    byte[] l = new byte[labels.length];
    for (int i = 0; i < l.length; i++) {
      l[i] = (byte) labels[i];
    }
    Files.write(idx.resolve("l.gz"), IdxTest.idx(0x801, new int[] {labels.length}, l, true));
    return idx;
  }

  private static List<ImageRecord> readAll(List<Path> shards) {
    List<ImageRecord> out = new ArrayList<>();
    for (Path shard : shards) {
      try (WebDatasetReader r = WebDatasetReader.open(shard.toString(), new Configuration())) {
        r.forEachRemaining(out::add);
      }
    }
    return out;
  }

  @Test
  void convertsToShardsOfGreyPngsWithLabels() throws IOException {
    Path idx = idxPair(5, 3, 2, new int[] {9, 0, 4, 4, 1});
    Path out = dir.resolve("out");
    List<Path> shards =
        FashionMnistImport.convert(idx.resolve("i.gz"), idx.resolve("l.gz"), "test", out, 2);
    assertThat(shards)
        .containsExactly(
            out.resolve("test-000000.tar.gz"),
            out.resolve("test-000001.tar.gz"),
            out.resolve("test-000002.tar.gz"));
    assertThat(Files.readAllLines(out.resolve("classes.txt")))
        .containsExactly(
            "T-shirt/top",
            "Trouser",
            "Pullover",
            "Dress",
            "Coat",
            "Sandal",
            "Shirt",
            "Sneaker",
            "Bag",
            "Ankle boot");
    List<ImageRecord> records = readAll(shards);
    assertThat(records)
        .extracting(ImageRecord::key)
        .containsExactly("test-000000", "test-000001", "test-000002", "test-000003", "test-000004");
    assertThat(records).extracting(ImageRecord::label).containsExactly(9, 0, 4, 4, 1);
    for (int i = 0; i < 5; i++) {
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(records.get(i).image()));
      assertThat(img.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
      assertThat(img.getWidth()).isEqualTo(2);
      assertThat(img.getHeight()).isEqualTo(3);
      for (int y = 0; y < 3; y++) {
        for (int x = 0; x < 2; x++) {
          int expected = ((i * 6 + y * 2 + x) * 7 + 3) & 0xff;
          assertThat(img.getRaster().getSample(x, y, 0)).isEqualTo(expected);
        }
      }
    }
    // the same input again gives the same bytes
    Path again = dir.resolve("again");
    FashionMnistImport.convert(idx.resolve("i.gz"), idx.resolve("l.gz"), "test", again, 2);
    for (Path shard : shards) {
      assertThat(Files.readAllBytes(again.resolve(shard.getFileName())))
          .isEqualTo(Files.readAllBytes(shard));
    }
  }

  @Test
  void refusesMismatchedOrForeignInput() throws IOException {
    Path idx = idxPair(3, 1, 1, new int[] {1, 2});
    assertThatThrownBy(
            () ->
                FashionMnistImport.convert(
                    idx.resolve("i.gz"), idx.resolve("l.gz"), "test", dir.resolve("o"), 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds 3 images but")
        .hasMessageContaining("holds 2 labels");
    Path bad = idxPair(2, 1, 1, new int[] {1, 10});
    assertThatThrownBy(
            () ->
                FashionMnistImport.convert(
                    bad.resolve("i.gz"), bad.resolve("l.gz"), "test", dir.resolve("o"), 10))
        .hasMessageContaining("label 1 is 10; Fashion-MNIST has classes 0 to 9");
    assertThatThrownBy(
            () ->
                FashionMnistImport.convert(
                    bad.resolve("i.gz"), bad.resolve("l.gz"), "Te st", dir.resolve("o"), 10))
        .hasMessageContaining("split name 'Te st'");
    assertThatThrownBy(() -> FashionMnistImport.convertDir(dir, "val", dir.resolve("o"), 10))
        .hasMessage("unknown Fashion-MNIST split 'val'; valid: train, test");
    assertThatThrownBy(() -> FashionMnistImport.convertDir(dir, "test", dir.resolve("o"), 10))
        .hasMessageContaining("apt-get install dataset-fashion-mnist");
  }

  /**
   * The committed demo data is exactly what the importer makes from Debian's Fashion-MNIST test
   * split. Fails (never skips) without the package: the build installs it.
   */
  @Test
  void committedDemoDataIsTheReimportedTestSplit() throws IOException {
    Path idxDir = FashionMnistImport.DEBIAN_DIR;
    assertThat(Files.isRegularFile(FashionMnistImport.imagesFile(idxDir, "test")))
        .withFailMessage(
            "Fashion-MNIST IDX files missing from %s: apt-get install dataset-fashion-mnist",
            idxDir)
        .isTrue();
    String repoRoot = System.getProperty("gaze.repo.root");
    assertThat(repoRoot).withFailMessage("system property gaze.repo.root is not set").isNotNull();
    Path committed = Path.of(repoRoot, "data", "fashion-mnist");

    Path fresh = dir.resolve("fresh");
    List<Path> shards =
        FashionMnistImport.convertDir(idxDir, "test", fresh, FashionMnistImport.DEFAULT_PER_SHARD);
    assertThat(shards).hasSize(10);
    assertThat(committedShards(committed)).isEqualTo(committedShards(fresh));
    for (Path shard : shards) {
      Path mine = committed.resolve(shard.getFileName());
      assertThat(Files.mismatch(shard, mine))
          .as("%s differs from a fresh import", mine)
          .isEqualTo(-1L);
    }
    assertThat(Files.mismatch(fresh.resolve("classes.txt"), committed.resolve("classes.txt")))
        .isEqualTo(-1L);

    // and it is the balanced test split: 10,000 images, 1,000 a class
    int[] perClass = new int[10];
    List<ImageRecord> records = readAll(shards);
    for (ImageRecord r : records) {
      assertThat(r.isBroken()).isFalse();
      perClass[r.label()]++;
    }
    assertThat(records).hasSize(10_000);
    assertThat(perClass).containsOnly(1000);
  }

  private static List<String> committedShards(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(ShardPaths::isShardName)
          .sorted()
          .toList();
    }
  }
}
