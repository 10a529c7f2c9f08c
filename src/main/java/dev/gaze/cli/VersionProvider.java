package dev.gaze.cli;

import ai.djl.engine.Engine;
import ai.djl.util.Platform;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code gaze --version}: Gaze's version from the jar manifest, then the versions it runs with
 * (Java, Spark with its Scala, DJL, libtorch). libtorch's version and flavour come from the native
 * jar's properties ({@link Platform#detectPlatform}), without loading the engine, which would
 * extract and load several hundred MB of natives; {@code gaze doctor} loads it.
 */
final class VersionProvider implements IVersionProvider {

  /** The first line alone: {@code gaze <version>}. */
  static String gazeLine() {
    String version = Main.class.getPackage().getImplementationVersion();
    return "gaze " + (version == null ? "(development build)" : version);
  }

  @Override
  public String[] getVersion() {
    Platform platform = Platform.detectPlatform("pytorch");
    return new String[] {
      gazeLine(),
      "java "
          + System.getProperty("java.version")
          + " ("
          + System.getProperty("java.vm.name")
          + ")",
      "spark "
          + org.apache.spark.package$.MODULE$.SPARK_VERSION()
          + " (scala "
          + scala.util.Properties.versionNumberString()
          + ")",
      "djl " + Engine.getDjlVersion(),
      "libtorch "
          + platform.getVersion()
          + " ("
          + platform.getFlavor()
          + ", "
          + platform.getClassifier()
          + ")"
    };
  }
}
