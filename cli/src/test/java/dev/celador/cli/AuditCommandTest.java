package dev.celador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code celador audit}'s usage errors, refused before any connection; the audit itself runs
 * against the real kube-apiserver in conformance-tests (AuditIT).
 */
class AuditCommandTest {

  @Test
  void audit_noPoliciesAndNoClusterSource_exits1SayingWhereFrom() {
    CliRun run = CliRun.of("audit", "--kubeconfig", "/nonexistent");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE_OR_IO);
    assertThat(run.err()).contains("--policies", "--source cluster");
  }

  @Test
  void audit_clusterSourceWithPolicyFiles_exits1() {
    CliRun run = CliRun.of("audit", "--source", "cluster", "-p", "policies/pod-security");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE_OR_IO);
    assertThat(run.err()).contains("--policies does not apply");
  }

  @Test
  void audit_unreadableKubeconfig_exits1NamingIt() {
    CliRun run = CliRun.of("audit", "-p", "policies/pod-security", "--kubeconfig", "/nonexistent");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE_OR_IO);
    assertThat(run.err()).contains("--kubeconfig: cannot read /nonexistent");
  }

  @Test
  void audit_junitOutput_exits1() {
    CliRun run = CliRun.of("audit", "-p", "policies/pod-security", "-o", "junit");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE_OR_IO);
    assertThat(run.err()).contains("audit prints text or json");
  }
}
