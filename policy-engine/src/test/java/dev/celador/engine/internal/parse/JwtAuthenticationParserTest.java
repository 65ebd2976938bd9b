package dev.celador.engine.internal.parse;

import static dev.celador.engine.internal.parse.Fixtures.headlines;
import static dev.celador.engine.internal.parse.Fixtures.parse;
import static dev.celador.engine.internal.parse.Fixtures.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.internal.model.ClaimHeader;
import dev.celador.engine.internal.model.JwtAuthentication;
import dev.celador.engine.internal.model.JwtIssuer;
import dev.celador.engine.internal.model.KeySourceSpec;
import dev.celador.engine.internal.model.TokenLocation;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** JwtAuthentication documents: fields, defaults, and errors at exact positions. */
class JwtAuthenticationParserTest {

  /** Spec lines start on line 6, indented by two. */
  private static ParseResult spec(String spec) {
    return parse(
        yaml(
            """
            apiVersion: celador.dev/v1alpha1
            kind: JwtAuthentication
            metadata:
              name: corp
            spec:
            """
                + spec.indent(2)));
  }

  private static JwtAuthentication only(ParseResult result) {
    assertThat(headlines(result)).isEmpty();
    return (JwtAuthentication) result.documents().get(0);
  }

  @Test
  void parse_minimalPolicy_appliesDefaults() {
    JwtAuthentication policy =
        only(
            spec(
                "issuers: [{issuer: 'https://idp', jwksUri: 'https://idp/keys'}]\naudiences: [orders]\n"));

    JwtIssuer issuer = policy.issuers().get(0);
    assertThat(issuer.keys().kind()).isEqualTo(KeySourceSpec.Kind.JWKS_URI);
    assertThat(issuer.audiences()).containsExactly("orders");
    assertThat(issuer.algorithms()).isEqualTo(JwtIssuer.DEFAULT_ALGORITHMS);
    assertThat(issuer.clockSkew()).isEqualTo(Duration.ofSeconds(60));
    assertThat(issuer.maxLifetime()).isEmpty();
    assertThat(policy.locations()).containsExactly(TokenLocation.AUTHORIZATION_BEARER);
    assertThat(policy.required()).isFalse();
    assertThat(policy.forwardOriginalToken()).isFalse();
    assertThat(policy.target().selectsEverything()).isTrue();
  }

  @Test
  void parse_everyField_readsThemAll() {
    JwtAuthentication policy =
        only(
            spec(
                """
                target: {hosts: [orders.shop]}
                issuers:
                  - issuer: https://idp
                    discovery: true
                    audiences: [web]
                    algorithms: [ES256]
                    clockSkew: 10s
                  - issuer: internal
                    secretFile: secret.txt
                audiences: [orders]
                maxLifetime: 1h30m
                fromHeaders: [{name: X-Token, prefix: "Token "}]
                fromCookies: [session]
                fromParams: [access_token]
                required: true
                forwardClaims: [{claim: sub, header: X-User}]
                forwardOriginalToken: true
                """));

    JwtIssuer discovery = policy.issuers().get(0);
    assertThat(discovery.keys().kind()).isEqualTo(KeySourceSpec.Kind.DISCOVERY);
    assertThat(discovery.audiences()).containsExactly("web");
    assertThat(discovery.algorithms()).containsExactly("ES256");
    assertThat(discovery.clockSkew()).isEqualTo(Duration.ofSeconds(10));
    assertThat(discovery.maxLifetime()).isEqualTo(Optional.of(Duration.ofMinutes(90)));
    JwtIssuer secret = policy.issuers().get(1);
    assertThat(secret.algorithms()).containsExactly("HS256");
    assertThat(secret.audiences()).containsExactly("orders");
    assertThat(policy.locations())
        .containsExactly(
            new TokenLocation(TokenLocation.Kind.HEADER, "x-token", "Token "),
            new TokenLocation(TokenLocation.Kind.COOKIE, "session", ""),
            new TokenLocation(TokenLocation.Kind.PARAM, "access_token", ""));
    assertThat(policy.required()).isTrue();
    assertThat(policy.forwardClaims()).extracting(ClaimHeader::header).containsExactly("x-user");
    assertThat(policy.forwardOriginalToken()).isTrue();
    assertThat(policy.target().hosts()).containsExactly("orders.shop");
  }

  @Test
  void parse_noAudiences_reportsMissingAtTheIssuer() {
    assertThat(headlines(spec("issuers:\n  - issuer: https://idp\n    jwksUri: https://idp/k\n")))
        .containsExactly(
            "t.yaml:7:7: error[missing_field]: spec.issuers[0].audiences: required field is"
                + " missing; set spec.audiences or this issuer's audiences (write [\"*\"] to"
                + " accept any audience)");
  }

  @Test
  void parse_twoKeySources_reportsTheSecond() {
    assertThat(
            headlines(
                spec(
                    """
                    audiences: [a]
                    issuers:
                      - issuer: https://idp
                        jwksUri: https://idp/k
                        jwksFile: keys.json
                    """)))
        .containsExactly(
            "t.yaml:10:7: error[invalid_value]: spec.issuers[0].jwksFile: an issuer has exactly"
                + " one key source, and this one already has jwksUri");
  }

  @Test
  void parse_noKeySource_reportsMissing() {
    assertThat(headlines(spec("audiences: [a]\nissuers: [{issuer: x}]\n")))
        .containsExactly(
            "t.yaml:7:13: error[missing_field]: spec.issuers[0]: needs one key source: jwksUri,"
                + " discovery, jwks, jwksFile or secretFile");
  }

  @Test
  void parse_algNoneAndHmacWithoutSecret_reportsEachAtItsItem() {
    assertThat(
            headlines(
                spec(
                    "audiences: [a]\nalgorithms: [RS256, none, HS256]\n"
                        + "issuers: [{issuer: x, jwksUri: 'https://x/k'}]\n")))
        .containsExactly(
            "t.yaml:7:23: error[invalid_value]: spec.algorithms[1]: unsigned tokens (alg none)"
                + " are never accepted",
            "t.yaml:7:29: error[invalid_value]: spec.algorithms[2]: HS256 needs a shared secret:"
                + " only an issuer with secretFile may accept it");
  }

  @Test
  void parse_badValues_reportsEachAtItsPosition() {
    assertThat(
            headlines(
                spec(
                    """
                    audiences: ["*", orders]
                    clockSkew: 1 minute
                    issuers: [{issuer: x, jwksUri: 'ftp://x/k'}, {issuer: y, discovery: true}]
                    forwardClaims: [{claim: sub, header: "bad header"}]
                    """)))
        .containsExactly(
            "t.yaml:6:14: error[invalid_value]: spec.audiences: \"*\" accepts any audience and"
                + " must be the only entry",
            "t.yaml:7:14: error[invalid_value]: spec.clockSkew: invalid duration '1 minute';"
                + " write it like 500ms, 60s, 5m or 1h30m",
            "t.yaml:8:34: error[invalid_value]: spec.issuers[0].jwksUri: invalid URL 'ftp://x/k';"
                + " expected an absolute http:// or https:// URL",
            "t.yaml:8:71: error[invalid_value]: spec.issuers[1].discovery: invalid URL 'y';"
                + " expected an absolute http:// or https:// URL",
            "t.yaml:9:40: error[invalid_value]: spec.forwardClaims[0].header: invalid value"
                + " 'bad header'; must be an HTTP header name: letters, digits and any of"
                + " !#$%&'*+-.^_`|~");
  }

  @Test
  void parse_goStyleClockSkew_readExactly() {
    JwtAuthentication policy =
        only(
            spec(
                "issuers: [{issuer: x, jwksUri: 'https://idp/k'}]\naudiences: [a]\n"
                    + "clockSkew: 1m30.5s\n"));

    assertThat(policy.issuers().get(0).clockSkew()).isEqualTo(Duration.ofMillis(90_500));
  }

  @Test
  void parse_negativeClockSkew_refused() {
    assertThat(
            headlines(
                spec(
                    "issuers: [{issuer: x, jwksUri: 'https://idp/k'}]\naudiences: [a]\n"
                        + "clockSkew: -5s\n")))
        .containsExactly(
            "t.yaml:8:14: error[invalid_value]: spec.clockSkew: invalid duration '-5s'; must not be"
                + " negative");
  }

  @Test
  void parse_fetchRules_readIntoTheKeySource() {
    JwtAuthentication policy =
        only(
            spec(
                """
                audiences: [a]
                issuers:
                  - issuer: https://accounts.example.com
                    discovery: true
                    jwksHosts: [Keys.Example.NET, www.example.org]
                  - issuer: http://idp.internal
                    jwksUri: http://idp.internal/keys
                    allowInsecureHttp: true
                """));

    KeySourceSpec discovery = policy.issuers().get(0).keys();
    KeySourceSpec uri = policy.issuers().get(1).keys();
    assertThat(discovery.jwksHosts()).containsExactly("keys.example.net", "www.example.org");
    assertThat(discovery.allowInsecureHttp()).isFalse();
    assertThat(uri.jwksHosts()).isEmpty();
    assertThat(uri.allowInsecureHttp()).isTrue();
  }

  @Test
  void parse_fetchRulesThatDoNotFit_reportsEachAtItsPosition() {
    assertThat(
            headlines(
                spec(
                    """
                    audiences: [a]
                    issuers:
                      - {issuer: a, jwksUri: 'https://a/k', jwksHosts: [b]}
                      - {issuer: b, jwks: '{"keys":[{"kty":"oct","k":"AA"}]}', allowInsecureHttp: true}
                      - {issuer: 'https://c', discovery: true, jwksHosts: ['c:8443', '*.c', '']}
                      - {issuer: 'https://d', discovery: true, jwksHosts: [], allowInsecureHttp: 1}
                    """)))
        .containsExactly(
            "t.yaml:8:43: error[invalid_value]: spec.issuers[0].jwksHosts: does not apply to an"
                + " issuer with jwksUri; only an issuer with discovery: true reads a jwks_uri",
            "t.yaml:9:62: error[invalid_value]: spec.issuers[1].allowInsecureHttp: does not apply"
                + " to an issuer with jwks; only jwksUri and discovery fetch keys",
            "t.yaml:10:58: error[invalid_value]: spec.issuers[2].jwksHosts[0]: invalid value"
                + " 'c:8443'; must be a host name without port or wildcard (letters, digits, '-',"
                + " '_' and '.')",
            "t.yaml:10:68: error[invalid_value]: spec.issuers[2].jwksHosts[1]: invalid value"
                + " '*.c'; must be a host name without port or wildcard (letters, digits, '-',"
                + " '_' and '.')",
            "t.yaml:10:75: error[invalid_value]: spec.issuers[2].jwksHosts[2]: must not be empty",
            "t.yaml:11:57: error[invalid_value]: spec.issuers[3].jwksHosts: must list at least"
                + " one host",
            "t.yaml:11:80: error[wrong_type]: spec.issuers[3].allowInsecureHttp: expected a"
                + " boolean, got an integer");
  }

  @Test
  void parse_invalidInlineJwks_reportsAtTheValue() {
    assertThat(headlines(spec("audiences: [a]\nissuers: [{issuer: x, jwks: '{\"keys\": 3}'}]\n")))
        .hasSize(1)
        .allSatisfy(
            h ->
                assertThat(h)
                    .startsWith(
                        "t.yaml:7:31: error[invalid_value]: spec.issuers[0].jwks: not a JSON Web Key Set"));
  }

  @Test
  void parse_duplicateIssuer_reportsTheSecond() {
    assertThat(
            headlines(
                spec(
                    """
                    audiences: [a]
                    issuers:
                      - {issuer: x, jwksUri: 'https://x/1'}
                      - {issuer: x, jwksUri: 'https://x/2'}
                    """)))
        .containsExactly(
            "t.yaml:9:7: error[duplicate_name]: spec.issuers[1]: duplicate issuer 'x'; first"
                + " used at line 8");
  }

  @Test
  void parse_unknownField_listsTheFields() {
    assertThat(
            headlines(
                spec(
                    "audiences: [a]\nissuers: [{issuer: x, jwksUri: 'https://x/k'}]\nforward: true\n")))
        .containsExactly(
            "t.yaml:8:3: error[unknown_field]: unknown field 'forward' in spec; expected one of:"
                + " algorithms, audiences, clockSkew, forwardClaims, forwardOriginalToken,"
                + " fromCookies, fromHeaders, fromParams, issuers, maxLifetime, required, target");
  }

  @Test
  void parse_hmacSecretIssuerWithRsa_reportsTheAlgorithm() {
    assertThat(
            headlines(
                spec(
                    "audiences: [a]\nissuers: [{issuer: x, secretFile: s, algorithms: [RS256]}]\n")))
        .containsExactly(
            "t.yaml:7:53: error[invalid_value]: spec.issuers[0].algorithms[0]: RS256 needs public"
                + " keys; an issuer with secretFile accepts HS256, HS384, HS512");
  }

  @Test
  void parse_accessPolicyAndJwtInOneFile_readsBoth() {
    ParseResult result =
        parse(
            yaml(
                """
                apiVersion: celador.dev/v1alpha1
                kind: JwtAuthentication
                metadata: {name: a}
                spec: {audiences: [x], issuers: [{issuer: i, jwksUri: 'https://i/k'}]}
                ---
                apiVersion: celador.dev/v1alpha1
                kind: AccessPolicy
                metadata: {name: b}
                spec: {action: ALLOW, rules: [{name: r, when: jwt.present}]}
                """));
    assertThat(headlines(result)).isEmpty();
    assertThat(result.documents())
        .extracting(d -> d.kind())
        .containsExactly("JwtAuthentication", "AccessPolicy");
  }

  @Test
  void parse_emptyIssuers_reportsIt() {
    assertThat(headlines(spec("audiences: [a]\nissuers: []\n")))
        .containsExactly(
            "t.yaml:7:12: error[invalid_value]: spec.issuers: must list at least one issuer");
  }
}
