package dev.gaze.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebDatasetReaderTest {

  private static byte[] sampleShard(int samples, boolean gzip) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (WebDatasetWriter writer = WebDatasetWriter.create(out, gzip)) {
      for (int i = 0; i < samples; i++) {
        writer.write(String.format("s-%03d", i), TestTars.bytes(100 + 37 * i, i), i % 10);
      }
    }
    return out.toByteArray();
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void roundTripWriterToReader(boolean gzip) throws IOException {
    List<ImageRecord> records = TestTars.readAll("shard.tar", sampleShard(7, gzip));
    assertThat(records).hasSize(7);
    for (int i = 0; i < 7; i++) {
      ImageRecord r = records.get(i);
      assertThat(r.isBroken()).as(r.problem()).isFalse();
      assertThat(r.key()).isEqualTo(String.format("s-%03d", i));
      assertThat(r.label()).isEqualTo(i % 10);
      assertThat(r.image()).isEqualTo(TestTars.bytes(100 + 37 * i, i));
      assertThat(r.source()).isEqualTo("shard.tar");
    }
  }

  @Test
  void readsThroughHadoopFileSystemWhateverTheName(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("odd-name.bin");
    Files.write(file, sampleShard(3, true));
    List<ImageRecord> out = new ArrayList<>();
    try (WebDatasetReader reader = WebDatasetReader.open(file.toString(), new Configuration())) {
      reader.forEachRemaining(out::add);
    }
    assertThat(out).extracting(ImageRecord::key).containsExactly("s-000", "s-001", "s-002");
    assertThat(out).allSatisfy(r -> assertThat(r.source()).isEqualTo(file.toString()));
  }

  @Test
  void keysKeepFoldersAndEndAtTheFirstDotOfTheLastPart() throws IOException {
    assertThat(WebDatasetName.of("a/b.c.d")).isEqualTo(new WebDatasetName("a/b", "c.d"));
    assertThat(WebDatasetName.of("x.y/z.png")).isEqualTo(new WebDatasetName("x.y/z", "png"));
    assertThat(WebDatasetName.of("plain")).isEqualTo(new WebDatasetName("plain", ""));
    byte[] shard =
        new TestTars()
            .add("a/b.c.d", "ignored")
            .add("a/b.png", TestTars.bytes(10, 1))
            .add("a/b.cls", "3")
            .add("a/c.seg.png", TestTars.bytes(5, 2))
            .add("a/c.cls", "4")
            .tar(false);
    List<ImageRecord> records = TestTars.readAll("s", shard);
    assertThat(records).extracting(ImageRecord::key).containsExactly("a/b", "a/c");
    assertThat(records.get(0).label()).isEqualTo(3);
    assertThat(records.get(0).image()).isEqualTo(TestTars.bytes(10, 1));
    // "seg.png" is not an image extension, so a/c has no image
    assertThat(records.get(1).problem())
        .isEqualTo("no image member (.jpg, .jpeg or .png) for key a/c");
  }

  @Test
  void prefersJpgThenJpegThenPngIgnoringCase() throws IOException {
    byte[] shard =
        new TestTars()
            .add("k.png", TestTars.bytes(3, 1))
            .add("k.JPEG", TestTars.bytes(3, 2))
            .add("k.Jpg", TestTars.bytes(3, 3))
            .add("k.cls", "1")
            .add("m.png", TestTars.bytes(3, 4))
            .add("m.jpeg", TestTars.bytes(3, 5))
            .add("m.CLS", "2")
            .tar(false);
    List<ImageRecord> records = TestTars.readAll("s", shard);
    assertThat(records.get(0).image()).isEqualTo(TestTars.bytes(3, 3));
    assertThat(records.get(1).image()).isEqualTo(TestTars.bytes(3, 5));
    assertThat(records.get(1).label()).isEqualTo(2);
  }

  @Test
  void everyBrokenSampleCase() throws IOException {
    byte[] shard =
        new TestTars()
            .add("noimg.cls", "1")
            .add("noimg.txt", "caption")
            .add("nolabel.jpg", TestTars.bytes(4, 1))
            .add("badlabel.png", TestTars.bytes(4, 2))
            .add("badlabel.cls", "abc")
            .add("negative.png", TestTars.bytes(4, 3))
            .add("negative.cls", "-3")
            .add("spaces.png", TestTars.bytes(4, 4))
            .add("spaces.cls", " 7\n")
            .add("empty.png", new byte[0])
            .add("empty.cls", "0")
            .add("toolong.png", TestTars.bytes(4, 5))
            .add("toolong.cls", "99999999999")
            .tar(true);
    List<ImageRecord> r = TestTars.readAll("s", shard);
    assertThat(r)
        .extracting(ImageRecord::key)
        .containsExactly("noimg", "nolabel", "badlabel", "negative", "spaces", "empty", "toolong");
    assertThat(r.get(0).problem()).isEqualTo("no image member (.jpg, .jpeg or .png) for key noimg");
    assertThat(r.get(0).label()).isEqualTo(1);
    assertThat(r.get(1).label()).isNull();
    assertThat(r.get(1).problem()).isEqualTo("no label (.cls member) for key nolabel");
    assertThat(r.get(2).problem()).isEqualTo("label 'abc' in badlabel.cls is not an integer");
    assertThat(r.get(3).problem()).isEqualTo("label -3 in negative.cls is negative");
    assertThat(r.get(3).image()).isNull();
    assertThat(r.get(4).isBroken()).isFalse();
    assertThat(r.get(4).label()).isEqualTo(7);
    assertThat(r.get(5).isBroken()).isFalse();
    assertThat(r.get(5).image()).isEmpty();
    assertThat(r.get(6).problem()).contains("'99999999999'").contains("not an integer");
  }

  @Test
  void hiddenMembersAndDirectoriesDoNotBreakGrouping() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      tar.putArchiveEntry(new TarArchiveEntry("d/"));
      tar.closeArchiveEntry();
      put(tar, "d/x.jpg", TestTars.bytes(6, 1));
      put(tar, "d/._x.jpg", TestTars.bytes(6, 2));
      put(tar, "d/x.cls", "5".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
    List<ImageRecord> r = TestTars.readAll("s", out.toByteArray());
    assertThat(r).hasSize(1);
    assertThat(r.get(0).key()).isEqualTo("d/x");
    assertThat(r.get(0).label()).isEqualTo(5);
    assertThat(r.get(0).image()).isEqualTo(TestTars.bytes(6, 1));
  }

  private static void put(TarArchiveOutputStream tar, String name, byte[] data) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(data.length);
    tar.putArchiveEntry(e);
    tar.write(data);
    tar.closeArchiveEntry();
  }

  @Test
  void aKeySeenAgainLaterIsANewSample() throws IOException {
    byte[] shard =
        new TestTars()
            .add("a.png", TestTars.bytes(2, 1))
            .add("b.cls", "1")
            .add("a.cls", "2")
            .tar(false);
    List<ImageRecord> r = TestTars.readAll("s", shard);
    assertThat(r).extracting(ImageRecord::key).containsExactly("a", "b", "a");
    assertThat(r).allMatch(ImageRecord::isBroken);
  }

  /**
   * Cuts a shard at every byte before its end-of-archive marker: the samples wholly before the cut
   * come back intact, nothing is invented, and the last record always reports the damage.
   */
  @Test
  void truncatedTarNeverLosesRecordsSilently() throws IOException {
    byte[] full = sampleShard(3, false);
    List<ImageRecord> whole = TestTars.readAll("s", full);
    int dataEnd = 0;
    for (int i = 0; i < 3; i++) {
      dataEnd += 512 + roundUp(100 + 37 * i) + 512 + 512;
    }
    int markerEnd = dataEnd + 512;
    int cutsAtMembers = 0;
    for (int cut = 0; cut < full.length; cut++) {
      List<ImageRecord> r = TestTars.readAll("s", Arrays.copyOf(full, cut));
      if (cut >= markerEnd) {
        assertThat(r).as("cut at %d", cut).hasSize(3).noneMatch(ImageRecord::isBroken);
        continue;
      }
      assertThat(r).as("cut at %d", cut).isNotEmpty();
      ImageRecord last = r.get(r.size() - 1);
      assertThat(last.isBroken()).as("cut at %d", cut).isTrue();
      assertThat(last.problem())
          .as("cut at %d", cut)
          .containsAnyOf("truncated or corrupt", "shard is empty");
      // before the damage record: whole samples as written; only the one cut off before its
      // label member may be broken (and then says so)
      List<ImageRecord> before = r.subList(0, r.size() - 1);
      for (int i = 0; i < before.size(); i++) {
        ImageRecord got = before.get(i);
        assertThat(got.key()).isEqualTo(whole.get(i).key());
        if (got.isBroken()) {
          assertThat(i).as("cut at %d", cut).isEqualTo(before.size() - 1);
          assertThat(got.problem()).startsWith("no label");
        } else {
          assertThat(got.image()).isEqualTo(whole.get(i).image());
          assertThat(got.label()).isEqualTo(whole.get(i).label());
        }
      }
      // the damage record names the sample whose member was cut, or the shard
      assertThat(last.key()).isIn("s-000", "s-001", "s-002", WebDatasetReader.SHARD_KEY);
      if (!last.key().equals(WebDatasetReader.SHARD_KEY)) {
        assertThat(before).extracting(ImageRecord::key).doesNotContain(last.key());
      }
      cutsAtMembers += last.key().equals(WebDatasetReader.SHARD_KEY) ? 1 : 0;
    }
    assertThat(cutsAtMembers).isGreaterThan(0).isLessThan(markerEnd);
  }

  private static int roundUp(int n) {
    return (n + 511) / 512 * 512;
  }

  @Test
  void truncatedGzipKeepsWhatWasRead() throws IOException {
    byte[] full = sampleShard(200, true);
    List<ImageRecord> r = TestTars.readAll("s", Arrays.copyOf(full, full.length / 2));
    ImageRecord last = r.get(r.size() - 1);
    assertThat(last.problem()).startsWith("shard truncated or corrupt at tar byte ");
    assertThat(r.size()).isBetween(50, 150);
    assertThat(r.subList(0, r.size() - 1)).noneMatch(ImageRecord::isBroken);
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 10, 130})
  void corruptHeaderIsReportedAfterTheGoodSamples(int offset) throws IOException {
    byte[] shard = sampleShard(3, false);
    int secondSample = 512 + roundUp(100) + 512 + 512;
    shard[secondSample + offset] ^= 0x55; // the header's checksum no longer matches
    List<ImageRecord> r = TestTars.readAll("s", shard);
    assertThat(r).hasSize(2);
    assertThat(r.get(0).isBroken()).isFalse();
    assertThat(r.get(0).key()).isEqualTo("s-000");
    assertThat(r.get(1).key()).isEqualTo(WebDatasetReader.SHARD_KEY);
    assertThat(r.get(1).problem())
        .contains("at tar byte " + (secondSample + 512))
        .contains("reading the header after 2 member(s)");
  }

  @Test
  void garbageEmptyAndMissingShardsGiveOneShardRecord(@TempDir Path dir) {
    List<ImageRecord> garbage = TestTars.readAll("g", TestTars.bytes(5000, 9));
    assertThat(garbage).hasSize(1);
    assertThat(garbage.get(0).key()).isEqualTo(WebDatasetReader.SHARD_KEY);
    assertThat(garbage.get(0).problem()).contains("truncated or corrupt");

    List<ImageRecord> empty = TestTars.readAll("e", new byte[0]);
    assertThat(empty).extracting(ImageRecord::problem).containsExactly("shard is empty (0 bytes)");

    List<ImageRecord> missing = new ArrayList<>();
    String path = dir.resolve("nope.tar").toString();
    try (WebDatasetReader reader = WebDatasetReader.open(path, new Configuration())) {
      reader.forEachRemaining(missing::add);
    }
    assertThat(missing).hasSize(1);
    assertThat(missing.get(0).problem()).startsWith("cannot open shard: FileNotFoundException");
    assertThat(missing.get(0).source()).isEqualTo(path);
  }

  @Test
  void readsLazilyNotTheWholeShard() throws IOException {
    byte[] shard = sampleShard(500, false);
    long[] consumed = {0};
    InputStream counting =
        new FilterInputStream(new ByteArrayInputStream(shard)) {
          @Override
          public int read() throws IOException {
            int b = super.read();
            consumed[0] += b < 0 ? 0 : 1;
            return b;
          }

          @Override
          public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            consumed[0] += Math.max(n, 0);
            return n;
          }
        };
    try (WebDatasetReader reader = WebDatasetReader.of("s", () -> counting)) {
      assertThat(reader.next().key()).isEqualTo("s-000");
      assertThat(consumed[0]).isLessThan(shard.length / 4);
      int n = 1;
      while (reader.hasNext()) {
        reader.next();
        n++;
      }
      assertThat(n).isEqualTo(500);
    }
  }
}
