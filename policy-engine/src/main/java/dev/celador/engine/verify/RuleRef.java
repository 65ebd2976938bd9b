package dev.celador.engine.verify;

import dev.celador.engine.source.SourceLocation;
import java.nio.file.Path;

/**
 * A rule of a loaded policy, for coverage.
 *
 * @param location where the rule is written
 */
public record RuleRef(String policy, String rule, SourceLocation location) {

  /**
   * What identifies a rule across suites: its place on disk. Two suites may name the same file by
   * different relative paths.
   */
  String key() {
    Path file = Path.of(location.file()).toAbsolutePath().normalize();
    return file + ":" + location.line() + ":" + location.column();
  }
}
