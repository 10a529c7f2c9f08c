package dev.gaze.image;

import com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;

/**
 * Finds the javax.imageio reader providers once per class loader and makes a fresh reader per call.
 *
 * <p>JPEG always goes to the TwelveMonkeys reader (CMYK, YCCK, progressive and damaged files),
 * which is looked up by its own class so that the copy loaded with this class is used even when
 * Gaze's jars sit in a child class loader (Spark executors) that ImageIO's registry would not scan
 * by itself. PNG goes to the JDK's reader.
 */
final class ImageReaders {

  private ImageReaders() {}

  /** Providers, resolved on first use; class initialisation makes this thread safe. */
  private static final class Providers {
    static final ImageReaderSpi JPEG = jpeg();
    static final ImageReaderSpi PNG = png();

    private static ImageReaderSpi jpeg() {
      Thread thread = Thread.currentThread();
      ClassLoader previous = thread.getContextClassLoader();
      thread.setContextClassLoader(ImageReaders.class.getClassLoader());
      try {
        ImageIO.scanForPlugins();
      } finally {
        thread.setContextClassLoader(previous);
      }
      IIORegistry registry = IIORegistry.getDefaultInstance();
      JPEGImageReaderSpi spi = registry.getServiceProviderByClass(JPEGImageReaderSpi.class);
      if (spi == null) {
        // Registration (not just construction) lets it find the JDK reader it delegates to.
        registry.registerServiceProvider(new JPEGImageReaderSpi(), ImageReaderSpi.class);
        spi = registry.getServiceProviderByClass(JPEGImageReaderSpi.class);
      }
      if (spi == null) {
        throw new IllegalStateException("the TwelveMonkeys JPEG reader could not be registered");
      }
      return spi;
    }

    private static ImageReaderSpi png() {
      ImageReaderSpi first = null;
      Iterator<ImageReaderSpi> it =
          IIORegistry.getDefaultInstance().getServiceProviders(ImageReaderSpi.class, true);
      while (it.hasNext()) {
        ImageReaderSpi spi = it.next();
        if (!readsPng(spi)) {
          continue;
        }
        if (spi.getClass().getName().startsWith("com.sun.imageio.plugins.png.")) {
          return spi;
        }
        if (first == null) {
          first = spi;
        }
      }
      if (first == null) {
        throw new IllegalStateException("no PNG reader is registered with javax.imageio");
      }
      return first;
    }

    private static boolean readsPng(ImageReaderSpi spi) {
      for (String name : spi.getFormatNames()) {
        if (name.toLowerCase(Locale.ROOT).equals("png")) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * A new reader for the format; the caller owns it and must {@link ImageReader#dispose()} it.
   *
   * @throws IOException if the provider cannot make one
   */
  static ImageReader newReader(ImageFormat format) throws IOException {
    ImageReaderSpi spi = format == ImageFormat.JPEG ? Providers.JPEG : Providers.PNG;
    return spi.createReaderInstance();
  }
}
