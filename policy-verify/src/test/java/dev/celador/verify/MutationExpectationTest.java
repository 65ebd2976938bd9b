package dev.celador.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.internal.admission.MutatedRequest;
import dev.celador.engine.internal.admission.MutationResult;
import dev.celador.engine.internal.jsonpatch.JsonPatchOperation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MutationExpectationTest {

  private static final Map<String, Object> MUTATED =
      Map.of(
          "metadata",
          Map.of("name", "web", "labels", Map.of("team", "shop")),
          "spec",
          Map.of("containers", List.of(container())));

  /** Ordered, as the diff prints it. */
  private static Map<String, Object> container() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", "web");
    c.put("imagePullPolicy", "Always");
    return c;
  }

  private static MutatedRequest mutated(boolean allowed) {
    List<MutationResult.AppliedPatch> patches =
        List.of(
            new MutationResult.AppliedPatch(
                "pull",
                "pull",
                0,
                List.of(
                    new JsonPatchOperation(
                        "add", "/spec/containers/0/imagePullPolicy", "", "Always", true))),
            new MutationResult.AppliedPatch("noop", "noop", 0, List.of()));
    MutationResult result =
        allowed
            ? new MutationResult(true, 200, "", "", MUTATED, patches)
            : new MutationResult(false, 403, "Invalid", "denied", null, List.of());
    return new MutatedRequest(result, (AdmissionRequest) null);
  }

  private static MutationExpectation expect(
      Object object, Object contains, List<Object> patch, List<String> by) {
    return new MutationExpectation(
        Optional.ofNullable(object),
        Optional.ofNullable(contains),
        Optional.ofNullable(patch),
        Optional.ofNullable(by));
  }

  @Test
  void check_wholeObjectPatchAndPolicies_noMismatches() {
    MutationExpectation expect =
        expect(
            MUTATED,
            Map.of("spec", Map.of("containers", List.of(Map.of("imagePullPolicy", "Always")))),
            List.of(
                Map.of(
                    "op", "add", "path", "/spec/containers/0/imagePullPolicy", "value", "Always")),
            List.of("pull"));

    assertThat(expect.check(mutated(true))).isEmpty();
  }

  @Test
  void check_wholeObjectWithAnExtraKey_namesThePathBothWays() {
    Map<String, Object> want =
        Map.of(
            "metadata",
            Map.of("name", "web", "labels", Map.of("team", "shop", "app.kubernetes.io/name", "w")),
            "spec",
            Map.of("containers", List.of(Map.of("name", "web"))));

    assertThat(expect(want, null, null, null).check(mutated(true)))
        .containsExactlyInAnyOrder(
            new Mismatch(
                "object.metadata.labels[\"app.kubernetes.io/name\"]", "\"w\"", "(not set)"),
            new Mismatch("object.spec.containers[0].imagePullPolicy", "(not set)", "\"Always\""));
  }

  @Test
  void check_subsetWithAShorterList_stillComparesTheListsLength() {
    Map<String, Object> want = Map.of("spec", Map.of("containers", List.of()));

    assertThat(expect(null, want, null, null).check(mutated(true)))
        .containsExactly(
            new Mismatch(
                "objectContains.spec.containers[0]",
                "(not set)",
                "{\"name\":\"web\",\"imagePullPolicy\":\"Always\"}"));
  }

  @Test
  void check_patchMissingAnOperation_showsItAsNotSet() {
    assertThat(expect(null, null, List.of(), null).check(mutated(true)))
        .containsExactly(
            new Mismatch(
                "patch[0]",
                "(not set)",
                "{\"op\":\"add\",\"path\":\"/spec/containers/0/imagePullPolicy\",\"value\":\"Always\"}"));
  }

  @Test
  void check_mutationDenied_objectIsNoneAndPatchEmpty() {
    assertThat(expect(MUTATED, null, List.of(), List.of()).check(mutated(false)))
        .containsExactly(new Mismatch("object", "(an object)", "(none)"));
  }
}
