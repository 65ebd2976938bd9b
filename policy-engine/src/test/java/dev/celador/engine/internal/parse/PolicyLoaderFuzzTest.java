package dev.celador.engine.internal.parse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.celador.engine.LoadResult;
import dev.celador.engine.PolicyEngine;
import dev.celador.engine.internal.source.Diagnostic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Any bytes as one policy file, loaded as {@code celador check} and {@code serve} load it: read
 * (size, NUL bytes, UTF-8), YAML, schema, CEL compilation of access, JWT, rate-limit and admission
 * policies. Contract: {@link PolicyEngine#load} never throws; it fails exactly when it reports an
 * error, and every diagnostic points into the file and renders with its line.
 *
 * <p>Seeds: {@code PolicyLoaderFuzzTestInputs/load_anyFile_loadsOrReportsErrors/}: the shipped
 * policies, parser fixtures and hostile YAML (alias bombs, deep nesting, duplicate keys, huge
 * numbers, invalid UTF-8).
 */
class PolicyLoaderFuzzTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
  private static final Path FILE = tempFile();
  // One engine for every input: load() only reads and compiles, it installs nothing.
  private static final PolicyEngine ENGINE = PolicyEngine.create(CLOCK);

  @FuzzTest(maxDuration = "20s")
  void load_anyFile_loadsOrReportsErrors(byte[] input) throws IOException {
    Files.write(FILE, input);
    LoadResult result = ENGINE.load(List.of(FILE));
    boolean errors = result.diagnostics().stream().anyMatch(Diagnostic::isError);
    if (result.hasErrors() != errors) {
      throw new AssertionError(
          (errors ? "loaded despite errors: " : "failed without an error: ")
              + result.diagnostics());
    }
    String name = FILE.toString();
    long lines = input.length == 0 ? 1 : lineCount(input);
    for (Diagnostic d : result.diagnostics()) {
      if (!d.location().file().equals(name) || d.location().line() > lines + 1) {
        throw new AssertionError("diagnostic outside the file (" + lines + " lines): " + d);
      }
    }
    result.render();
  }

  private static long lineCount(byte[] input) {
    long lines = 1;
    for (byte b : input) {
      if (b == '\n' || b == '\r') {
        lines++;
      }
    }
    return lines;
  }

  private static Path tempFile() {
    try {
      Path file = Files.createTempFile("celador-fuzz", ".yaml");
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
