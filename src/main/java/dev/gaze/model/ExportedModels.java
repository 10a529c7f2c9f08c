package dev.gaze.model;

import ai.djl.Device;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Hooked TorchScript files written by {@code tools/export_hooked.py}: {@code NAME.pt} with {@code
 * NAME.manifest.json} and {@code NAME.golden.json} beside it, on any Hadoop file system. A model
 * argument ending in {@code .pt} names one; its {@link ModelInfo#name()} is that argument.
 */
public final class ExportedModels {

  /** What a TorchScript file's name ends with. */
  public static final String SUFFIX = ".pt";

  private static final Map<String, java.nio.file.Path> LOCAL_COPIES = new ConcurrentHashMap<>();

  private ExportedModels() {}

  /** Whether a model argument names an exported file rather than a built-in model. */
  public static boolean isExported(String model) {
    return model != null && model.endsWith(SUFFIX);
  }

  /** The manifest's path beside {@code pt}. */
  public static String manifestPath(String pt) {
    return pt.substring(0, pt.length() - SUFFIX.length()) + ".manifest.json";
  }

  /**
   * Reads and checks the manifest of {@code pt}: it exists, parses, and its {@code sha256} is the
   * file's.
   *
   * @throws IllegalArgumentException with one line naming the file and the problem
   */
  public static ExportManifest manifest(String pt, Configuration conf) {
    Path file = new Path(pt);
    String manifestPath = manifestPath(pt);
    String text;
    try {
      FileSystem fs = file.getFileSystem(conf);
      if (!fs.exists(file)) {
        throw new IllegalArgumentException(
            "model file "
                + pt
                + " does not exist; give a .pt file written by tools/export_hooked.py");
      }
      text = readText(fs, new Path(manifestPath));
    } catch (FileNotFoundException e) {
      throw new IllegalArgumentException(
          "model file "
              + pt
              + " has no manifest "
              + manifestPath
              + " beside it; copy the .manifest.json that tools/export_hooked.py wrote with it");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + pt + ": " + e.getMessage(), e);
    }
    ExportManifest manifest = ExportManifest.parse(text, manifestPath);
    String actual = sha256(file, conf);
    if (!actual.equals(manifest.sha256())) {
      throw new IllegalArgumentException(
          "manifest "
              + manifestPath
              + " describes another file (sha256 "
              + manifest.sha256().substring(0, 12)
              + "..., "
              + pt
              + " has "
              + actual.substring(0, 12)
              + "...); export again or copy the matching pair");
    }
    return manifest;
  }

  /** The model's description from its manifest (see {@link #manifest}). */
  public static ModelInfo describe(String pt, Configuration conf) {
    return info(pt, manifest(pt, conf));
  }

  /** The description of the exported file {@code pt} with manifest {@code m}. */
  public static ModelInfo info(String pt, ExportManifest m) {
    String description =
        (m.description().isBlank() ? "hooked TorchScript export of " + m.source() : m.description())
            + " (torch "
            + m.torchVersion()
            + ")";
    return new ModelInfo(pt, description, m.input(), m.numClasses(), m.taps());
  }

  /**
   * Loads an exported model onto a device, after checking its manifest; with {@code verify} also
   * runs the golden input and compares the outputs with the goldens.
   *
   * @throws IllegalArgumentException when the manifest is missing or does not match, or the golden
   *     check fails
   */
  public static HookedModel load(String pt, Device device, boolean verify, Configuration conf) {
    ExportManifest manifest = manifest(pt, conf);
    TorchScriptModel model =
        TorchScriptModel.load(info(pt, manifest), manifest, localCopy(pt, manifest, conf), device);
    if (verify) {
      try {
        GoldenCheck.verify(model, manifest, readGolden(pt, manifest, conf));
      } catch (RuntimeException e) {
        model.close();
        throw e;
      }
    }
    return model;
  }

  private static String readGolden(String pt, ExportManifest manifest, Configuration conf) {
    if (manifest.golden() == null) {
      throw new IllegalArgumentException(
          "manifest " + manifestPath(pt) + " names no golden file; --verify needs one");
    }
    Path golden = new Path(new Path(pt).getParent(), manifest.golden());
    try {
      return readText(golden.getFileSystem(conf), golden);
    } catch (FileNotFoundException e) {
      throw new IllegalArgumentException(
          "--verify: golden file " + golden + " is missing; copy it beside " + pt);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + golden + ": " + e.getMessage(), e);
    }
  }

  /**
   * A local file holding {@code pt}: the file itself on a local file system, else one copy per JVM
   * in the temporary directory (libtorch reads local files only).
   */
  static java.nio.file.Path localCopy(String pt, ExportManifest manifest, Configuration conf) {
    Path file = new Path(pt);
    try {
      FileSystem fs = file.getFileSystem(conf);
      if (fs instanceof LocalFileSystem || "file".equals(fs.getScheme())) {
        return java.nio.file.Path.of(fs.makeQualified(file).toUri());
      }
      return LOCAL_COPIES.computeIfAbsent(
          manifest.sha256(),
          sha -> {
            try (InputStream in = fs.open(file)) {
              java.nio.file.Path dir = Files.createTempDirectory("gaze-model-");
              java.nio.file.Path local = dir.resolve("model-" + sha.substring(0, 16) + SUFFIX);
              Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
              local.toFile().deleteOnExit();
              dir.toFile().deleteOnExit();
              return local;
            } catch (IOException e) {
              throw new UncheckedIOException("cannot copy " + pt + ": " + e.getMessage(), e);
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + pt + ": " + e.getMessage(), e);
    }
  }

  private static String readText(FileSystem fs, Path path) throws IOException {
    try (InputStream in = fs.open(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The hex SHA-256 of a file. */
  static String sha256(Path file, Configuration conf) {
    try (InputStream raw = file.getFileSystem(conf).open(file);
        DigestInputStream in = new DigestInputStream(raw, MessageDigest.getInstance("SHA-256"))) {
      byte[] buffer = new byte[1 << 16];
      while (in.read(buffer) >= 0) {
        // digesting
      }
      return HexFormat.of().formatHex(in.getMessageDigest().digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
