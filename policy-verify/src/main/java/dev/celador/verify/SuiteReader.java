package dev.celador.verify;

import dev.celador.engine.api.SourceFile;
import dev.celador.engine.internal.source.Diagnostic;
import dev.celador.engine.internal.source.SourceLocation;
import dev.celador.engine.internal.source.TextFileException;
import dev.celador.engine.internal.source.TextFiles;
import dev.celador.verify.request.FieldReader;
import dev.celador.verify.request.InputNode;
import dev.celador.verify.request.RequestFileException;
import dev.celador.verify.request.YamlTreeReader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a {@code PolicyTest} suite file (see {@link PolicyTestSuite} for the format). A problem in
 * the suite's envelope stops reading at the first one; problems in cases are collected case by
 * case, so one run shows every broken case. Each problem is a diagnostic at its file:line:col.
 */
public final class SuiteReader {

  /**
   * What was read.
   *
   * @param suite the suite, if it had no problems
   * @param file the suite's name as the user gave it
   * @param sources the suite and the fixtures read, so diagnostics can quote their lines
   */
  public record Read(
      Optional<PolicyTestSuite> suite,
      String file,
      List<Diagnostic> diagnostics,
      Map<String, SourceFile> sources) {

    public Read {
      diagnostics = List.copyOf(diagnostics);
      sources = Map.copyOf(sources);
    }
  }

  /** A suite or fixture larger than this is refused before it is read whole. */
  static final int MAX_BYTES = 4 * 1024 * 1024;

  static final List<String> FIELDS = List.of("apiVersion", "kind", "metadata", "spec");
  static final List<String> METADATA = List.of("name", "labels", "annotations");
  static final List<String> SPEC = List.of("policies", "now", "fixtures", "keys", "cases");

  public Read read(Path path) {
    String file = TextFiles.displayName(path);
    Map<String, SourceFile> sources = new LinkedHashMap<>();
    List<Diagnostic> diagnostics = new ArrayList<>();
    Optional<PolicyTestSuite> suite = Optional.empty();
    try {
      SourceFile source = TextFiles.read(path, file, MAX_BYTES);
      sources.put(file, source);
      suite = read(path, source, diagnostics, sources);
    } catch (SuiteError e) {
      diagnostics.add(e.diagnostic());
    } catch (RequestFileException e) {
      diagnostics.add(SuiteError.from(e, file).diagnostic());
    } catch (TextFileException e) {
      diagnostics.add(SuiteError.from(e, SourceLocation.startOf(file)).diagnostic());
    }
    diagnostics.sort(null);
    return new Read(diagnostics.isEmpty() ? suite : Optional.empty(), file, diagnostics, sources);
  }

  private Optional<PolicyTestSuite> read(
      Path path, SourceFile source, List<Diagnostic> diagnostics, Map<String, SourceFile> sources) {
    String file = source.name();
    InputNode root = new YamlTreeReader(file, "a test suite").read(source.text());
    FieldReader document = FieldReader.of(file, "", root);
    document.rejectUnknown(FIELDS);
    constant(document, "apiVersion", PolicyTestSuite.API_VERSION);
    constant(document, "kind", PolicyTestSuite.KIND);
    FieldReader metadata = required(document, "metadata");
    metadata.rejectUnknown(METADATA);
    String name = metadata.string("name").strip();
    if (name.isEmpty()) {
      throw metadata.error(metadata.node().position(), "'metadata.name' is required");
    }
    FieldReader spec = required(document, "spec");
    spec.rejectUnknown(SPEC);
    List<Path> policies = policies(path, file, spec);
    Optional<Instant> now = Optional.ofNullable(spec.timestamp("now"));
    String folder = spec.has("fixtures") ? spec.string("fixtures") : Fixtures.DEFAULT_FOLDER;
    Fixtures fixtures = new Fixtures(path, folder);
    TestKeys keys = TestKeys.read(spec, new InlineOrFixture(file, fixtures));
    // Tokens are signed at the suite's frozen time, so their iat and exp agree with its clock.
    JwtInput jwt = new JwtInput(keys, now.orElseGet(() -> Clock.systemUTC().instant()));
    List<TestCase> cases = cases(file, spec, new CaseReader(file, fixtures, jwt), diagnostics);
    sources.putAll(fixtures.sources());
    return Optional.of(new PolicyTestSuite(name, source, policies, now, keys.pinnedJwks(), cases));
  }

  private static List<Path> policies(Path path, String file, FieldReader spec) {
    if (!spec.has("policies")) {
      throw spec.error(spec.node().position(), "'spec.policies' is required");
    }
    List<String> entries = ExpectationReader.names(spec, "policies");
    InputNode value = spec.field("policies").orElseThrow();
    List<InputNode> nodes = value.kind() == InputNode.Kind.ARRAY ? value.items() : List.of(value);
    if (entries.isEmpty()) {
      throw spec.error(value.position(), "'spec.policies' must name at least one policy file");
    }
    List<Path> paths = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      InputNode.Position at = nodes.get(i).position();
      SourceLocation location = new SourceLocation(file, at.line(), at.column());
      paths.addAll(PolicyPaths.resolve(path, entries.get(i), location));
    }
    return paths;
  }

  private static List<TestCase> cases(
      String file, FieldReader spec, CaseReader reader, List<Diagnostic> diagnostics) {
    InputNode list =
        spec.field("cases")
            .orElseThrow(() -> spec.error(spec.node().position(), "'spec.cases' is required"));
    if (list.kind() != InputNode.Kind.ARRAY || list.items().isEmpty()) {
      throw spec.error(list.position(), "'spec.cases' must be a list of at least one case");
    }
    List<TestCase> cases = new ArrayList<>();
    Map<String, SourceLocation> names = new HashMap<>();
    for (int i = 0; i < list.items().size(); i++) {
      try {
        TestCase testCase = reader.read(list.items().get(i), "spec.cases[" + i + "]");
        SourceLocation first = names.putIfAbsent(testCase.name(), testCase.location());
        if (first != null) {
          throw new SuiteError(
              SuiteError.INVALID_SUITE,
              testCase.location(),
              "duplicate case name '" + testCase.name() + "'; first used at line " + first.line());
        }
        cases.add(testCase);
      } catch (SuiteError e) {
        diagnostics.add(e.diagnostic());
      } catch (RequestFileException e) {
        diagnostics.add(SuiteError.from(e, file).diagnostic());
      }
    }
    return cases;
  }

  private static FieldReader required(FieldReader parent, String name) {
    return parent
        .object(name)
        .orElseThrow(
            () ->
                parent.error(
                    parent.node().position(), "'" + parent.qualified(name) + "' is required"));
  }

  private static void constant(FieldReader document, String name, String expected) {
    if (!document.has(name)) {
      throw document.error(document.node().position(), "'" + name + "' is required");
    }
    String value = document.string(name);
    if (!value.equals(expected)) {
      throw document.error(
          document.field(name).orElseThrow().position(),
          "'" + name + "' must be " + expected + ", found '" + value + "'");
    }
  }
}
