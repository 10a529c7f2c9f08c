package dev.gaze.source;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds small tar shards in memory for the tests. */
final class TestTars {

  private final List<String> names = new ArrayList<>();
  private final List<byte[]> data = new ArrayList<>();

  TestTars add(String name, byte[] bytes) {
    names.add(name);
    data.add(bytes);
    return this;
  }

  TestTars add(String name, String text) {
    return add(name, text.getBytes(StandardCharsets.UTF_8));
  }

  byte[] tar(boolean gzip) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (WebDatasetWriter writer = WebDatasetWriter.create(out, gzip)) {
      for (int i = 0; i < names.size(); i++) {
        writer.writeMember(names.get(i), data.get(i));
      }
    }
    return out.toByteArray();
  }

  static List<ImageRecord> readAll(String source, byte[] shard) {
    List<ImageRecord> out = new ArrayList<>();
    try (WebDatasetReader reader =
        WebDatasetReader.of(source, () -> new java.io.ByteArrayInputStream(shard))) {
      reader.forEachRemaining(out::add);
    }
    return out;
  }

  static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + seed);
    }
    return b;
  }
}
