package dev.gaze.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The members of one WebDataset sample gathered while streaming a shard, turned into one record
 * once the key changes. Only image and label members are read; other members are skipped unread.
 */
final class WebDatasetSample {

  /** Image extensions in order of preference. */
  private static final String[] IMAGE_EXTENSIONS = {"jpg", "jpeg", "png"};

  private static final int MAX_LABEL_BYTES = 1024;

  private final String source;
  private final String key;
  private final byte[][] images = new byte[IMAGE_EXTENSIONS.length][];
  private byte[] label;
  private String tooLarge;

  WebDatasetSample(String source, String key) {
    this.source = source;
    this.key = key;
  }

  String key() {
    return key;
  }

  /** Takes in one member whose data {@code in} is positioned at (and limited to). */
  void accept(String extension, long size, InputStream in) throws IOException {
    String ext = extension.toLowerCase(Locale.ROOT);
    if (ext.equals("cls")) {
      if (label == null) {
        label = size > MAX_LABEL_BYTES ? new byte[0] : in.readAllBytes();
        if (size > MAX_LABEL_BYTES) {
          tooLarge = "label member " + key + "." + extension + " is " + size + " bytes";
        }
      }
      return;
    }
    for (int i = 0; i < IMAGE_EXTENSIONS.length; i++) {
      if (ext.equals(IMAGE_EXTENSIONS[i]) && images[i] == null) {
        if (size > WebDatasetReader.MAX_MEMBER_BYTES) {
          tooLarge =
              "image member "
                  + key
                  + "."
                  + extension
                  + " is "
                  + size
                  + " bytes, over the limit of "
                  + WebDatasetReader.MAX_MEMBER_BYTES;
        } else {
          images[i] = in.readAllBytes();
        }
        return;
      }
    }
  }

  /**
   * The record this sample makes: usable, or broken with the first problem found (carrying the
   * label when that much could be read, so that errors can be counted per class).
   */
  ImageRecord toRecord() {
    byte[] image = null;
    for (byte[] candidate : images) {
      if (candidate != null) {
        image = candidate;
        break;
      }
    }
    String labelProblem = null;
    Integer value = null;
    if (label == null) {
      labelProblem = "no label (.cls member) for key " + key;
    } else {
      String text = new String(label, StandardCharsets.UTF_8).trim();
      try {
        value = Integer.parseInt(text);
        if (value < 0) {
          labelProblem = "label " + value + " in " + key + ".cls is negative";
          value = null;
        }
      } catch (NumberFormatException e) {
        labelProblem = "label '" + Problems.quote(text) + "' in " + key + ".cls is not an integer";
      }
    }
    if (tooLarge != null) {
      return ImageRecord.broken(source, key, value, tooLarge);
    }
    if (image == null) {
      return ImageRecord.broken(
          source, key, value, "no image member (.jpg, .jpeg or .png) for key " + key);
    }
    if (labelProblem != null) {
      return ImageRecord.broken(source, key, null, labelProblem);
    }
    return ImageRecord.of(source, key, value, image);
  }
}
