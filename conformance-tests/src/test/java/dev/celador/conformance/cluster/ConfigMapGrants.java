package dev.celador.conformance.cluster;

import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/** Real RBAC for the authorizer ITs: a Role over ConfigMaps in one namespace, bound to subjects. */
final class ConfigMapGrants {

  private static final String RBAC_GROUP = "rbac.authorization.k8s.io";

  private ConfigMapGrants() {}

  static Subject user(String name) {
    return new SubjectBuilder().withKind("User").withName(name).withApiGroup(RBAC_GROUP).build();
  }

  static Subject group(String name) {
    return new SubjectBuilder().withKind("Group").withName(name).withApiGroup(RBAC_GROUP).build();
  }

  /**
   * Lets {@code subjects} {@code verbs} ConfigMaps in {@code ns}: Role and RoleBinding {@code
   * name}.
   */
  static void grant(
      KubernetesClient admin, String ns, String name, List<String> verbs, Subject... subjects) {
    admin
        .rbac()
        .roles()
        .inNamespace(ns)
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .addNewRule()
                .withApiGroups("")
                .withResources("configmaps")
                .withVerbs(verbs)
                .endRule()
                .build())
        .create();
    admin
        .rbac()
        .roleBindings()
        .inNamespace(ns)
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewRoleRef(RBAC_GROUP, "Role", name)
                .withSubjects(subjects)
                .build())
        .create();
  }
}
