package dev.celador.engine;

import dev.celador.engine.api.AuthzRequest;
import dev.celador.engine.api.HttpAttributes;
import dev.celador.engine.api.Peer;
import dev.celador.engine.internal.compile.CompilationResult;
import dev.celador.engine.internal.compile.PolicyCompiler;
import dev.celador.engine.internal.eval.CompiledPolicySet;
import dev.celador.engine.internal.model.AccessPolicy;
import dev.celador.engine.internal.model.AccessRule;
import dev.celador.engine.internal.model.Action;
import dev.celador.engine.internal.model.DenyResponse;
import dev.celador.engine.internal.model.Expression;
import dev.celador.engine.internal.model.FailurePolicy;
import dev.celador.engine.internal.model.HeaderValue;
import dev.celador.engine.internal.model.Metadata;
import dev.celador.engine.internal.model.PolicyDocument;
import dev.celador.engine.internal.model.Target;
import dev.celador.engine.internal.source.PositionMap;
import dev.celador.engine.internal.source.SourceLocation;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds policies and requests in code for engine tests, without YAML. */
public final class Policies {

  public static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);

  private Policies() {}

  public static SourceLocation at(int line, int column) {
    return new SourceLocation("test.yaml", line, column);
  }

  /**
   * {@code text} with its line i written from {@code lineStarts.get(i)}, as a literal block places
   * its lines; a line break sits just past the end of its line.
   */
  public static Expression lines(String text, List<SourceLocation> lineStarts) {
    PositionMap.Builder positions = new PositionMap.Builder(lineStarts.get(0).file());
    SourceLocation start = lineStarts.get(0);
    int line = 0;
    int column = 0;
    for (int i = 0; i < text.length(); i++) {
      positions.add(start.line(), start.column() + column);
      column++;
      if (text.charAt(i) == '\n') {
        line++;
        start = lineStarts.get(Math.min(line, lineStarts.size() - 1));
        column = 0;
      }
    }
    return new Expression(text, positions.build(start.plusColumns(column)));
  }

  /** A policy builder with sensible defaults: enforced, fail closed, no target. */
  public static Builder policy(String name, Action action) {
    return new Builder(name, action);
  }

  public static CompilationResult compile(PolicyDocument... documents) {
    return new PolicyCompiler(CLOCK).compile(List.of(documents));
  }

  public static CompiledPolicySet compileOrFail(PolicyDocument... documents) {
    CompilationResult result = compile(documents);
    return result
        .policySet()
        .orElseThrow(() -> new AssertionError("did not compile: " + result.diagnostics()));
  }

  public static String spiffe(String namespace, String serviceAccount) {
    return "spiffe://cluster.local/ns/" + namespace + "/sa/" + serviceAccount;
  }

  /** A request from {@code source} to {@code destination} principals. */
  public static AuthzRequest request(
      String sourcePrincipal,
      String destinationPrincipal,
      String method,
      String path,
      Map<String, String> headers) {
    return AuthzRequest.builder()
        .source(new Peer("10.0.0.1", 40000, sourcePrincipal))
        .destination(new Peer("10.0.0.2", 8080, destinationPrincipal))
        .request(
            HttpAttributes.builder()
                .method(method)
                .path(path)
                .host("orders.shop")
                .scheme("https")
                .protocol("HTTP/1.1")
                .headers(headers)
                .id("id-1")
                .build())
        .mtls(true)
        .build();
  }

  /** A request to {@code host} with neither peer known, as HTTP mode without identities sends. */
  public static AuthzRequest toHost(String method, String host, String path) {
    return AuthzRequest.builder()
        .request(
            HttpAttributes.builder()
                .method(method)
                .path(path)
                .host(host)
                .scheme("http")
                .protocol("HTTP/1.1")
                .build())
        .build();
  }

  /** Fluent construction of an {@link AccessPolicy}. */
  public static final class Builder {
    private final String name;
    private final Action action;
    private Target target = Target.everything(at(1, 1));
    private final List<AccessRule> rules = new ArrayList<>();
    private final List<HeaderValue> headers = new ArrayList<>();
    private boolean dryRun;
    private FailurePolicy failurePolicy = FailurePolicy.FAIL;
    private Optional<DenyResponse> deny = Optional.empty();
    private int line = 10;

    private Builder(String name, Action action) {
      this.name = name;
      this.action = action;
    }

    public Builder rule(String ruleName, String when) {
      rules.add(new AccessRule(ruleName, Expression.at(when, at(line, 13)), at(line, 7)));
      line++;
      return this;
    }

    public Builder header(String header, String value) {
      headers.add(new HeaderValue(header, Expression.at(value, at(line, 20)), at(line, 7)));
      line++;
      return this;
    }

    public Builder principals(String... principals) {
      target = new Target(List.of(), List.of(), List.of(), List.of(principals), Map.of(), at(2, 3));
      return this;
    }

    public Builder hosts(String... hosts) {
      target = new Target(List.of(hosts), List.of(), List.of(), List.of(), Map.of(), at(2, 3));
      return this;
    }

    public Builder context(Map<String, String> context) {
      target = new Target(List.of(), List.of(), List.of(), List.of(), context, at(2, 3));
      return this;
    }

    public Builder dryRun() {
      dryRun = true;
      return this;
    }

    public Builder ignoreFailures() {
      failurePolicy = FailurePolicy.IGNORE;
      return this;
    }

    public Builder deny(int status, String message) {
      deny = Optional.of(new DenyResponse(status, message, at(3, 3)));
      return this;
    }

    public AccessPolicy build() {
      return new AccessPolicy(
          new Metadata(name, "shop", Map.of(), at(1, 1)),
          target,
          action,
          rules,
          dryRun,
          failurePolicy,
          deny,
          headers,
          at(1, 1));
    }
  }
}
