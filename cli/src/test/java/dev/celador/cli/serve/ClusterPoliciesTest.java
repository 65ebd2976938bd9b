package dev.celador.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celador.cli.UserException;
import dev.celador.engine.PolicyEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings of the cluster policy source; watching a real API server is ServeClusterIT's. */
class ClusterPoliciesTest {

  @TempDir Path dir;

  @Test
  void enabled_byDefault_filesNotCluster() {
    Settings s = Settings.resolve(null, Map.of(), Map.of());

    assertThat(ClusterPolicies.enabled(s)).isFalse();
    assertThat(s.duration("celador.cluster.sync-timeout")).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.path("celador.kubeconfig")).isNull();
  }

  @Test
  void enabled_fromEnvironmentOrYamlFile_cluster() throws Exception {
    Path yaml = dir.resolve("celador.yaml");
    Files.writeString(yaml, "celador:\n  policies:\n    source: cluster\n");

    assertThat(ClusterPolicies.enabled(Settings.resolve(yaml, Map.of(), Map.of()))).isTrue();
    assertThat(
            ClusterPolicies.enabled(
                Settings.resolve(null, Map.of("CELADOR_POLICIES_SOURCE", "cluster"), Map.of())))
        .isTrue();
  }

  @Test
  void enabled_unknownSource_errorNamesSettingAndValues() {
    Settings s = Settings.resolve(null, Map.of(), Map.of("celador.policies.source", "crd"));

    assertThatThrownBy(() -> ClusterPolicies.enabled(s))
        .isInstanceOf(UserException.class)
        .hasMessage("celador.policies.source must be files or cluster, got 'crd'");
  }

  @Test
  void namespaces_commaSeparated_trimmedAndInvalidNamesRefused() {
    assertThat(
            ClusterPolicies.namespaces(
                Settings.resolve(
                    null, Map.of("CELADOR_CLUSTER_NAMESPACES", " shop, payments ,"), Map.of())))
        .containsExactly("payments", "shop");
    assertThat(ClusterPolicies.namespaces(Settings.resolve(null, Map.of(), Map.of()))).isEmpty();
    Settings bad =
        Settings.resolve(null, Map.of(), Map.of("celador.cluster.namespaces", "shop,Not_A_Name"));
    assertThatThrownBy(() -> ClusterPolicies.namespaces(bad))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("'Not_A_Name' is not a namespace name");
  }

  @Test
  void start_missingKubeconfig_errorNamesSettingAndFile() {
    Path missing = dir.resolve("no-such-kubeconfig");
    Settings s =
        Settings.resolve(
            null,
            Map.of(),
            Map.of("celador.policies.source", "cluster", "celador.kubeconfig", missing.toString()));

    try (PolicyEngine engine = PolicyEngine.create(Clock.systemUTC())) {
      assertThatThrownBy(() -> ClusterPolicies.start(s, engine, outcome -> {}))
          .isInstanceOf(UserException.class)
          .hasMessage("celador.kubeconfig: cannot read " + missing);
    }
  }
}
