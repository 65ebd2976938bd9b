package dev.celador.cli;

import dev.celador.cluster.audit.ClusterAudit;
import dev.celador.engine.api.AdmissionRequest;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --user} and {@code --group}: whom the requests {@code apply} and {@code audit} judge come
 * from (what {@code authorizer} checks and {@code request.userInfo} see). A manifest or a stored
 * object names no user, so by default a cluster admin, as kubeadm and kind set one up.
 */
final class RequestUserOptions {

  @Option(
      names = "--user",
      paramLabel = "NAME",
      defaultValue = ClusterAudit.DEFAULT_USERNAME,
      description = "request.userInfo.username (default: ${DEFAULT-VALUE}).")
  String user;

  @Option(
      names = "--group",
      paramLabel = "NAME",
      description =
          "request.userInfo.groups; repeat for more (default: system:masters,"
              + " system:authenticated).")
  List<String> groups;

  AdmissionRequest.UserInfo userInfo() {
    return new AdmissionRequest.UserInfo(
        user, "", groups == null ? ClusterAudit.DEFAULT_GROUPS : groups, Map.of());
  }
}
