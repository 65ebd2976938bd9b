package dev.celador.engine.parse;

import java.nio.file.Path;
import java.util.List;

/**
 * Reads policy files from paths (files, or directories walked recursively) and parses them. Test
 * suites ({@code *_test.yaml}) and {@code testdata/} folders are skipped when walking directories.
 */
public final class PolicyLoader {

  public LoadedSources load(List<Path> paths) {
    throw new UnsupportedOperationException("not yet implemented");
  }
}
