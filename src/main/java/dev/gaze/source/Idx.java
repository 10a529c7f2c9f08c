package dev.gaze.source;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads IDX files (the MNIST format), gzipped or not (detected by magic bytes): images, magic
 * {@code 0x00000803} with dimensions {@code [n, rows, cols]} of unsigned bytes, and labels, magic
 * {@code 0x00000801} with dimension {@code [n]}. Malformed files are reported with an {@link
 * IllegalArgumentException} naming the file and what was expected.
 */
public final class Idx {

  /** Magic number of an IDX file of unsigned bytes with three dimensions. */
  public static final int IMAGES_MAGIC = 0x00000803;

  /** Magic number of an IDX file of unsigned bytes with one dimension. */
  public static final int LABELS_MAGIC = 0x00000801;

  private static final long MAX_BYTES = Integer.MAX_VALUE - 8;

  private Idx() {}

  /** Reads an image file. */
  public static IdxImages readImages(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return readImages(in, file.toString());
    }
  }

  /** Reads a label file: one unsigned byte a sample, returned as ints 0..255. */
  public static int[] readLabels(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return readLabels(in, file.toString());
    }
  }

  /** Reads an image file from {@code in}; {@code where} names it in messages. */
  public static IdxImages readImages(InputStream in, String where) throws IOException {
    DataInputStream data = new DataInputStream(ShardStreams.maybeGunzip(in));
    checkMagic(data, IMAGES_MAGIC, where, "IDX images [n, rows, cols] of unsigned bytes");
    int count = dimension(data, where, "image count", 0);
    int rows = dimension(data, where, "rows", 1);
    int cols = dimension(data, where, "cols", 1);
    long size = (long) count * rows * cols;
    if (size > MAX_BYTES) {
      throw new IllegalArgumentException(
          where + " declares " + count + " x " + rows + " x " + cols + " bytes, too many to read");
    }
    byte[] pixels = body(data, (int) size, where);
    return new IdxImages(count, rows, cols, pixels);
  }

  /** Reads a label file from {@code in}; {@code where} names it in messages. */
  public static int[] readLabels(InputStream in, String where) throws IOException {
    DataInputStream data = new DataInputStream(ShardStreams.maybeGunzip(in));
    checkMagic(data, LABELS_MAGIC, where, "IDX labels [n] of unsigned bytes");
    int count = dimension(data, where, "label count", 0);
    byte[] raw = body(data, count, where);
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      labels[i] = raw[i] & 0xff;
    }
    return labels;
  }

  private static void checkMagic(DataInputStream in, int expected, String where, String what)
      throws IOException {
    int magic;
    try {
      magic = in.readInt();
    } catch (EOFException e) {
      throw new IllegalArgumentException(
          where + " is too short for an IDX header; expected " + what);
    }
    if (magic != expected) {
      throw new IllegalArgumentException(
          where
              + " has magic number "
              + hex(magic)
              + describe(magic)
              + "; expected "
              + hex(expected)
              + " ("
              + what
              + ")");
    }
  }

  private static String describe(int magic) {
    if (magic == IMAGES_MAGIC) {
      return " (IDX images)";
    }
    if (magic == LABELS_MAGIC) {
      return " (IDX labels)";
    }
    return "";
  }

  private static int dimension(DataInputStream in, String where, String name, int min)
      throws IOException {
    int value;
    try {
      value = in.readInt();
    } catch (EOFException e) {
      throw new IllegalArgumentException(
          where + " ends inside its IDX header (reading " + name + ")");
    }
    if (value < min) {
      throw new IllegalArgumentException(
          where + " declares " + name + " " + value + "; expected at least " + min);
    }
    return value;
  }

  private static byte[] body(DataInputStream in, int size, String where) throws IOException {
    byte[] out = in.readNBytes(size);
    if (out.length != size) {
      throw new IllegalArgumentException(
          where + " holds " + out.length + " of its " + size + " data bytes (truncated?)");
    }
    if (in.read() != -1) {
      throw new IllegalArgumentException(
          where + " has bytes after the " + size + " data bytes its header declares");
    }
    return out;
  }

  private static String hex(int value) {
    return String.format("0x%08x", value);
  }
}
