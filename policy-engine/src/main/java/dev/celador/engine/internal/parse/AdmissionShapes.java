package dev.celador.engine.internal.parse;

import static dev.celador.engine.internal.parse.AdmissionSpecReader.MATCH;
import static dev.celador.engine.internal.schema.Shape.expression;
import static dev.celador.engine.internal.schema.Shape.listOf;
import static dev.celador.engine.internal.schema.Shape.mapOf;
import static dev.celador.engine.internal.schema.Shape.oneOf;
import static dev.celador.engine.internal.schema.Shape.ref;
import static dev.celador.engine.internal.schema.Shape.string;

import dev.celador.engine.internal.model.FailurePolicy;
import dev.celador.engine.internal.model.MutatingPolicy;
import dev.celador.engine.internal.model.MutatingPolicyBinding;
import dev.celador.engine.internal.model.PolicyBinding;
import dev.celador.engine.internal.model.ValidatingPolicy;
import dev.celador.engine.internal.schema.Shape;
import dev.celador.engine.internal.schema.ShapeObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schema of admission policies and bindings as {@link ValidatingPolicyReader} and {@link
 * MutatingPolicyReader} read them: the Kubernetes fields Celador accepts, with the same names for
 * the VAP kinds and Celador's own.
 */
final class AdmissionShapes {

  private AdmissionShapes() {}

  /** The spec of each admission kind; shared parts are added to {@code definitions}. */
  static Map<String, Shape> specs(Map<String, Shape> definitions) {
    definitions.put(
        "labelSelector",
        ShapeObject.of(AdmissionSpecReader.SELECTOR)
            .field("matchLabels", mapOf(string()))
            .field(
                "matchExpressions",
                listOf(
                    ShapeObject.of(AdmissionSpecReader.REQUIREMENT)
                        .field("key", string())
                        .field("operator", oneOf(AdmissionSpecReader.OPERATORS))
                        .field("values", PolicyShapes.strings())
                        .required("key", "operator")
                        .build()))
            .build());
    definitions.put(
        "resourceRule",
        ShapeObject.of(AdmissionSpecReader.RULE)
            .fields(
                List.of("apiGroups", "apiVersions", "resources", "operations", "resourceNames"),
                PolicyShapes.strings())
            .field("scope", oneOf(AdmissionSpecReader.SCOPES))
            .build());
    definitions.put("matchResources", match().build());
    definitions.put(
        "namedExpression",
        ShapeObject.of(AdmissionSpecReader.NAMED)
            .field("name", string())
            .field("expression", expression())
            .required("name", "expression")
            .build());
    Shape policy = policySpec();
    Shape binding = bindingSpec();
    Map<String, Shape> specs = new LinkedHashMap<>();
    specs.put(ValidatingPolicy.VAP_KIND, policy);
    specs.put(ValidatingPolicy.CELADOR_KIND, policy);
    specs.put(PolicyBinding.VAP_KIND, binding);
    specs.put(PolicyBinding.CELADOR_KIND, binding);
    specs.put(MutatingPolicy.KIND, mutatingPolicySpec());
    specs.put(MutatingPolicyBinding.KIND, mutatingBindingSpec());
    return specs;
  }

  private static ShapeObject match() {
    return ShapeObject.of(MATCH)
        .fields(List.of("namespaceSelector", "objectSelector"), ref("labelSelector"))
        .fields(List.of("resourceRules", "excludeResourceRules"), listOf(ref("resourceRule")))
        .field("matchPolicy", oneOf(AdmissionSpecReader.MATCH_POLICIES));
  }

  private static Shape policySpec() {
    Shape validation =
        ShapeObject.of(ValidatingPolicyReader.VALIDATION)
            .field("expression", expression())
            .field("message", string())
            .field("messageExpression", expression())
            .field("reason", oneOf(ValidatingPolicyReader.REASONS))
            .required("expression")
            .build();
    Shape audit =
        ShapeObject.of(ValidatingPolicyReader.AUDIT)
            .field("key", string())
            .field("valueExpression", expression())
            .required("key", "valueExpression")
            .build();
    return ShapeObject.of(ValidatingPolicyReader.SPEC)
        .field("paramKind", paramKind())
        // A policy's constraints must list the resources it is for; a binding's may narrow them.
        .field("matchConstraints", match().required("resourceRules").build())
        .fields(List.of("matchConditions", "variables"), listOf(ref("namedExpression")))
        .field("validations", listOf(validation))
        .field("auditAnnotations", listOf(audit))
        .field(
            "failurePolicy", PolicyShapes.spelled(FailurePolicy.values(), FailurePolicy::yamlName))
        .required("matchConstraints")
        .with(
            "anyOf",
            List.of(
                Map.of("required", List.of("validations")),
                Map.of("required", List.of("auditAnnotations"))))
        .build();
  }

  private static Shape paramKind() {
    return ShapeObject.of(AdmissionSpecReader.PARAM_KIND)
        .fields(AdmissionSpecReader.PARAM_KIND, string())
        .required("apiVersion", "kind")
        .build();
  }

  private static Shape paramRef() {
    return ShapeObject.of(AdmissionSpecReader.PARAM_REF)
        .fields(List.of("name", "namespace"), string())
        .field("selector", ref("labelSelector"))
        .field("parameterNotFoundAction", oneOf(AdmissionSpecReader.NOT_FOUND_ACTIONS))
        .required("parameterNotFoundAction")
        .build();
  }

  /** MutatingAdmissionPolicy (admissionregistration.k8s.io/v1) as MutatingPolicyReader reads it. */
  private static Shape mutatingPolicySpec() {
    Shape patch =
        ShapeObject.of(MutatingPolicyReader.PATCH)
            .field("expression", expression())
            .required("expression")
            .build();
    Shape mutation =
        ShapeObject.of(MutatingPolicyReader.MUTATION)
            .field(
                "patchType",
                PolicyShapes.spelled(
                    MutatingPolicy.PatchType.values(), MutatingPolicy.PatchType::yamlName))
            .fields(List.of("jsonPatch", "applyConfiguration"), patch)
            .required("patchType")
            .build();
    return ShapeObject.of(MutatingPolicyReader.SPEC)
        .field("paramKind", paramKind())
        .field("matchConstraints", match().required("resourceRules").build())
        .fields(List.of("matchConditions", "variables"), listOf(ref("namedExpression")))
        .field("mutations", Shape.nonEmptyListOf(mutation))
        .field(
            "failurePolicy", PolicyShapes.spelled(FailurePolicy.values(), FailurePolicy::yamlName))
        .field("reinvocationPolicy", oneOf(MutatingPolicyReader.REINVOCATION))
        .required("matchConstraints", "mutations", "reinvocationPolicy")
        .build();
  }

  private static Shape mutatingBindingSpec() {
    return ShapeObject.of(MutatingPolicyReader.BINDING_SPEC)
        .field("policyName", string())
        .field("paramRef", paramRef())
        .field("matchResources", ref("matchResources"))
        .required("policyName")
        .build();
  }

  private static Shape bindingSpec() {
    return ShapeObject.of(ValidatingPolicyReader.BINDING_SPEC)
        .field("policyName", string())
        .field("paramRef", paramRef())
        .field("matchResources", ref("matchResources"))
        .field("validationActions", Shape.nonEmptyListOf(oneOf(ValidatingPolicyReader.ACTIONS)))
        .required("policyName", "validationActions")
        .build();
  }
}
