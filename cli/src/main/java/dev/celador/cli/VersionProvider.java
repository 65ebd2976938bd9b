package dev.celador.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code celador --version}: the version the jar manifest carries, "dev" when run from classes. */
final class VersionProvider implements IVersionProvider {

  @Override
  public String[] getVersion() {
    String version = VersionProvider.class.getPackage().getImplementationVersion();
    return new String[] {"celador " + (version == null ? "dev" : version)};
  }
}
