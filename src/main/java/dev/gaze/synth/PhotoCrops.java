package dev.gaze.synth;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Real-photo images made from a folder of source photos: image {@code i} is a random crop of photo
 * {@code i mod P} (a region of 35-100 % of the largest one of the output's aspect that fits, at a
 * random place, mirrored half the time), rescaled to the output size with bilinear filtering. Class
 * {@code c} is source photo {@code c}, named by its file name without the extension; photos are
 * taken in sorted file-name order, so that order is also ImageFolder's class order.
 */
public final class PhotoCrops {

  /** The file name endings read as photos, without regard to case. */
  public static final List<String> EXTENSIONS = List.of(".jpg", ".jpeg", ".png");

  private final List<String> names;
  private final List<BufferedImage> photos;

  private PhotoCrops(List<String> names, List<BufferedImage> photos) {
    this.names = List.copyOf(names);
    this.photos = List.copyOf(photos);
  }

  /**
   * Reads every JPEG and PNG photo directly in {@code dir}.
   *
   * @throws IllegalArgumentException when {@code dir} is not a folder, holds no photo, or a photo
   *     cannot be read
   */
  public static PhotoCrops load(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          "--photos " + dir + " is not a folder; give a folder of JPEG or PNG photos");
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(PhotoCrops::isPhoto).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list --photos " + dir, e);
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException(
          "--photos " + dir + " holds no .jpg, .jpeg or .png file; give a folder of photos");
    }
    List<String> names = new ArrayList<>();
    List<BufferedImage> photos = new ArrayList<>();
    for (Path file : files) {
      BufferedImage read;
      try {
        read = ImageIO.read(file.toFile());
      } catch (IOException e) {
        throw new IllegalArgumentException("--photos: cannot read " + file + ": " + e.getMessage());
      }
      if (read == null) {
        throw new IllegalArgumentException("--photos: " + file + " is not a readable image");
      }
      BufferedImage rgb =
          new BufferedImage(read.getWidth(), read.getHeight(), BufferedImage.TYPE_INT_RGB);
      Graphics2D g = rgb.createGraphics();
      g.drawImage(read, 0, 0, null);
      g.dispose();
      String name = file.getFileName().toString();
      names.add(name.substring(0, name.lastIndexOf('.')));
      photos.add(rgb);
    }
    return new PhotoCrops(names, photos);
  }

  private static boolean isPhoto(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return Files.isRegularFile(p)
        && !name.startsWith(".")
        && EXTENSIONS.stream().anyMatch(name::endsWith);
  }

  /** The class names: the photos' file names without extension, class order. */
  public List<String> classNames() {
    return names;
  }

  /** How many source photos (and so classes). */
  public int size() {
    return photos.size();
  }

  /** The class of image {@code i}. */
  int classOf(int i) {
    return i % photos.size();
  }

  /** The pixels of image {@code i}, {@code width x height}, drawn from {@code rng}. */
  BufferedImage render(int i, int width, int height, SplittableRandom rng) {
    BufferedImage photo = photos.get(classOf(i));
    int pw = photo.getWidth();
    int ph = photo.getHeight();
    double aspect = (double) width / height;
    // the largest region of the output's aspect that fits the photo, then a random share of it
    double fullW = Math.min(pw, ph * aspect);
    double scale = Math.sqrt(0.35 + 0.65 * rng.nextDouble());
    int cw = Math.max(8, (int) Math.round(fullW * scale));
    int ch = Math.max(8, Math.min(ph, (int) Math.round(cw / aspect)));
    cw = Math.min(cw, pw);
    int x0 = rng.nextInt(pw - cw + 1);
    int y0 = rng.nextInt(ph - ch + 1);
    boolean mirror = rng.nextBoolean();
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    int dx0 = mirror ? width : 0;
    int dx1 = mirror ? 0 : width;
    g.drawImage(photo, dx0, 0, dx1, height, x0, y0, x0 + cw, y0 + ch, null);
    g.dispose();
    return out;
  }
}
