package dev.gaze.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads Gaze's version from the jar manifest. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Main.class.getPackage().getImplementationVersion();
    return new String[] {"gaze " + (version == null ? "(development build)" : version)};
  }
}
