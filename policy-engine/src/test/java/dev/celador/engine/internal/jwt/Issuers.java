package dev.celador.engine.internal.jwt;

import dev.celador.engine.internal.model.JwtIssuer;
import dev.celador.engine.internal.model.KeySourceSpec;
import dev.celador.engine.internal.source.SourceLocation;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Issuer entries built in code for verifier tests. */
final class Issuers {

  static final SourceLocation AT = new SourceLocation("test.yaml", 1, 1);

  private Issuers() {}

  static JwtIssuer inline(String jwks) {
    return issuer(TestTokens.ISSUER, KeySourceSpec.Kind.JWKS, jwks);
  }

  static JwtIssuer issuer(String issuer, KeySourceSpec.Kind kind, String value) {
    return new JwtIssuer(
        issuer,
        new KeySourceSpec(kind, value, AT),
        List.of("orders"),
        JwtIssuer.DEFAULT_ALGORITHMS,
        JwtIssuer.DEFAULT_CLOCK_SKEW,
        Optional.empty(),
        AT);
  }

  static JwtIssuer withMaxLifetime(JwtIssuer issuer, Duration maxLifetime) {
    return new JwtIssuer(
        issuer.issuer(),
        issuer.keys(),
        issuer.audiences(),
        issuer.algorithms(),
        issuer.clockSkew(),
        Optional.of(maxLifetime),
        AT);
  }

  static JwtIssuer withAudiences(JwtIssuer issuer, List<String> audiences) {
    return new JwtIssuer(
        issuer.issuer(),
        issuer.keys(),
        audiences,
        issuer.algorithms(),
        issuer.clockSkew(),
        issuer.maxLifetime(),
        AT);
  }

  static JwtIssuer withAlgorithms(JwtIssuer issuer, List<String> algorithms) {
    return new JwtIssuer(
        issuer.issuer(),
        issuer.keys(),
        issuer.audiences(),
        algorithms,
        issuer.clockSkew(),
        issuer.maxLifetime(),
        AT);
  }
}
