package dev.celador.engine.internal.ratelimit;

import dev.celador.engine.Policies;
import dev.celador.engine.api.SourceFile;
import dev.celador.engine.internal.compile.CompilationResult;
import dev.celador.engine.internal.compile.PolicyCompiler;
import dev.celador.engine.internal.eval.CompiledPolicySet;
import dev.celador.engine.internal.model.PolicyDocument;
import dev.celador.engine.internal.parse.ParseResult;
import dev.celador.engine.internal.parse.PolicyParser;
import java.util.ArrayList;
import java.util.List;

/** Rate-limit policies written as YAML, compiled against given backends. */
public final class RateLimitFixtures {

  private RateLimitFixtures() {}

  /**
   * A RateLimitPolicy named {@code name} in namespace {@code shop}; {@code spec} is the spec's
   * body, indented by the caller as YAML under {@code spec:} would be (two spaces).
   */
  public static String rateLimitPolicy(String name, String spec) {
    return """
        apiVersion: celador.dev/v1alpha1
        kind: RateLimitPolicy
        metadata:
          name: %s
          namespace: shop
        spec:
        %s"""
        .formatted(name, spec.indent(2));
  }

  /** Parses and compiles the YAML documents, failing the test on any error. */
  public static CompiledPolicySet compile(RateLimitBackends backends, PolicyDocument... extra) {
    return compile(backends, List.of(), extra);
  }

  public static CompiledPolicySet compile(
      RateLimitBackends backends, List<String> yamlDocuments, PolicyDocument... extra) {
    List<PolicyDocument> documents = new ArrayList<>(List.of(extra));
    for (int i = 0; i < yamlDocuments.size(); i++) {
      ParseResult parsed =
          new PolicyParser().parse(new SourceFile("rl" + i + ".yaml", yamlDocuments.get(i)));
      if (parsed.hasErrors()) {
        throw new AssertionError("did not parse: " + parsed.diagnostics());
      }
      documents.addAll(parsed.documents());
    }
    CompilationResult result = new PolicyCompiler(Policies.CLOCK, backends).compile(documents);
    return result
        .policySet()
        .orElseThrow(() -> new AssertionError("did not compile: " + result.diagnostics()));
  }
}
