package dev.gaze.source;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Lists a torchvision-style ImageFolder: {@code root/<class>/**} where the classes are the root's
 * sub-folders in sorted name order and each file's label is its class folder's index.
 *
 * <p>Order follows torchvision ({@code sorted(os.walk(class_dir))}, then sorted file names): within
 * a class, folders by their path, files by name. Names starting with a dot (files and folders) are
 * ignored, as are plain files directly in the root. Files without an image extension are kept as
 * entries that read as broken records rather than being dropped.
 */
public final class ImageFolder {

  /** The extensions torchvision's ImageFolder accepts, matched without regard to case. */
  public static final List<String> IMAGE_EXTENSIONS =
      List.of(".jpg", ".jpeg", ".png", ".ppm", ".bmp", ".pgm", ".tif", ".tiff", ".webp");

  /**
   * What a listing found.
   *
   * @param classes the class folder names, index order
   * @param entries every file, class by class, in torchvision order
   */
  public record Listing(ClassNames classes, List<ImageFolderEntry> entries) {

    /** Copies {@code entries}. */
    public Listing {
      entries = List.copyOf(entries);
    }
  }

  private ImageFolder() {}

  /**
   * Lists the dataset under {@code root} on any Hadoop file system.
   *
   * @throws IllegalArgumentException when {@code root} is missing, not a folder, or holds no class
   *     folders
   * @throws UncheckedIOException when listing fails
   */
  public static Listing list(String root, Configuration conf) {
    try {
      Path rootPath = new Path(root);
      FileSystem fs = rootPath.getFileSystem(conf);
      Path qualified = fs.makeQualified(rootPath);
      FileStatus status;
      try {
        status = fs.getFileStatus(qualified);
      } catch (FileNotFoundException e) {
        throw new IllegalArgumentException(
            "ImageFolder root '" + root + "' does not exist; expected root/<class>/<image files>");
      }
      if (!status.isDirectory()) {
        throw new IllegalArgumentException(
            "ImageFolder root '" + root + "' is a file; expected a folder root/<class>/<images>");
      }
      List<FileStatus> classDirs = new ArrayList<>();
      for (FileStatus child : fs.listStatus(qualified)) {
        if (child.isDirectory() && !isHidden(child.getPath().getName())) {
          classDirs.add(child);
        }
      }
      if (classDirs.isEmpty()) {
        throw new IllegalArgumentException(
            "ImageFolder root '"
                + root
                + "' has no class folders; expected root/<class>/<image files>");
      }
      classDirs.sort(Comparator.comparing(s -> s.getPath().getName()));
      List<String> names = new ArrayList<>();
      List<ImageFolderEntry> entries = new ArrayList<>();
      for (int label = 0; label < classDirs.size(); label++) {
        String className = classDirs.get(label).getPath().getName();
        names.add(className);
        listClass(fs, classDirs.get(label).getPath(), className, label, entries);
      }
      return new Listing(ClassNames.of(names), entries);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list ImageFolder root '" + root + "': " + e, e);
    }
  }

  /** Whether {@code name} ends with one of {@link #IMAGE_EXTENSIONS}, in any case. */
  public static boolean isImageName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (String ext : IMAGE_EXTENSIONS) {
      if (lower.endsWith(ext)) {
        return true;
      }
    }
    return false;
  }

  /** A file or folder ignored because its name starts with a dot. */
  static boolean isHidden(String name) {
    return name.startsWith(".");
  }

  /** One folder met while walking a class: its path relative to the root, and its files. */
  private record Folder(String relative, List<FileStatus> files) {}

  private static void listClass(
      FileSystem fs, Path classDir, String className, int label, List<ImageFolderEntry> out)
      throws IOException {
    List<Folder> folders = new ArrayList<>();
    List<Path> todo = new ArrayList<>(List.of(classDir));
    List<String> todoRelative = new ArrayList<>(List.of(className));
    while (!todo.isEmpty()) {
      Path dir = todo.remove(todo.size() - 1);
      String relative = todoRelative.remove(todoRelative.size() - 1);
      List<FileStatus> files = new ArrayList<>();
      for (FileStatus child : fs.listStatus(dir)) {
        String name = child.getPath().getName();
        if (isHidden(name)) {
          continue;
        }
        if (child.isDirectory()) {
          todo.add(child.getPath());
          todoRelative.add(relative + "/" + name);
        } else {
          files.add(child);
        }
      }
      files.sort(Comparator.comparing(s -> s.getPath().getName()));
      folders.add(new Folder(relative, files));
    }
    folders.sort(Comparator.comparing(Folder::relative));
    for (Folder folder : folders) {
      for (FileStatus file : folder.files()) {
        String name = file.getPath().getName();
        out.add(
            new ImageFolderEntry(
                fs.makeQualified(file.getPath()).toString(),
                folder.relative() + "/" + name,
                label,
                file.getLen(),
                isImageName(name)));
      }
    }
  }
}
