package dev.gaze.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class IdxTest {

  /** An IDX file written byte by byte from its definition. */
  static byte[] idx(int magic, int[] dims, byte[] body, boolean gzip) throws IOException {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(raw);
    out.writeInt(magic);
    for (int d : dims) {
      out.writeInt(d);
    }
    out.write(body);
    out.flush();
    if (!gzip) {
      return raw.toByteArray();
    }
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
      z.write(raw.toByteArray());
    }
    return gz.toByteArray();
  }

  @Test
  void readsImagesPlainAndGzipped() throws IOException {
    byte[] body = new byte[3 * 2 * 4];
    for (int i = 0; i < body.length; i++) {
      body[i] = (byte) (i * 11);
    }
    for (boolean gzip : new boolean[] {false, true}) {
      IdxImages images =
          Idx.readImages(
              new ByteArrayInputStream(idx(0x803, new int[] {3, 2, 4}, body, gzip)), "t");
      assertThat(images.count()).isEqualTo(3);
      assertThat(images.rows()).isEqualTo(2);
      assertThat(images.cols()).isEqualTo(4);
      assertThat(images.image(1)).isEqualTo(Arrays.copyOfRange(body, 8, 16));
      assertThat(images.image(2)[7]).isEqualTo((byte) (23 * 11));
    }
  }

  @Test
  void readsLabelsAsUnsigned() throws IOException {
    byte[] body = {0, 9, (byte) 200};
    int[] labels =
        Idx.readLabels(new ByteArrayInputStream(idx(0x801, new int[] {3}, body, true)), "l");
    assertThat(labels).containsExactly(0, 9, 200);
  }

  @Test
  void wrongMagicSaysWhatItIsAndWhatWasExpected() throws IOException {
    byte[] labels = idx(0x801, new int[] {1}, new byte[1], false);
    assertThatThrownBy(() -> Idx.readImages(new ByteArrayInputStream(labels), "f.idx"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "f.idx has magic number 0x00000801 (IDX labels); expected 0x00000803 (IDX images"
                + " [n, rows, cols] of unsigned bytes)");
  }

  @Test
  void sizeProblemsAreReported() throws IOException {
    byte[] shortBody = idx(0x803, new int[] {2, 2, 2}, new byte[7], false);
    assertThatThrownBy(() -> Idx.readImages(new ByteArrayInputStream(shortBody), "f"))
        .hasMessage("f holds 7 of its 8 data bytes (truncated?)");
    byte[] longBody = idx(0x801, new int[] {2}, new byte[3], true);
    assertThatThrownBy(() -> Idx.readLabels(new ByteArrayInputStream(longBody), "f"))
        .hasMessage("f has bytes after the 2 data bytes its header declares");
    byte[] zeroRows = idx(0x803, new int[] {1, 0, 2}, new byte[0], false);
    assertThatThrownBy(() -> Idx.readImages(new ByteArrayInputStream(zeroRows), "f"))
        .hasMessage("f declares rows 0; expected at least 1");
    assertThatThrownBy(() -> Idx.readImages(new ByteArrayInputStream(new byte[2]), "f"))
        .hasMessageContaining("too short for an IDX header");
    byte[] cutHeader = Arrays.copyOf(idx(0x803, new int[] {1, 1, 1}, new byte[1], false), 9);
    assertThatThrownBy(() -> Idx.readImages(new ByteArrayInputStream(cutHeader), "f"))
        .hasMessage("f ends inside its IDX header (reading rows)");
  }
}
