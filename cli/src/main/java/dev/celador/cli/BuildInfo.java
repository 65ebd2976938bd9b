package dev.celador.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What {@code celador version} prints: the version, git commit and time of the build that made
 * these classes (from {@code build.properties}, filled in at build time), and the JDK running them.
 * A build from a source tarball has no git: its commit is "unknown", never a failure.
 */
record BuildInfo(String version, String commit, String built, String jdk) {

  private static final String UNKNOWN = "unknown";

  static BuildInfo current() {
    Properties properties = new Properties();
    // build.properties by resource filtering; commit.properties written by git at build time.
    for (String resource : new String[] {"build.properties", "commit.properties"}) {
      try (InputStream in = BuildInfo.class.getResourceAsStream(resource)) {
        if (in != null) {
          properties.load(in);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new BuildInfo(
        value(properties, "version"),
        value(properties, "commit"),
        value(properties, "built"),
        System.getProperty("java.runtime.version")
            + " ("
            + System.getProperty("java.vendor", UNKNOWN)
            + ")");
  }

  /** The lines of {@code celador version} and {@code --version}. */
  String[] lines() {
    return new String[] {
      "celador " + version, "commit: " + commit, "built:  " + built, "jdk:    " + jdk
    };
  }

  /** A property, or "unknown" when missing or left unfiltered (no git, a build from an IDE). */
  private static String value(Properties properties, String name) {
    String value = properties.getProperty(name, "").trim();
    return value.isEmpty() || value.contains("${") ? UNKNOWN : value;
  }
}
