package dev.gaze.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReader;
import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import org.junit.jupiter.api.Test;

class ImageReadersTest {

  @Test
  void jpegGoesToTwelveMonkeys() throws Exception {
    ImageReader reader = ImageReaders.newReader(ImageFormat.JPEG);
    try {
      assertThat(reader).isInstanceOf(JPEGImageReader.class);
    } finally {
      reader.dispose();
    }
  }

  @Test
  void pngGoesToTheJdkReader() throws Exception {
    ImageReader reader = ImageReaders.newReader(ImageFormat.PNG);
    try {
      assertThat(reader.getClass().getName()).startsWith("com.sun.imageio.plugins.png.");
    } finally {
      reader.dispose();
    }
  }

  @Test
  void eachCallGetsItsOwnReader() throws Exception {
    ImageReader a = ImageReaders.newReader(ImageFormat.JPEG);
    ImageReader b = ImageReaders.newReader(ImageFormat.JPEG);
    assertThat(a).isNotSameAs(b);
    a.dispose();
    b.dispose();
  }

  /**
   * As on a Spark executor: Gaze and TwelveMonkeys in a class loader of their own that ImageIO's
   * registry was never told about, with the thread's context class loader pointing elsewhere. The
   * reader used must be the copy of that loader, and a CMYK JPEG (which the JDK cannot read) must
   * decode.
   */
  @Test
  void worksFromAnIsolatedChildClassLoader() throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.contains("twelvemonkeys") || entry.endsWith("classes")) {
        urls.add(new File(entry).toURI().toURL());
      }
    }
    assertThat(urls).anyMatch(u -> u.getPath().contains("imageio-jpeg"));
    assertThat(urls).anyMatch(u -> u.getPath().endsWith("/classes/"));
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    URLClassLoader isolated =
        new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    try (isolated) {
      Thread.currentThread().setContextClassLoader(ClassLoader.getPlatformClassLoader());
      Class<?> readers = Class.forName("dev.gaze.image.ImageReaders", true, isolated);
      Class<?> format = Class.forName("dev.gaze.image.ImageFormat", true, isolated);
      assertThat(readers).isNotSameAs(ImageReaders.class);
      Method newReader = readers.getDeclaredMethod("newReader", format);
      newReader.setAccessible(true);
      Object jpeg = format.getEnumConstants()[0];
      ImageReader reader = (ImageReader) newReader.invoke(null, jpeg);
      assertThat(reader.getClass().getName())
          .isEqualTo("com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReader");
      assertThat(reader.getClass().getClassLoader()).isSameAs(isolated);
      reader.dispose();

      Class<?> decoder = Class.forName("dev.gaze.image.ImageDecoder", true, isolated);
      Method decode = decoder.getMethod("decode", byte[].class, long.class);
      Object image;
      try {
        image = decode.invoke(null, Fixtures.bytes("rb-cmyk.jpg"), 1_000_000L);
      } catch (InvocationTargetException e) {
        throw new AssertionError("decode failed in the isolated loader", e.getCause());
      }
      assertThat(image.getClass().getMethod("channels").invoke(image)).isEqualTo(3);
      float red =
          (float)
              image
                  .getClass()
                  .getMethod("get", int.class, int.class, int.class)
                  .invoke(image, 0, 24, 8);
      assertThat(red).isGreaterThan(0.9f);
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
      forgetProvidersOf(isolated);
    }
  }

  /**
   * Removes from ImageIO's JVM-wide registry the plugins the isolated loader registered: once that
   * loader is closed they would break every later ImageIO call of the test JVM.
   */
  private static void forgetProvidersOf(ClassLoader loader) {
    IIORegistry registry = IIORegistry.getDefaultInstance();
    for (Iterator<Class<?>> categories = registry.getCategories(); categories.hasNext(); ) {
      Class<?> category = categories.next();
      List<Object> doomed = new ArrayList<>();
      registry
          .getServiceProviders(category, false)
          .forEachRemaining(
              p -> {
                if (p.getClass().getClassLoader() == loader) {
                  doomed.add(p);
                }
              });
      doomed.forEach(registry::deregisterServiceProvider);
    }
  }
}
