package dev.celador.cluster.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.internal.model.MatchResources.ResourceRule;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which served resources a policy's resourceRules can match (discovery itself: AuditIT). */
class AuditedKindsTest {

  private static ResourceRule rule(
      List<String> groups, List<String> versions, List<String> resources) {
    return new ResourceRule(groups, versions, resources, List.of("CREATE"), "*", List.of());
  }

  @Test
  void matches_namedResource_onlyThatGroupVersionAndResource() {
    List<ResourceRule> rules =
        List.of(rule(List.of("apps"), List.of("v1"), List.of("deployments")));

    assertThat(AuditedKinds.matches(rules, "apps", "v1", "deployments")).isTrue();
    assertThat(AuditedKinds.matches(rules, "apps", "v1", "statefulsets")).isFalse();
    assertThat(AuditedKinds.matches(rules, "", "v1", "deployments")).isFalse();
    assertThat(AuditedKinds.matches(rules, "apps", "v1beta1", "deployments")).isFalse();
  }

  @Test
  void matches_wildcards_everyGroupVersionAndResource() {
    List<ResourceRule> star = List.of(rule(List.of("*"), List.of("*"), List.of("*")));
    List<ResourceRule> starSlashStar = List.of(rule(List.of("*"), List.of("*"), List.of("*/*")));

    assertThat(AuditedKinds.matches(star, "batch", "v1", "cronjobs")).isTrue();
    assertThat(AuditedKinds.matches(starSlashStar, "", "v1", "pods")).isTrue();
  }

  @Test
  void matches_subresourceRuleOnly_noStoredKind() {
    List<ResourceRule> rules = List.of(rule(List.of(""), List.of("v1"), List.of("pods/exec")));

    assertThat(AuditedKinds.matches(rules, "", "v1", "pods")).isFalse();
  }

  @Test
  void matches_noRules_nothing() {
    assertThat(AuditedKinds.matches(List.of(), "", "v1", "pods")).isFalse();
  }
}
