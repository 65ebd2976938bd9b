package dev.celador.engine.internal.cel.k8s;

import static dev.cel.common.types.SimpleType.BOOL;
import static dev.cel.common.types.SimpleType.STRING;
import static dev.cel.runtime.CelFunctionBinding.from;
import static dev.celador.engine.internal.cel.k8s.KubeDeclarations.fn;
import static dev.celador.engine.internal.cel.k8s.KubeDeclarations.member;
import static dev.celador.engine.internal.cel.k8s.KubeTypes.AUTHORIZER;
import static dev.celador.engine.internal.cel.k8s.KubeTypes.DECISION;
import static dev.celador.engine.internal.cel.k8s.KubeTypes.GROUP_CHECK;
import static dev.celador.engine.internal.cel.k8s.KubeTypes.PATH_CHECK;
import static dev.celador.engine.internal.cel.k8s.KubeTypes.RESOURCE_CHECK;

import com.google.common.collect.ImmutableList;
import dev.cel.common.CelFunctionDecl;
import dev.cel.runtime.CelFunctionBinding;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Declarations and bindings of the {@code authorizer} chain ({@code
 * authorizer.group(g).resource(r).namespace(n).check(verb).allowed()}). Kept apart from {@link
 * KubeDeclarations} because only admission policies (not messages or audit values) may call it.
 */
final class AuthzLibrary {

  private AuthzLibrary() {}

  public static List<CelFunctionDecl> declarations() {
    return List.of(
        fn("path", member("authorizer_path", PATH_CHECK, AUTHORIZER, STRING)),
        fn("group", member("authorizer_group", GROUP_CHECK, AUTHORIZER, STRING)),
        fn(
            "serviceAccount",
            member("authorizer_service_account", AUTHORIZER, AUTHORIZER, STRING, STRING)),
        fn("resource", member("group_check_resource", RESOURCE_CHECK, GROUP_CHECK, STRING)),
        fn(
            "subresource",
            member("resource_check_subresource", RESOURCE_CHECK, RESOURCE_CHECK, STRING)),
        fn("namespace", member("resource_check_namespace", RESOURCE_CHECK, RESOURCE_CHECK, STRING)),
        fn("name", member("resource_check_name", RESOURCE_CHECK, RESOURCE_CHECK, STRING)),
        fn(
            "fieldSelector",
            member("resource_check_field_selector", RESOURCE_CHECK, RESOURCE_CHECK, STRING)),
        fn(
            "labelSelector",
            member("resource_check_label_selector", RESOURCE_CHECK, RESOURCE_CHECK, STRING)),
        fn(
            "check",
            member("path_check_check", DECISION, PATH_CHECK, STRING),
            member("resource_check_check", DECISION, RESOURCE_CHECK, STRING)),
        fn("allowed", member("decision_allowed", BOOL, DECISION)),
        fn("reason", member("decision_reason", STRING, DECISION)),
        fn("errored", member("decision_errored", BOOL, DECISION)),
        fn("error", member("decision_error", STRING, DECISION)));
  }

  public static List<CelFunctionBinding> bindings() {
    return List.of(
        step("authorizer_path", AuthzCheck::path),
        step("authorizer_group", AuthzCheck::group),
        from(
            "authorizer_service_account",
            ImmutableList.of(AuthzCheck.class, String.class, String.class),
            a -> ((AuthzCheck) a[0]).serviceAccount((String) a[1], (String) a[2])),
        step("group_check_resource", AuthzCheck::resource),
        step("resource_check_subresource", AuthzCheck::subresource),
        step("resource_check_namespace", AuthzCheck::namespace),
        step("resource_check_name", AuthzCheck::name),
        step("resource_check_field_selector", AuthzCheck::fieldSelector),
        step("resource_check_label_selector", AuthzCheck::labelSelector),
        from("path_check_check", AuthzCheck.class, String.class, AuthzCheck::check),
        from("resource_check_check", AuthzCheck.class, String.class, AuthzCheck::check),
        from("decision_allowed", AuthzDecision.class, AuthzDecision::allowed),
        from("decision_reason", AuthzDecision.class, AuthzDecision::reason),
        from("decision_errored", AuthzDecision.class, AuthzDecision::errored),
        from("decision_error", AuthzDecision.class, AuthzDecision::error));
  }

  private static CelFunctionBinding step(
      String id, BiFunction<AuthzCheck, String, AuthzCheck> next) {
    return from(id, AuthzCheck.class, String.class, next::apply);
  }
}
