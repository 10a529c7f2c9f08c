package dev.gaze.image;

import java.io.Serializable;

/**
 * Turns a {@link DecodedImage} into the normalised {@code channels x height x width} tensor an
 * {@link InputSpec} describes, as torchvision's eval transform does on a Pillow image.
 *
 * <ol>
 *   <li>Colour: RGB to grey with ITU-R 601 luma {@code L = 0.299 R + 0.587 G + 0.114 B} (Pillow's
 *       {@code convert("L")}, here in float, without rounding to 8 bits); grey to RGB by
 *       replication (done after resizing, which gives the same values with a third of the work).
 *   <li>Size, by the spec's {@link ResizePolicy} with {@link Resampler}: {@link
 *       ResizePolicy#SHORTER_SIDE_THEN_CENTER_CROP} resizes so that the shorter side is {@code
 *       resizeTo} and the longer {@code int(resizeTo * long / short)} (torchvision's {@code
 *       Resize(int)}), then cuts the centre at offset {@code round((size - crop) / 2.0)} with
 *       Python's round-half-even; where the crop is larger than the image it is zero-padded as
 *       torchvision's {@code CenterCrop} does. {@link ResizePolicy#STRETCH} resizes straight to
 *       {@code height x width}. An image already of the size to resize to is not resampled at all,
 *       so it passes bit-exactly. Only the pixels the crop keeps are computed ({@link
 *       RegionResampler}), with the values that resizing the whole image and cropping gives.
 *   <li>Normalisation: {@code (v - mean[c]) / std[c]}, in float.
 * </ol>
 *
 * <p>Immutable, thread safe and serializable (it holds only the spec).
 */
public final class Preprocessor implements Serializable {

  private static final long serialVersionUID = 1L;

  private final InputSpec spec;
  private final float[] mean;
  private final float[] std;

  /**
   * Creates a preprocessor for a model input.
   *
   * @param spec the model's input spec
   */
  public Preprocessor(InputSpec spec) {
    this.spec = java.util.Objects.requireNonNull(spec, "spec");
    this.mean = spec.mean();
    this.std = spec.std();
  }

  /** The spec this preprocessor produces tensors for. */
  public InputSpec spec() {
    return spec;
  }

  /**
   * Preprocesses one image into a new array.
   *
   * @param image the decoded image, grey or RGB, any size
   * @return {@link InputSpec#size()} values, CHW
   */
  public float[] apply(DecodedImage image) {
    float[] out = new float[spec.size()];
    apply(image, out, 0);
    return out;
  }

  /**
   * Preprocesses one image into {@code dst[offset .. offset + spec().size())}, e.g. one slot of a
   * batch buffer.
   *
   * @param image the decoded image, grey or RGB, any size
   * @param dst the array to write into
   * @param offset where the image's CHW values start
   * @throws IndexOutOfBoundsException if the values do not fit into {@code dst} at {@code offset}
   */
  public void apply(DecodedImage image, float[] dst, int offset) {
    if (offset < 0 || offset > dst.length - spec.size()) {
      throw new IndexOutOfBoundsException(
          "need "
              + spec.size()
              + " values at offset "
              + offset
              + " but the array holds "
              + dst.length);
    }
    DecodedImage work =
        spec.channels() == 1 && image.channels() == 3
            ? DecodedImage.wrap(image.width(), image.height(), 1, luma(image))
            : image;
    int channels = work.channels();
    int h = work.height();
    int w = work.width();
    int rh;
    int rw;
    if (spec.policy() == ResizePolicy.STRETCH) {
      rh = spec.height();
      rw = spec.width();
    } else {
      int[] size = shorterSideSize(h, w, spec.resizeTo());
      rh = size[0];
      rw = size[1];
    }
    int outH = spec.height();
    int outW = spec.width();
    int top = cropOffset(rh, outH);
    int left = cropOffset(rw, outW);
    // The part of the resized image the crop keeps, rows y0 .. y0 + kh, columns x0 .. x0 + kw;
    // the rest of the crop is zero padding.
    int y0 = Math.max(top, 0);
    int x0 = Math.max(left, 0);
    int kh = Math.min(top + outH, rh) - y0;
    int kw = Math.min(left + outW, rw) - x0;
    boolean resample = rh != h || rw != w;
    if (resample && kh == outH && kw == outW && channels == spec.channels()) {
      // The common case: the resampled crop goes straight into dst, then is normalised there.
      RegionResampler.resize(work, rh, rw, spec.interpolation(), y0, x0, kh, kw, dst, offset);
      int plane = outH * outW;
      for (int c = 0; c < channels; c++) {
        float m = mean[c];
        float s = std[c];
        for (int i = offset + c * plane, end = i + plane; i < end; i++) {
          dst[i] = (dst[i] - m) / s;
        }
      }
      return;
    }
    float[] kept;
    int keptOffset;
    int keptStride;
    int keptPlane;
    if (!resample) {
      kept = work.data();
      keptOffset = y0 * w + x0;
      keptStride = w;
      keptPlane = h * w;
    } else {
      kept = RegionResampler.resize(work, rh, rw, spec.interpolation(), y0, x0, kh, kw);
      keptOffset = 0;
      keptStride = kw;
      keptPlane = kh * kw;
    }
    for (int c = 0; c < spec.channels(); c++) {
      int plane = (channels == 1 ? 0 : c) * keptPlane + keptOffset;
      float m = mean[c];
      float s = std[c];
      float pad = (0f - m) / s;
      for (int y = 0; y < outH; y++) {
        int ky = y + top - y0;
        int o = offset + (c * outH + y) * outW;
        if (ky < 0 || ky >= kh) {
          java.util.Arrays.fill(dst, o, o + outW, pad);
          continue;
        }
        int row = plane + ky * keptStride;
        int x = 0;
        for (; x < x0 - left; x++) {
          dst[o + x] = pad;
        }
        for (int end = x + kw; x < end; x++) {
          dst[o + x] = (kept[row + x + left - x0] - m) / s;
        }
        for (; x < outW; x++) {
          dst[o + x] = pad;
        }
      }
    }
  }

  /** Pillow's {@code convert("L")} weights, applied in float. */
  static float[] luma(DecodedImage image) {
    if (image.bytes() != null) {
      return image.bytes().luma();
    }
    float[] rgb = image.data();
    int plane = image.width() * image.height();
    float[] grey = new float[plane];
    for (int i = 0; i < plane; i++) {
      grey[i] = 0.299f * rgb[i] + 0.587f * rgb[plane + i] + 0.114f * rgb[2 * plane + i];
    }
    return grey;
  }

  /**
   * torchvision's {@code Resize(int)}: the shorter side becomes {@code size}, the longer {@code
   * int(size * long / short)}.
   *
   * @return {height, width}
   */
  static int[] shorterSideSize(int height, int width, int size) {
    if (width <= height) {
      return new int[] {(int) ((double) size * height / width), size};
    }
    return new int[] {size, (int) ((double) size * width / height)};
  }

  /**
   * Where the crop starts in one axis: torchvision's {@code int(round((size - crop) / 2.0))}
   * (half-even), or minus the left/top zero padding {@code (crop - size) // 2} when the crop is
   * larger.
   */
  static int cropOffset(int size, int crop) {
    if (crop > size) {
      return -((crop - size) / 2);
    }
    return (int) Math.rint((size - crop) / 2.0);
  }
}
