package dev.celador.engine.internal.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.api.SourceFile;
import dev.celador.engine.internal.model.AccessPolicy;
import dev.celador.engine.internal.source.Diagnostic;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Test inputs: YAML fixtures from {@code src/test/resources/parse/} and small inline policies. */
final class Fixtures {

  /** The five envelope lines {@link #policy} puts before the spec; spec fields start on line 6. */
  static final String ENVELOPE =
      """
      apiVersion: celador.dev/v1alpha1
      kind: AccessPolicy
      metadata:
        name: p
      spec:
      """;

  /** One valid rule, for specs whose rules do not matter. */
  static final String RULES = "rules: [{name: r, when: \"true\"}]\n";

  private Fixtures() {}

  /** A spec with {@code field} added to a valid action and rules, or replacing the action. */
  static ParseResult parseSpecWith(String field) {
    String spec =
        field.startsWith("action:")
            ? field + "\n" + RULES
            : "action: ALLOW\n" + RULES + field + "\n";
    return parse(policy(spec));
  }

  /** The single diagnostic of a result whose only document was left out. */
  static Diagnostic only(ParseResult result) {
    assertThat(result.diagnostics()).hasSize(1);
    assertThat(result.documents()).isEmpty();
    return result.diagnostics().get(0);
  }

  /** {@code parse/<name>} from the test classpath, named as such in diagnostics. */
  static SourceFile fixture(String name) {
    String resource = "parse/" + name;
    try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + resource);
      }
      return new SourceFile(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A file {@code t.yaml} holding an AccessPolicy named {@code p} with the given spec lines. */
  static SourceFile policy(String spec) {
    return new SourceFile("t.yaml", ENVELOPE + spec.indent(2));
  }

  static SourceFile yaml(String text) {
    return new SourceFile("t.yaml", text);
  }

  static ParseResult parse(SourceFile file) {
    return new PolicyParser().parse(file);
  }

  static List<String> headlines(ParseResult result) {
    return result.diagnostics().stream().map(Diagnostic::headline).toList();
  }

  static List<String> codes(ParseResult result) {
    return result.diagnostics().stream().map(Diagnostic::code).toList();
  }

  /** The only document of a file that must parse cleanly. */
  static AccessPolicy onlyPolicy(SourceFile file) {
    ParseResult result = parse(file);
    if (!result.diagnostics().isEmpty() || result.documents().size() != 1) {
      throw new AssertionError("expected one clean policy, got " + headlines(result));
    }
    return (AccessPolicy) result.documents().get(0);
  }
}
