package dev.celador.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Ready condition follows the verdict on the object, and nothing a replica remembers. */
class ObjectStatusTest {

  private static final String NAME = "celador.dev/v1alpha1/AccessPolicy/shop/methods";

  @Test
  void condition_refusedEvenWithLastGoodVersionStandingIn_falseWithEveryProblem() {
    Verdicts verdicts =
        new Verdicts(Set.of(), Map.of(NAME, List.of("problem one", "problem two")), Set.of(NAME));

    assertThat(ObjectStatus.condition(NAME, 4, verdicts))
        .containsEntry("type", "Ready")
        .containsEntry("status", "False")
        .containsEntry("reason", "Invalid")
        .containsEntry("message", "problem one\nproblem two")
        .containsEntry("observedGeneration", 4L);
  }

  @Test
  void condition_loaded_trueAccepted() {
    Verdicts verdicts = new Verdicts(Set.of(NAME), Map.of(), Set.of());

    assertThat(ObjectStatus.condition(NAME, 1, verdicts))
        .containsEntry("status", "True")
        .containsEntry("reason", "Accepted");
  }

  @Test
  void condition_notJudged_none() {
    assertThat(ObjectStatus.condition(NAME, 1, Verdicts.NONE)).isNull();
  }
}
