package dev.gaze.image;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR_BGR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_GRAYSCALE;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * OpenCV's imgcodecs through JavaCPP (the {@code org.bytedeco:opencv} jars): the natives, loaded
 * once per JVM, and the one call Gaze makes, {@code imdecode}.
 *
 * <p>JavaCPP extracts the natives from their jars into its cache directory, {@code
 * ~/.javacpp/cache} unless the system property {@value #CACHE_PROPERTY} names another. Where the
 * home directory cannot be written (read-only or missing, as on some executors) and that property
 * is not set, this class sets it to {@code java.io.tmpdir/gaze-javacpp-<user>} first. If the
 * natives still do not load, {@link #available()} is false, {@link #problem()} says why, and {@link
 * ImageDecoder} uses ImageIO for everything.
 *
 * <p>The system property {@value #DECODER_PROPERTY} chooses the decoder for the whole JVM: {@code
 * auto} (the default: OpenCV where it applies, see {@link ImageHeader}) or {@code imageio} (never
 * load OpenCV). On a cluster set it for the executors, as {@code --conf
 * spark.executor.extraJavaOptions=-Dgaze.decoder=imageio}.
 */
public final class OpenCvCodecs {

  /** The system property that chooses the decoder: {@code auto} or {@code imageio}. */
  public static final String DECODER_PROPERTY = "gaze.decoder";

  /** JavaCPP's system property for the directory it extracts natives into. */
  static final String CACHE_PROPERTY = "org.bytedeco.javacpp.cachedir";

  private OpenCvCodecs() {}

  /**
   * Checks the value of {@value #DECODER_PROPERTY}, so that a bad one stops a run before it starts.
   *
   * @return whether it allows OpenCV: true for {@code auto} or when unset, false for {@code
   *     imageio}
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

  /** Whether OpenCV's natives are loaded (loading them on first call) and allowed. */
  public static boolean available() {
    return allowedByProperty() && Natives.PROBLEM == null;
  }

  /**
   * Why OpenCV is not used, or null when it is: the natives failed to load (with the error), or
   * {@value #DECODER_PROPERTY} is {@code imageio}.
   */
  public static String problem() {
    if (!allowedByProperty()) {
      return "-D" + DECODER_PROPERTY + "=imageio";
    }
    return Natives.PROBLEM;
  }

  /** OpenCV's version ("4.11.0"), or null when the natives did not load. */
  public static String version() {
    return Natives.VERSION;
  }

  /** The directory JavaCPP extracts natives into (after loading), or null if unknown. */
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
        Loader.load(opencv_imgcodecs.class);
        version = opencv_core.CV_VERSION();
      } catch (RuntimeException | LinkageError e) {
        problem = oneLine(e);
      }
      PROBLEM = problem;
      VERSION = version;
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
      return "OpenCV's natives did not load: " + text.toString().replaceAll("\\s+", " ").trim();
    }
  }

  /**
   * Decodes with {@code imdecode}, ignoring EXIF orientation, as grey ({@code channels == 1}) or
   * BGR. Call only when {@link #available()}.
   *
   * @return the samples, or null when OpenCV could not decode the bytes (the caller falls back)
   */
  static ByteSamples decode(byte[] bytes, int channels) {
    int flags = (channels == 1 ? IMREAD_GRAYSCALE : IMREAD_COLOR_BGR) | IMREAD_IGNORE_ORIENTATION;
    try (BytePointer in = new BytePointer(bytes);
        Mat buffer = new Mat(1, bytes.length, CV_8UC1, in);
        Mat image = imdecode(buffer, flags)) {
      if (image.empty()
          || image.channels() != channels
          || image.depth() != opencv_core.CV_8U
          || !image.isContinuous()) {
        return null;
      }
      int width = image.cols();
      int height = image.rows();
      byte[] data = new byte[Math.multiplyExact(width * channels, height)];
      image.data().get(data);
      int[] offsets = channels == 1 ? new int[] {0} : new int[] {2, 1, 0};
      return new ByteSamples(width, height, data, offsets, channels, width * channels);
    } catch (RuntimeException e) {
      return null; // cv::Exception: let the ImageIO path name the problem
    }
  }
}
