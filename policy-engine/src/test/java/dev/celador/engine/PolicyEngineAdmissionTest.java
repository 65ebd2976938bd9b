package dev.celador.engine;

import static dev.celador.engine.Policies.CLOCK;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.api.Decision;
import dev.celador.engine.api.DefaultAction;
import dev.celador.engine.api.JwksOptions;
import dev.celador.engine.api.SourceFile;
import dev.celador.engine.internal.admission.AdmissionContext;
import dev.celador.engine.internal.ratelimit.RateLimitBackends;
import dev.celador.engine.internal.source.Diagnostic;
import dev.celador.engine.internal.source.SourceLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PolicyEngine#load} compiles admission policies too, so `celador check` sees them; {@link
 * PolicyEngine#reloadAdmission} installs them beside the access policies.
 */
class PolicyEngineAdmissionTest {

  private static final String HEADER =
      """
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicy
      metadata: {name: replicas}
      spec:
        matchConstraints:
          resourceRules:
          - {apiGroups: [apps], apiVersions: [v1], operations: [CREATE], resources: [deployments]}
      """;

  @TempDir Path dir;

  @Test
  void load_vapWithCelErrors_reportsEachAtFileLineColumn() throws IOException {
    Path file =
        write(
            HEADER
                + """
                  validations:
                  - expression: "object.spec.replicas <"
                  - expression: "request.namex == ''"
                  - expression: "'not a bool'"
                """);

    LoadResult result = PolicyEngine.create(CLOCK).load(List.of(file));

    assertThat(result.hasErrors()).isTrue();
    assertThat(result.admission()).isEmpty();
    assertThat(result.diagnostics())
        .filteredOn(Diagnostic::isError)
        .extracting(Diagnostic::code, d -> d.location().line(), d -> d.location().column())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("syntax_error", 9, 40),
            org.assertj.core.groups.Tuple.tuple("undefined_field", 10, 25),
            org.assertj.core.groups.Tuple.tuple("wrong_result_type", 11, 18));
  }

  @Test
  void load_vapWithSchemaError_stillTypeChecksItsExpressionsInTheAdmissionScope()
      throws IOException {
    Path file =
        write(
            HEADER
                + """
                  failurePolicy: Maybe
                  variables:
                  - {name: spec, expression: "object.spec"}
                  validations:
                  - expression: "variables.spec.replicas > 0 && request.nope"
                    messageExpression: "authorizer.path('/x').check('get').allowed()"
                """);

    LoadResult result = PolicyEngine.create(CLOCK).load(List.of(file));

    assertThat(result.diagnostics())
        .extracting(Diagnostic::code)
        .containsExactly("invalid_value", "undefined_field", "undeclared_reference");
    assertThat(result.diagnostics().get(1).location())
        .isEqualTo(new SourceLocation(file.toString(), 12, 56));
  }

  @Test
  void load_validVapAndBinding_compilesTheAdmissionSetAlongsideHttpPolicies() throws IOException {
    Path file = write(AT_MOST_THREE);

    LoadResult result = PolicyEngine.create(CLOCK).load(List.of(file));

    assertThat(result.diagnostics()).isEmpty();
    assertThat(result.policyCount()).isEqualTo(1);
    assertThat(
            result
                .admission()
                .orElseThrow()
                .evaluate(deployment(5), AdmissionContext.empty())
                .code())
        .isEqualTo(422);
  }

  @Test
  void admit_beforeAnyLoad_isAnErrorNotAnAllow() {
    try (PolicyEngine engine = PolicyEngine.create(CLOCK)) {
      var decision = engine.admit(deployment(5));

      assertThat(decision.allowed()).isFalse();
      assertThat(decision.code()).isEqualTo(503);
    }
  }

  @Test
  void admit_afterReload_usesTheSnapshotsPoliciesAndKeepsItsContext() throws IOException {
    Path file = write(AT_MOST_THREE);
    try (PolicyEngine engine = PolicyEngine.create(CLOCK)) {
      AdmissionContext context =
          new AdmissionContext(
              List.of(),
              Map.of("prod", Map.of("metadata", Map.of("name", "prod"))),
              dev.celador.engine.internal.cel.k8s.DeclaredAuthorizer.none());
      engine.admissionContext(context);
      engine.reload(List.of(file));

      assertThat(engine.admit(deployment(5)).code()).isEqualTo(422);
      assertThat(engine.admit(deployment(2)).allowed()).isTrue();
      assertThat(engine.snapshot().orElseThrow().admissionContext()).isSameAs(context);

      Files.writeString(file, PolicyEngineTest.GOOD);
      engine.reload(List.of(file));

      assertThat(engine.admit(deployment(5)).allowed()).isTrue();
      assertThat(engine.snapshot().orElseThrow().admissionContext()).isSameAs(context);
    }
  }

  @Test
  void reloadAdmission_beforeAnyAccessLoad_admitsAndDecidesWithTheConfiguredDefault() {
    AdmissionContext context = namespaced("prod");
    PolicyDefaults denying =
        new PolicyDefaults(PolicyDefaults.DEFAULT.tenancy(), DefaultAction.DENY);
    try (PolicyEngine engine =
        PolicyEngine.create(CLOCK, JwksOptions.defaults(), RateLimitBackends.local(), denying)) {
      LoadResult loaded = engine.reloadAdmission(atMostThree(), context);

      assertThat(loaded.hasErrors()).isFalse();
      assertThat(engine.admit(deployment(5)).code()).isEqualTo(422);
      assertThat(engine.snapshot().orElseThrow().admissionContext()).isSameAs(context);
      assertThat(engine.decide(Policies.request("a", "b", "GET", "/", Map.of())).join().effect())
          .as("no access policies yet: the configured default, not 'not ready'")
          .isEqualTo(Decision.Effect.DENY);
    }
  }

  @Test
  void reloadAdmission_afterAccessLoad_keepsTheAccessSetAndSwapsAdmissionWithItsContext()
      throws IOException {
    Path file = write(PolicyEngineTest.GOOD);
    try (PolicyEngine engine = PolicyEngine.create(CLOCK)) {
      engine.reload(List.of(file));
      var access = engine.snapshot().orElseThrow().access();
      AdmissionContext context = namespaced("prod");

      engine.reloadAdmission(atMostThree(), context);

      PolicySnapshot now = engine.snapshot().orElseThrow();
      assertThat(now.access()).isSameAs(access);
      assertThat(now.admissionContext()).isSameAs(context);
      assertThat(engine.admit(deployment(5)).code()).isEqualTo(422);
      assertThat(
              engine.evaluate(Policies.request("a", "b", "POST", "/", Map.of()), false).allowed())
          .isFalse();
    }
  }

  @Test
  void reloadAdmission_broken_keepsTheWholeLastSnapshot() {
    try (PolicyEngine engine = PolicyEngine.create(CLOCK)) {
      engine.reloadAdmission(atMostThree(), AdmissionContext.empty());
      PolicySnapshot before = engine.snapshot().orElseThrow();

      LoadResult broken =
          engine.reloadAdmission(
              List.of(new SourceFile("vap.yaml", AT_MOST_THREE.replace("<= 3", "<="))),
              namespaced("prod"));

      assertThat(broken.hasErrors()).isTrue();
      assertThat(engine.snapshot().orElseThrow()).isSameAs(before);
    }
  }

  @Test
  void reload_afterReloadAdmission_installsAccessAndKeepsTheAdmissionSideAndItsContext()
      throws IOException {
    // serve with the webhook on its own source: serve's directory (here with a VAP allowing
    // everything) must not replace the admission policies that source installed.
    Path access = write(PolicyEngineTest.GOOD);
    Path vapInServeDirectory = dir.resolve("permissive.yaml");
    Files.writeString(vapInServeDirectory, AT_MOST_THREE.replace("<= 3", "<= 1000"));
    try (PolicyEngine engine = PolicyEngine.create(CLOCK)) {
      AdmissionContext context = namespaced("prod");
      engine.reloadAdmission(atMostThree(), context);
      var admission = engine.snapshot().orElseThrow().admission();

      LoadResult loaded = engine.reload(List.of(access, vapInServeDirectory), namespaced("other"));

      assertThat(loaded.hasErrors()).isFalse();
      PolicySnapshot now = engine.snapshot().orElseThrow();
      assertThat(now.access()).isSameAs(loaded.policySet().orElseThrow());
      assertThat(now.admission()).isSameAs(admission);
      assertThat(now.admissionContext()).isSameAs(context);
      assertThat(engine.admit(deployment(5)).code()).isEqualTo(422);
    }
  }

  @Test
  void revision_withAdmissionApart_changesWhenEitherSideChanges() throws IOException {
    Path access = write(PolicyEngineTest.GOOD);
    try (PolicyEngine engine = PolicyEngine.create(CLOCK)) {
      engine.reload(List.of(access));
      String accessOnly = engine.revision();
      engine.reloadAdmission(atMostThree(), AdmissionContext.empty());
      String both = engine.revision();
      engine.reloadAdmission(
          List.of(new SourceFile("vap.yaml", AT_MOST_THREE.replace("<= 3", "<= 4"))),
          AdmissionContext.empty());
      String admissionEdited = engine.revision();
      Files.writeString(access, PolicyEngineTest.GOOD + "\n# edited\n");
      engine.reload(List.of(access));

      assertThat(List.of(accessOnly, both, admissionEdited, engine.revision()))
          .doesNotHaveDuplicates()
          .allMatch(r -> r.matches("[0-9a-f]{16}"));
    }
  }

  @Test
  void reloadAdmissionFiles_installsThePoliciesOfThoseFilesAsTheAdmissionSide() throws IOException {
    Path access = write(PolicyEngineTest.GOOD);
    Path vap = dir.resolve("vap-only.yaml");
    Files.writeString(vap, AT_MOST_THREE);
    try (PolicyEngine engine = PolicyEngine.create(CLOCK)) {
      engine.reload(List.of(access));
      var accessSet = engine.snapshot().orElseThrow().access();

      LoadResult loaded = engine.reloadAdmissionFiles(List.of(vap), AdmissionContext.empty());

      assertThat(loaded.hasErrors()).isFalse();
      assertThat(engine.snapshot().orElseThrow().access()).isSameAs(accessSet);
      assertThat(engine.admit(deployment(5)).code()).isEqualTo(422);
      assertThat(engine.admit(deployment(2)).allowed()).isTrue();
    }
  }

  private static List<SourceFile> atMostThree() {
    return List.of(new SourceFile("vap.yaml", AT_MOST_THREE));
  }

  private static AdmissionContext namespaced(String name) {
    return new AdmissionContext(
        List.of(),
        Map.of(name, Map.of("metadata", Map.of("name", name))),
        dev.celador.engine.internal.cel.k8s.DeclaredAuthorizer.none());
  }

  private static final String AT_MOST_THREE =
      HEADER
          + """
            validations:
            - expression: "object.spec.replicas <= 3"
          ---
          apiVersion: admissionregistration.k8s.io/v1
          kind: ValidatingAdmissionPolicyBinding
          metadata: {name: replicas}
          spec: {policyName: replicas, validationActions: [Deny]}
          """;

  private static AdmissionRequest deployment(int replicas) {
    return AdmissionRequest.fromMap(
        Map.of(
            "uid", "u",
            "operation", "CREATE",
            "kind", Map.of("group", "apps", "version", "v1", "kind", "Deployment"),
            "resource", Map.of("group", "apps", "version", "v1", "resource", "deployments"),
            "object", Map.of("spec", Map.of("replicas", replicas))));
  }

  private Path write(String text) throws IOException {
    return Files.writeString(dir.resolve("policy.yaml"), text);
  }
}
