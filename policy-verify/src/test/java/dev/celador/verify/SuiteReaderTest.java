package dev.celador.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.internal.source.Diagnostic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteReaderTest {

  /** Four envelope lines; {@code spec:} fields start on line 5. */
  private static final String ENVELOPE =
      """
      apiVersion: celador.dev/v1alpha1
      kind: PolicyTest
      metadata: {name: s}
      spec:
      """;

  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    Path path = dir.resolve(name);
    Files.createDirectories(path.getParent());
    Files.writeString(path, text);
    return path;
  }

  private SuiteReader.Read read(String spec) throws IOException {
    write("p.yaml", "# policies are not loaded by the reader\n");
    return new SuiteReader().read(write("s_test.yaml", ENVELOPE + spec));
  }

  /** {@code line:column code: message} of every diagnostic, without the temporary directory. */
  private List<String> problems(SuiteReader.Read read) {
    return read.diagnostics().stream().map(this::brief).toList();
  }

  private String brief(Diagnostic d) {
    return d.location().line()
        + ":"
        + d.location().column()
        + " "
        + d.code()
        + ": "
        + d.message().replace(dir + "/", "");
  }

  @Test
  void read_validSuite_readsPoliciesClockAndCases() throws IOException {
    write("testdata/get.yaml", "request: {method: GET, path: /x}\n");
    SuiteReader.Read read =
        read(
            """
              policies: p.yaml
              now: 2025-01-31T12:00:00Z
              cases:
                - name: inline
                  input: {source: {namespace: a, serviceAccount: b}, request: {method: POST}}
                  expect: {allowed: false, status: 403, headersToRemove: x-user}
                - name: fixture
                  input: get
                  repeat: 3
                  limited: [3]
                  expect: {allowed: true, headers: {x-user: alice}}
            """);

    assertThat(read.diagnostics()).isEmpty();
    PolicyTestSuite suite = read.suite().orElseThrow();
    assertThat(suite.name()).isEqualTo("s");
    assertThat(suite.policies()).containsExactly(dir.resolve("p.yaml"));
    assertThat(suite.now()).contains(Instant.parse("2025-01-31T12:00:00Z"));
    assertThat(suite.cases()).extracting(TestCase::name).containsExactly("inline", "fixture");
    HttpCase inline = (HttpCase) suite.cases().get(0);
    assertThat(inline.location().line()).isEqualTo(8);
    assertThat(inline.request().source().principal()).isEqualTo("spiffe://cluster.local/ns/a/sa/b");
    assertThat(inline.expect().status()).contains(403);
    assertThat(inline.expect().headersToRemove()).containsExactly("x-user");
    HttpCase fixture = (HttpCase) suite.cases().get(1);
    assertThat(fixture.request().request().path()).isEqualTo("/x");
    assertThat(fixture.sequence()).isEqualTo(new RequestSequence(3, java.util.Set.of(3)));
    assertThat(read.sources()).containsKey(dir + "/testdata/get.yaml");
  }

  @Test
  void read_yamlSyntaxError_pointsAtIt() throws IOException {
    SuiteReader.Read read = read("  policies: [p.yaml\n  cases: []\n");

    assertThat(read.suite()).isEmpty();
    assertThat(problems(read))
        .singleElement()
        .asString()
        .startsWith("6:8 invalid_suite: invalid YAML");
  }

  @Test
  void read_wrongKind_pointsAtTheValue() throws IOException {
    Path file =
        write(
            "k_test.yaml",
            "apiVersion: celador.dev/v1alpha1\nkind: AccessPolicy\nmetadata: {name: s}\nspec: {}\n");

    assertThat(problems(new SuiteReader().read(file)))
        .containsExactly("2:7 invalid_suite: 'kind' must be PolicyTest, found 'AccessPolicy'");
  }

  @Test
  void read_brokenCases_reportsEveryOneAtItsPosition() throws IOException {
    SuiteReader.Read read =
        read(
            """
              policies: [p.yaml]
              cases:
                - name: typo
                  input: {request: {method: GET}}
                  expect: {alowed: true}
                - name: no input
                  expect: {allowed: true}
                - name: jwt
                  input: {jwt: {claims: {sub: alice}}}
                  expect: {allowed: true}
                - name: missing fixture
                  checkRequest: nope.json
                  expect: {allowed: true}
                - name: typo
                  input: {request: {methd: GET}}
                  expect: {allowed: true}
                - name: bad regex
                  input: {}
                  expect: {messageRegex: "("}
            """);

    assertThat(problems(read))
        .containsExactly(
            "9:16 invalid_suite: unknown field 'spec.cases[0].expect.alowed' (expected one of:"
                + " allowed, audits, headers, headersToRemove, message, messageRegex, policy,"
                + " responseHeaders, rule, status)",
            "10:7 invalid_suite: 'spec.cases[1]' needs exactly one input: input or checkRequest or"
                + " admission",
            "13:20 invalid_suite: 'spec.cases[2].input.jwt' needs exactly one of 'key' (sign"
                + " claims) or 'token' (a raw token)",
            "16:21 missing_fixture: fixture 'nope.json' not found: no nope.json in testdata",
            "19:25 invalid_suite: unknown field 'request.methd' (expected one of: body, headers,"
                + " host, id, method, path, protocol, scheme, time)",
            "23:30 invalid_suite: 'spec.cases[5].expect.messageRegex' is not a valid regular"
                + " expression: Unclosed group");
    assertThat(read.suite()).isEmpty();
  }

  @Test
  void read_keys_pinsOnlyPublicHalvesOfKeysNamingAnIssuer() throws IOException {
    SuiteReader.Read read =
        read(
            """
              policies: [p.yaml]
              now: 2025-01-31T12:00:00Z
              keys:
                - {name: a, algorithm: ES256, issuer: https://login.example.com}
                - {name: b, algorithm: ES384}
              cases:
                - name: signed
                  input: {jwt: {key: b, claims: {sub: alice}, cookie: session}}
                  expect: {allowed: true}
            """);

    assertThat(read.diagnostics()).isEmpty();
    PolicyTestSuite suite = read.suite().orElseThrow();
    assertThat(suite.pinnedJwks()).containsOnlyKeys("https://login.example.com");
    assertThat(suite.pinnedJwks().get("https://login.example.com"))
        .contains("\"kid\":\"a\"")
        .doesNotContain("\"d\"");
    HttpCase signed = (HttpCase) suite.cases().get(0);
    assertThat(signed.request().request().headers().get("cookie")).startsWith("session=eyJ");
  }

  @Test
  void read_brokenKeysAndTokens_pointAtTheField() throws IOException {
    SuiteReader.Read read =
        read(
            """
              policies: [p.yaml]
              keys:
                - {name: a, algorithm: HS256}
              cases:
                - name: unknown key
                  input: {jwt: {key: nope}}
                  expect: {allowed: true}
            """);

    assertThat(problems(read))
        .containsExactly(
            "7:28 invalid_suite: 'spec.keys[0].algorithm' must be one of RS256, RS384, RS512,"
                + " PS256, PS384, PS512, ES256, ES384, ES512, found 'HS256'");

    read =
        read(
            """
              policies: [p.yaml]
              keys: [{name: a, algorithm: ES256}]
              cases:
                - name: unknown key
                  input: {jwt: {key: nope}}
                  expect: {allowed: true}
                - name: raw token with claims
                  input: {jwt: {token: abc, claims: {sub: x}}}
                  expect: {allowed: true}
                - name: bad lifetime
                  input: {jwt: {key: a, expiresIn: soon}}
                  expect: {allowed: true}
                - name: bad every
                  input: {}
                  repeat: 2
                  every: often
                  expect: {allowed: true}
            """);

    assertThat(problems(read))
        .containsExactly(
            "9:26 invalid_suite: unknown key 'nope'; spec.keys declares a",
            "12:41 invalid_suite: 'spec.cases[1].input.jwt.claims' is for signed tokens; a raw"
                + " 'token' is sent as is",
            "15:40 invalid_suite: 'spec.cases[2].input.jwt.expiresIn' must be a duration such as"
                + " 1h or -5m (already expired), found 'soon'",
            "20:14 invalid_suite: 'spec.cases[3].every' must be a duration such as 100ms or 1s"
                + " (not negative), found 'often'");
  }

  @Test
  void read_duplicateCaseName_pointsAtTheSecond() throws IOException {
    SuiteReader.Read read =
        read(
            """
              policies: [p.yaml]
              cases:
                - {name: a, input: {}, expect: {allowed: true}}
                - {name: a, input: {}, expect: {allowed: true}}
            """);

    assertThat(problems(read))
        .containsExactly("8:7 invalid_suite: duplicate case name 'a'; first used at line 7");
  }

  @Test
  void read_policiesNamingNothing_pointsAtTheEntry() throws IOException {
    SuiteReader.Read read =
        read(
            """
              policies: [p.yaml, missing.yaml, "rules/*.yaml"]
              cases: [{name: a, input: {}, expect: {allowed: true}}]
            """);

    assertThat(problems(read))
        .containsExactly("5:22 no_policies: policies: no such file or directory: missing.yaml");
  }

  @Test
  void read_globMatchingNothing_pointsAtTheEntry() throws IOException {
    SuiteReader.Read read =
        read(
            """
              policies: [p.yaml, "rules/*.yaml"]
              cases: [{name: a, input: {}, expect: {allowed: true}}]
            """);

    assertThat(problems(read))
        .containsExactly("5:22 no_policies: policies: 'rules/*.yaml' matches no policy files");
  }

  @Test
  void read_glob_matchesPoliciesButNotSuitesOrTestdata() throws IOException {
    write("rules/a.yaml", "");
    write("rules/nested/b.yml", "");
    write("rules/a_test.yaml", "");
    write("rules/testdata/c.yaml", "");
    write("rules/notes.md", "");
    SuiteReader.Read read =
        read(
            """
              policies: ["rules/**.y*ml"]
              cases: [{name: a, input: {}, expect: {allowed: true}}]
            """);

    assertThat(read.suite().orElseThrow().policies())
        .containsExactly(dir.resolve("rules/a.yaml"), dir.resolve("rules/nested/b.yml"));
  }

  @Test
  void read_expectWithNothingToCheck_isAnError() throws IOException {
    SuiteReader.Read read =
        read(
            """
              policies: [p.yaml]
              cases: [{name: a, input: {}, expect: {}}]
            """);

    assertThat(problems(read))
        .singleElement()
        .asString()
        .startsWith("6:40 invalid_suite: 'spec.cases[0].expect' must give at least one of");
  }

  @Test
  void read_limitedOutsideRepeat_isAnError() throws IOException {
    SuiteReader.Read read =
        read(
            """
              policies: [p.yaml]
              cases: [{name: a, input: {}, repeat: 2, limited: [3], expect: {allowed: true}}]
            """);

    assertThat(problems(read))
        .containsExactly(
            "6:53 invalid_suite: 'spec.cases[0].limited' lists request numbers from 1 to repeat"
                + " (2), found 3");
  }

  @Test
  void read_missingFile_isIoError() {
    SuiteReader.Read read = new SuiteReader().read(dir.resolve("gone_test.yaml"));

    assertThat(read.diagnostics())
        .singleElement()
        .extracting(Diagnostic::code)
        .isEqualTo("io_error");
  }
}
