package dev.celador.cli;

import dev.celador.engine.LoadResult;
import dev.celador.engine.PolicyDefaults;
import dev.celador.engine.PolicySetLoader;
import dev.celador.engine.api.JwksOptions;
import dev.celador.engine.internal.jwt.KeySources;
import dev.celador.engine.internal.ratelimit.RateLimitBackends;
import dev.celador.engine.internal.source.Diagnostic;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** Loads policies for a command and prints their diagnostics, the same way for every command. */
final class PolicyLoading {

  /** The policy loader's own limit for a file, applied to standard input while reading it. */
  private static final int MAX_POLICY_BYTES = 4 * 1024 * 1024;

  private PolicyLoading() {}

  /**
   * Loads and compiles {@code paths}, or standard input when the one path is {@code -}; every
   * diagnostic is printed to {@code err}, rendered.
   */
  static LoadResult load(
      List<Path> paths, StandardInput stdin, PrintWriter err, PolicyDefaults defaults) {
    return load(paths, stdin, err, defaults, false);
  }

  /**
   * Like {@link #load(List, StandardInput, PrintWriter, PolicyDefaults)}; {@code strict} makes
   * warnings errors.
   */
  static LoadResult load(
      List<Path> paths,
      StandardInput stdin,
      PrintWriter err,
      PolicyDefaults defaults,
      boolean strict) {
    return load(paths, stdin, err, defaults, strict, Map.of());
  }

  /**
   * Like {@link #load(List, StandardInput, PrintWriter, PolicyDefaults, boolean)}; the issuers in
   * {@code pinnedJwks} verify with the JWKS given there instead of their own key source ({@link
   * KeySources}), as a PolicyTest suite's keys do.
   */
  static LoadResult load(
      List<Path> paths,
      StandardInput stdin,
      PrintWriter err,
      PolicyDefaults defaults,
      boolean strict,
      Map<String, String> pinnedJwks) {
    Clock clock = Clock.systemUTC();
    PolicySetLoader engine =
        new PolicySetLoader(
            clock,
            new KeySources(clock, JwksOptions.defaults(), pinnedJwks),
            RateLimitBackends.local(),
            defaults);
    LoadResult loaded;
    if (paths.stream().anyMatch(StandardInput::isDash)) {
      if (paths.size() > 1) {
        throw new UserException("'-' (standard input) cannot be combined with other policy paths");
      }
      loaded = engine.loadSources(List.of(stdin.read(MAX_POLICY_BYTES)));
    } else {
      loaded = engine.load(paths);
    }
    LoadResult result = strict ? loaded.warningsAsErrors() : loaded;
    if (!result.diagnostics().isEmpty()) {
      err.println(result.render());
      err.flush();
    }
    return result;
  }

  /** The exit code for a load that produced no policy set. */
  static int failureExitCode(LoadResult result) {
    return result.ioError() ? ExitCodes.USAGE_OR_IO : ExitCodes.POLICY_ERRORS;
  }

  static long errorCount(LoadResult result) {
    return result.diagnostics().stream().filter(Diagnostic::isError).count();
  }

  static long warningCount(LoadResult result) {
    return result.diagnostics().size() - errorCount(result);
  }

  /** "1 file", "3 files". */
  static String count(long n, String noun) {
    return count(n, noun, noun + "s");
  }

  /** "1 policy", "3 policies". */
  static String count(long n, String singular, String plural) {
    return n + " " + (n == 1 ? singular : plural);
  }
}
