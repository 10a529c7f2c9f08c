package dev.gaze.image;

import static org.bytedeco.leptonica.global.leptonica.L_SEVERITY_NONE;
import static org.bytedeco.leptonica.global.leptonica.getImagelibVersions;
import static org.bytedeco.leptonica.global.leptonica.getLeptonicaVersion;
import static org.bytedeco.leptonica.global.leptonica.pixDestroy;
import static org.bytedeco.leptonica.global.leptonica.pixEndianByteSwap;
import static org.bytedeco.leptonica.global.leptonica.pixGetData;
import static org.bytedeco.leptonica.global.leptonica.pixGetDepth;
import static org.bytedeco.leptonica.global.leptonica.pixGetHeight;
import static org.bytedeco.leptonica.global.leptonica.pixGetWidth;
import static org.bytedeco.leptonica.global.leptonica.pixGetWpl;
import static org.bytedeco.leptonica.global.leptonica.pixReadMemJpeg;
import static org.bytedeco.leptonica.global.leptonica.pixReadMemPng;
import static org.bytedeco.leptonica.global.leptonica.setMsgSeverity;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.leptonica.PIX;
import org.bytedeco.leptonica.global.leptonica;

/**
 * The native JPEG and PNG decoders: libjpeg-turbo (with its SIMD code) and libpng as Leptonica
 * bundles them in the {@code org.bytedeco:leptonica} jars, called through JavaCPP; loaded once per
 * JVM. Leptonica reads with libjpeg's defaults (integer DCT, fancy upsampling), as Pillow does, and
 * applies neither EXIF orientation nor ICC profiles, as Pillow does not.
 *
 * <p>JavaCPP extracts the natives from their jar into its cache directory, {@code ~/.javacpp/cache}
 * unless the system property {@value #CACHE_PROPERTY} names another. Where the home directory
 * cannot be written (read-only or missing, as on some executors) and that property is not set, this
 * class sets it to {@code java.io.tmpdir/gaze-javacpp-<user>/cache} first. If the natives still do
 * not load, {@link #available()} is false, {@link #problem()} says why, and {@link ImageDecoder}
 * uses ImageIO for everything.
 *
 * <p>The system property {@value #DECODER_PROPERTY} chooses the decoder for the whole JVM: {@code
 * auto} (the default: the native decoders where they apply, see {@link ImageHeader}) or {@code
 * imageio} (never load them). On a cluster set it for the executors too, as {@code --conf
 * spark.executor.extraJavaOptions=-Dgaze.decoder=imageio}.
 */
public final class NativeCodecs {

  /** The system property that chooses the decoder: {@code auto} or {@code imageio}. */
  public static final String DECODER_PROPERTY = "gaze.decoder";

  /** JavaCPP's system property for the directory it extracts natives into. */
  static final String CACHE_PROPERTY = "org.bytedeco.javacpp.cachedir";

  private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

  private NativeCodecs() {}

  /**
   * Checks the value of {@value #DECODER_PROPERTY}, so that a bad one stops a run before it starts.
   *
   * @return whether it allows the native decoders: true for {@code auto} or when unset, false for
   *     {@code imageio}
   * @throws IllegalArgumentException for any other value, naming the valid ones
   */
  public static boolean allowedByProperty() {
    String value = System.getProperty(DECODER_PROPERTY);
    if (value == null || value.equals("auto")) {
      return true;
    }
    if (value.equals("imageio")) {
      return false;
    }
    throw new IllegalArgumentException(
        "-D" + DECODER_PROPERTY + "=" + value + " is not a decoder; valid: auto, imageio");
  }

  /** Whether the natives are loaded (loading them on first call) and allowed. */
  public static boolean available() {
    return allowedByProperty() && Natives.PROBLEM == null;
  }

  /**
   * Why the native decoders are not used, or null when they are: the natives failed to load (with
   * the error), or {@value #DECODER_PROPERTY} is {@code imageio}.
   */
  public static String problem() {
    if (!allowedByProperty()) {
      return "-D" + DECODER_PROPERTY + "=imageio";
    }
    return Natives.PROBLEM;
  }

  /**
   * The versions, as {@code "leptonica-1.85.0, libjpeg-turbo 3.0.1, libpng 1.6.47"}, or null when
   * the natives did not load.
   */
  public static String version() {
    return Natives.VERSION;
  }

  /** The directory JavaCPP extracted the natives into, or null when they did not load. */
  public static String cacheDir() {
    try {
      return Natives.PROBLEM == null ? Loader.getCacheDir().getPath() : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** The natives, loaded when this class is first used; class initialisation makes it safe. */
  private static final class Natives {
    static final String PROBLEM;
    static final String VERSION;

    static {
      String problem = null;
      String version = null;
      try {
        chooseCacheDir();
        Loader.load(leptonica.class);
        setMsgSeverity(L_SEVERITY_NONE); // a refused file is reported by the ImageIO path
        version = versions(getLeptonicaVersion().getString(), getImagelibVersions().getString());
      } catch (RuntimeException | LinkageError e) {
        problem = oneLine(e);
      }
      PROBLEM = problem;
      VERSION = version;
    }

    /**
     * {@code "leptonica-1.85.0, libjpeg-turbo 3.0.1, libpng 1.6.47"} from Leptonica's own version
     * and its list of image libraries ({@code "libgif 5.2.2 : libjpeg 6b (libjpeg-turbo 3.0.1) :
     * libpng 1.6.47 : ..."}).
     */
    static String versions(String leptonica, String libraries) {
      StringBuilder text = new StringBuilder(leptonica);
      for (String lib : libraries.split(" : ")) {
        String name = lib.trim();
        int open = name.indexOf('(');
        if (name.startsWith("libjpeg") && open >= 0 && name.endsWith(")")) {
          text.append(", ").append(name, open + 1, name.length() - 1);
        } else if (name.startsWith("libjpeg") || name.startsWith("libpng")) {
          text.append(", ").append(name);
        }
      }
      return text.toString();
    }

    private static void chooseCacheDir() {
      if (System.getProperty(CACHE_PROPERTY) != null
          || System.getProperty("org.bytedeco.javacpp.cacheDir") != null) {
        return;
      }
      String home = System.getProperty("user.home");
      if (home != null && writable(Path.of(home, ".javacpp", "cache"))) {
        return;
      }
      Path tmp =
          Path.of(
              System.getProperty("java.io.tmpdir"),
              "gaze-javacpp-" + System.getProperty("user.name", "user"),
              "cache");
      if (writable(tmp)) {
        System.setProperty(CACHE_PROPERTY, tmp.toString());
      }
    }

    /** Whether {@code dir} exists or can be made, and a file can be made in it. */
    private static boolean writable(Path dir) {
      try {
        Files.createDirectories(dir);
        Files.delete(Files.createTempFile(dir, ".gaze", ".probe"));
        return true;
      } catch (IOException | RuntimeException e) {
        return false;
      }
    }

    private static String oneLine(Throwable e) {
      StringBuilder text = new StringBuilder();
      for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        if (text.indexOf(m) < 0) {
          text.append(text.length() == 0 ? "" : ": ").append(m);
        }
      }
      return "the native decoders did not load: " + text.toString().replaceAll("\\s+", " ").trim();
    }
  }

  /**
   * Decodes with Leptonica into 8-bit grey ({@code channels == 1}) or RGB samples. Call only when
   * {@link #available()}.
   *
   * @return the samples, or null when the bytes did not decode cleanly (an error, or a libjpeg
   *     warning such as a premature end): the caller falls back to ImageIO, which names the problem
   */
  static ByteSamples decode(ImageFormat format, byte[] bytes, int channels) {
    int[] warnings = new int[1];
    PIX pix;
    try {
      pix =
          format == ImageFormat.JPEG
              ? pixReadMemJpeg(bytes, bytes.length, 0, 1, warnings, 0)
              : pixReadMemPng(bytes, bytes.length);
    } catch (RuntimeException e) {
      return null; // JavaCPP could not pass the array: ImageIO decodes it
    }
    if (pix == null || pix.isNull()) {
      return null;
    }
    try {
      int depth = pixGetDepth(pix);
      if (warnings[0] != 0 || !(depth == 32 || (depth == 8 && channels == 1))) {
        return null;
      }
      int width = pixGetWidth(pix);
      int height = pixGetHeight(pix);
      int rowStride = Math.multiplyExact(pixGetWpl(pix), 4);
      if (depth == 8 && LITTLE_ENDIAN) {
        pixEndianByteSwap(pix); // Leptonica keeps 8-bit pixels in big-endian order in each word
      }
      byte[] data = new byte[Math.multiplyExact(rowStride, height)];
      new BytePointer(pixGetData(pix)).get(data);
      if (depth == 8) {
        return new ByteSamples(width, height, data, new int[] {0}, 1, rowStride);
      }
      // a 32-bit word per pixel, R in the most significant byte (R = G = B for grey+alpha PNGs)
      int[] rgb = LITTLE_ENDIAN ? new int[] {3, 2, 1} : new int[] {0, 1, 2};
      int[] offsets = channels == 1 ? new int[] {rgb[0]} : rgb;
      return new ByteSamples(width, height, data, offsets, 4, rowStride);
    } finally {
      pixDestroy(pix);
    }
  }
}
