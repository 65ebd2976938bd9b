package dev.celador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code celador apply} with the mutation library: what the mutating policies wrote, in every
 * output, and validation on the mutated object, as the API server's admission chain runs them.
 */
class ApplyMutationTest {

  private static final Path POLICIES = Path.of("../policies");

  private static final String BARE_POD =
      "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\n"
          + "spec: {containers: [{name: web, image: \"busybox:latest\"}]}\n";

  private static CliRun apply(String stdin, String... extra) {
    List<String> args = new ArrayList<>(List.of("apply", "--color=never", "-n", "shop"));
    args.addAll(List.of("-p", POLICIES.resolve("mutation/image-pull-policy.yaml").toString()));
    args.addAll(
        List.of("-p", POLICIES.resolve("mutation/security-context-defaults.yaml").toString()));
    args.addAll(
        List.of(
            "-p",
            POLICIES.resolve("pod-security/restricted/privilege-escalation.yaml").toString()));
    args.addAll(List.of(extra));
    args.add("-");
    return CliRun.withStdin(stdin, args.toArray(String[]::new));
  }

  @Test
  void apply_barePod_printsPoliciesAndOneLinePerOperationAndIsAllowedOnceMutated() {
    CliRun run = apply(BARE_POD);

    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(run.out())
        .startsWith(
            """
            <stdin>:1  v1 Pod shop/web  CREATE  allowed
              mutated by image-pull-policy, security-context-defaults
                add /spec/containers/0/imagePullPolicy "Always"
                add /spec/securityContext {"runAsNonRoot":true}
                add /spec/securityContext/seccompProfile {"type":"RuntimeDefault"}
                replace /spec/containers [{"name":"web","image":"busybox:latest",\
            "imagePullPolicy":"Always","securityContext":{"allowPrivilegeEscalation":false}}]
            """);
  }

  @Test
  void apply_explicitOptOut_isNotMutatedAndIsDenied() {
    CliRun run =
        apply(
            "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec: {securityContext:"
                + " {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}, containers:"
                + " [{name: web, image: \"busybox:1.36\", securityContext:"
                + " {allowPrivilegeEscalation: true}}]}\n");

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.out()).doesNotContain("mutated by").contains("denied");
  }

  @Test
  void apply_json_carriesTheMutationMemberWithPoliciesAndPatch() {
    CliRun run = apply(BARE_POD, "-o", "json");

    JsonNode object = JsonMapper.builder().build().readTree(run.out()).get("objects").get(0);
    assertThat(object.get("allowed").asBoolean()).isTrue();
    JsonNode mutation = object.get("mutation");
    assertThat(mutation.get("policies").toString())
        .isEqualTo("[\"image-pull-policy\",\"security-context-defaults\"]");
    assertThat(mutation.get("patch").get(0).toString())
        .isEqualTo(
            "{\"op\":\"add\",\"path\":\"/spec/containers/0/imagePullPolicy\",\"value\":\"Always\"}");
    assertThat(mutation.get("patch").size()).isEqualTo(4);
  }

  @Test
  void apply_junit_putsThePatchInTheObjectsSystemOut() {
    CliRun run = apply(BARE_POD, "-o", "junit");

    assertThat(run.out())
        .contains(
            "<system-out>mutated by image-pull-policy, security-context-defaults\n"
                + "  add /spec/containers/0/imagePullPolicy \"Always\"\n");
  }
}
