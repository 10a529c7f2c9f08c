package dev.gaze.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebDatasetWriterTest {

  private static byte[] write(boolean gzip) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (WebDatasetWriter writer = WebDatasetWriter.create(out, gzip)) {
      writer.write("test-000000", TestTars.bytes(300, 1), 9);
      writer.write("dir/test-000001", TestTars.bytes(1000, 2), 0);
    }
    return out.toByteArray();
  }

  @Test
  void twoWritesAreByteIdentical(@TempDir Path dir) throws IOException {
    assertThat(write(false)).isEqualTo(write(false));
    assertThat(write(true)).isEqualTo(write(true));
    Path a = dir.resolve("a.tar.gz");
    Path b = dir.resolve("b.tar.gz");
    for (Path p : new Path[] {a, b}) {
      try (WebDatasetWriter writer = WebDatasetWriter.create(p)) {
        writer.write("k", TestTars.bytes(50, 3), 1);
      }
    }
    assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
    assertThat(Arrays.copyOf(Files.readAllBytes(a), 2)).containsExactly(0x1f, 0x8b);
  }

  @Test
  void gzipHeaderHasNoNameAndNoTime() throws IOException {
    byte[] gz = write(true);
    assertThat(gz[0] & 0xff).isEqualTo(0x1f);
    assertThat(gz[1] & 0xff).isEqualTo(0x8b);
    assertThat(gz[2]).isEqualTo((byte) 8); // deflate
    assertThat(gz[3]).as("flags: no FNAME, no FCOMMENT, no FEXTRA").isEqualTo((byte) 0);
    assertThat(Arrays.copyOfRange(gz, 4, 8)).as("mtime").containsOnly(0);
    byte[] tar = new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes();
    assertThat(tar).isEqualTo(write(false));
  }

  @Test
  void membersAreNeutralUstarEntries() throws IOException {
    byte[] tar = write(false);
    String magic = new String(tar, 257, 8, StandardCharsets.US_ASCII);
    assertThat(magic).isEqualTo("ustar\u000000");
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
      String[] names = {
        "test-000000.png", "test-000000.cls", "dir/test-000001.png", "dir/test-000001.cls"
      };
      for (String name : names) {
        TarArchiveEntry e = in.getNextTarEntry();
        assertThat(e.getName()).isEqualTo(name);
        assertThat(e.getModTime().getTime()).isZero();
        assertThat(e.getLongUserId()).isZero();
        assertThat(e.getLongGroupId()).isZero();
        assertThat(e.getUserName()).isEmpty();
        assertThat(e.getGroupName()).isEmpty();
        assertThat(e.getMode()).isEqualTo(0100644);
        assertThat(e.isFile()).isTrue();
        assertThat(e.isPaxHeader()).isFalse();
        if (name.endsWith(".cls")) {
          assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII))
              .isEqualTo(name.startsWith("dir") ? "0" : "9");
        }
      }
      assertThat(in.getNextEntry()).isNull();
    }
  }

  @Test
  void rejectsKeysTheReaderWouldSplitDifferently() throws IOException {
    try (WebDatasetWriter writer = WebDatasetWriter.create(new ByteArrayOutputStream(), false)) {
      assertThatThrownBy(() -> writer.write("a.b", new byte[1], 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'a.b'");
      assertThatThrownBy(() -> writer.write("dir/", new byte[1], 0))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> writer.write("k", new byte[1], -1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("negative");
      assertThatThrownBy(() -> writer.writeMember("x".repeat(101), new byte[1]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("1 to 100 bytes");
    }
  }
}
