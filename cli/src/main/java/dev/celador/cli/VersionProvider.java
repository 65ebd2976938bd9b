package dev.celador.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code celador --version}: the same lines as {@code celador version}. */
final class VersionProvider implements IVersionProvider {

  @Override
  public String[] getVersion() {
    return BuildInfo.current().lines();
  }
}
