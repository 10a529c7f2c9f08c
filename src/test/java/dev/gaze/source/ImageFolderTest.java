package dev.gaze.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {

  @TempDir Path root;
  private final Configuration conf = new Configuration();

  private void file(String relative) throws IOException {
    Path p = root.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, "bytes of " + relative);
  }

  @BeforeEach
  void tree() throws IOException {
    for (String f :
        List.of(
            "dog/1.jpeg",
            "cat/z.jpg",
            "cat/b.jpg",
            "cat/a.PNG",
            "cat/notes.txt",
            "cat/.DS_Store",
            "cat/sub/c.tiff",
            "cat/sub2/x.webp",
            "cat/.git/y.jpg",
            ".hidden/h.jpg",
            "readme.md")) {
      file(f);
    }
  }

  @Test
  void classesAreSortedFoldersAndFilesFollowTorchvisionOrder() {
    ImageFolder.Listing listing = ImageFolder.list(root.toString(), conf);
    assertThat(listing.classes().names()).containsExactly("cat", "dog");
    // torchvision: sorted(os.walk(cat)) lists the folder 'cat' before 'cat/sub', files by name
    assertThat(listing.entries())
        .extracting(ImageFolderEntry::key)
        .containsExactly(
            "cat/a.PNG",
            "cat/b.jpg",
            "cat/notes.txt",
            "cat/z.jpg",
            "cat/sub/c.tiff",
            "cat/sub2/x.webp",
            "dog/1.jpeg");
    assertThat(listing.entries())
        .extracting(ImageFolderEntry::label)
        .containsExactly(0, 0, 0, 0, 0, 0, 1);
    assertThat(listing.entries())
        .extracting(ImageFolderEntry::isImage)
        .containsExactly(true, true, false, true, true, true, true);
    assertThat(listing.entries().get(0).path()).isEqualTo("file:" + root.resolve("cat/a.PNG"));
    assertThat(listing.entries().get(0).length()).isEqualTo("bytes of cat/a.PNG".length());
  }

  @Test
  void readerGivesBytesAndReportsNonImageFiles() {
    List<ImageFolderEntry> entries = ImageFolder.list(root.toString(), conf).entries();
    List<ImageRecord> records = new ArrayList<>();
    try (RecordIterator it = ImageFolderReader.open(entries, conf)) {
      it.forEachRemaining(records::add);
    }
    assertThat(records).hasSize(7);
    ImageRecord first = records.get(0);
    assertThat(first.isBroken()).isFalse();
    assertThat(new String(first.image(), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("bytes of cat/a.PNG");
    assertThat(first.source()).isEqualTo("file:" + root.resolve("cat/a.PNG"));
    ImageRecord notes = records.get(2);
    assertThat(notes.problem())
        .isEqualTo(
            "not an image file: cat/notes.txt (expected .jpg, .jpeg, .png, .ppm, .bmp, .pgm, .tif,"
                + " .tiff, .webp)");
    assertThat(notes.label()).isZero();
    assertThat(records.get(6).label()).isEqualTo(1);
  }

  @Test
  void aFileDeletedAfterListingIsABrokenRecord() throws IOException {
    List<ImageFolderEntry> entries = ImageFolder.list(root.toString(), conf).entries();
    Files.delete(root.resolve("dog/1.jpeg"));
    List<ImageRecord> records = new ArrayList<>();
    ImageFolderReader.open(entries.subList(6, 7), conf).forEachRemaining(records::add);
    assertThat(records)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.key()).isEqualTo("dog/1.jpeg");
              assertThat(r.problem()).startsWith("cannot read image file: FileNotFoundException");
            });
  }

  @Test
  void rootsWithoutClassFoldersAreErrors(@TempDir Path other) throws IOException {
    Files.writeString(other.resolve("a.jpg"), "x");
    assertThatThrownBy(() -> ImageFolder.list(other.toString(), conf))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no class folders");
    assertThatThrownBy(() -> ImageFolder.list(other.resolve("nope").toString(), conf))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> ImageFolder.list(other.resolve("a.jpg").toString(), conf))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is a file");
  }

  @Test
  void imageExtensionsIgnoreCase() {
    assertThat(ImageFolder.isImageName("X.JPG")).isTrue();
    assertThat(ImageFolder.isImageName("x.Webp")).isTrue();
    assertThat(ImageFolder.isImageName("x.gif")).isFalse();
    assertThat(ImageFolder.isImageName("jpg")).isFalse();
  }
}
