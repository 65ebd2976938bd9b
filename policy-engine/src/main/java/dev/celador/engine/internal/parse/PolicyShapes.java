package dev.celador.engine.internal.parse;

import static dev.celador.engine.internal.schema.Shape.bool;
import static dev.celador.engine.internal.schema.Shape.duration;
import static dev.celador.engine.internal.schema.Shape.expression;
import static dev.celador.engine.internal.schema.Shape.listOf;
import static dev.celador.engine.internal.schema.Shape.mapOf;
import static dev.celador.engine.internal.schema.Shape.nonEmptyListOf;
import static dev.celador.engine.internal.schema.Shape.oneOf;
import static dev.celador.engine.internal.schema.Shape.ref;
import static dev.celador.engine.internal.schema.Shape.string;

import dev.celador.engine.internal.model.AccessPolicy;
import dev.celador.engine.internal.model.Action;
import dev.celador.engine.internal.model.FailurePolicy;
import dev.celador.engine.internal.model.JwtAuthentication;
import dev.celador.engine.internal.model.JwtIssuer;
import dev.celador.engine.internal.model.KeySourceSpec;
import dev.celador.engine.internal.model.RateLimit.Backend;
import dev.celador.engine.internal.model.RateLimit.FailureMode;
import dev.celador.engine.internal.model.RateLimitPolicy;
import dev.celador.engine.internal.schema.SchemaDocument;
import dev.celador.engine.internal.schema.Shape;
import dev.celador.engine.internal.schema.ShapeObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The JSON Schema of every policy kind, derived from the readers: field names from the lists each
 * reader passes to its unknown-field check, kinds and apiVersions from {@link DocumentReader}, enum
 * spellings from the model's enums. Types and required fields are written here beside those lists;
 * the schema tests check them against the parser document by document.
 */
public final class PolicyShapes {

  public static final String FILE_NAME = "policy.schema.json";

  private PolicyShapes() {}

  /** {@code policy.schema.json}: any document {@code celador check} reads, chosen by kind. */
  public static SchemaDocument schema() {
    Map<String, Shape> definitions = new LinkedHashMap<>();
    Map<String, Shape> specs = specs(definitions);
    List<Object> byKind = new ArrayList<>();
    for (String kind : DocumentReader.KNOWN_KINDS) {
      definitions.put(kind, document(kind, specs.get(kind)));
      Map<String, Object> when = new LinkedHashMap<>();
      when.put("properties", Map.of("kind", Map.of("const", kind)));
      when.put("required", List.of("kind"));
      Map<String, Object> rule = new LinkedHashMap<>();
      rule.put("if", when);
      rule.put("then", ref(kind).schema());
      byKind.add(rule);
    }
    Shape root =
        Shape.anything()
            .with("type", "object")
            .with("required", List.of("kind"))
            .with("properties", Map.of("kind", oneOf(DocumentReader.KNOWN_KINDS).schema()))
            .with("allOf", byKind);
    return new SchemaDocument(FILE_NAME, "Celador policy document", root, definitions);
  }

  private static Shape document(String kind, Shape spec) {
    return ShapeObject.of(DocumentReader.FIELDS)
        .field("apiVersion", Shape.constant(DocumentReader.API_VERSIONS.get(kind)))
        .field("kind", Shape.constant(kind))
        .field("metadata", ref("metadata"))
        .field("spec", spec)
        .required("apiVersion", "kind", "metadata", "spec")
        .build();
  }

  private static Map<String, Shape> specs(Map<String, Shape> definitions) {
    definitions.put(
        "metadata",
        ShapeObject.of(MetadataReader.FIELDS)
            .field("name", string())
            .field("namespace", string())
            .fields(List.of("labels", "annotations"), mapOf(string()))
            .required("name")
            .build());
    definitions.put(
        "target",
        ShapeObject.of(TargetReader.FIELDS)
            .fields(List.of("hosts", "namespaces", "serviceAccounts", "principals"), strings())
            .field("contextExtensions", mapOf(string()))
            .build());
    definitions.put("jwtIssuer", jwtIssuer());
    Map<String, Shape> specs = new LinkedHashMap<>(AdmissionShapes.specs(definitions));
    specs.put(AccessPolicy.KIND, accessPolicy());
    specs.put(JwtAuthentication.KIND, jwtAuthentication());
    specs.put(RateLimitPolicy.KIND, rateLimitPolicy());
    return specs;
  }

  private static Shape accessPolicy() {
    return ShapeObject.of(AccessPolicyReader.SPEC_FIELDS)
        .field("target", ref("target"))
        .field("action", spelled(Action.values(), Action::name))
        .field("dryRun", bool())
        .field("failurePolicy", spelled(FailurePolicy.values(), FailurePolicy::yamlName))
        .field(
            "rules",
            nonEmptyListOf(
                ShapeObject.of(AccessPolicyReader.RULE_FIELDS)
                    .field("name", string())
                    .field("when", expression())
                    .required("name", "when")
                    .build()))
        .field(
            "denyResponse",
            ShapeObject.of(ResponseReader.DENY_FIELDS)
                .field("status", Shape.integer(400, 599))
                .field("message", string())
                .build())
        .field(
            "allowResponse",
            ShapeObject.of(ResponseReader.ALLOW_FIELDS)
                .field("headers", mapOf(expression()))
                .build())
        .required("action", "rules")
        .build();
  }

  private static Shape jwtAuthentication() {
    ShapeObject spec =
        ShapeObject.of(JwtAuthenticationReader.SPEC_FIELDS)
            .field("target", ref("target"))
            .field("issuers", nonEmptyListOf(ref("jwtIssuer")))
            .field(
                "fromHeaders",
                listOf(
                    ShapeObject.of(JwtAuthenticationReader.HEADER_FIELDS)
                        .field("name", string())
                        .field("prefix", string())
                        .required("name")
                        .build()))
            .fields(List.of("fromCookies", "fromParams"), strings())
            .fields(List.of("required", "forwardOriginalToken"), bool())
            .field(
                "forwardClaims",
                listOf(
                    ShapeObject.of(JwtAuthenticationReader.CLAIM_FIELDS)
                        .field("claim", string())
                        .field("header", string())
                        .required("claim", "header")
                        .build()))
            .required("issuers");
    return issuerSettings(spec).build();
  }

  private static Shape jwtIssuer() {
    ShapeObject issuer =
        ShapeObject.of(JwtIssuerReader.ISSUER_FIELDS)
            .field("issuer", string())
            .field("jwksUri", string())
            .field("discovery", Shape.constant(true))
            .fields(List.of("jwks", "jwksFile", "secretFile"), string())
            .field("jwksHosts", nonEmptyListOf(string()))
            .field("allowInsecureHttp", bool())
            .required("issuer");
    // Exactly one key source, as the reader demands.
    List<Object> sources = new ArrayList<>();
    for (KeySourceSpec.Kind kind : KeySourceSpec.Kind.values()) {
      sources.add(Map.of("required", List.of(kind.field())));
    }
    return issuerSettings(issuer).with("oneOf", sources).build();
  }

  /**
   * The settings a JwtAuthentication's spec sets for all its issuers and each issuer may override.
   */
  private static ShapeObject issuerSettings(ShapeObject object) {
    return object
        .field("audiences", nonEmptyListOf(string()))
        .field("algorithms", nonEmptyListOf(oneOf(JwtIssuer.SUPPORTED_ALGORITHMS)))
        .fields(List.of("clockSkew", "maxLifetime"), duration());
  }

  private static Shape rateLimitPolicy() {
    Shape rate =
        ShapeObject.of(RateLimitPolicyReader.RATE_FIELDS)
            .field("requests", Shape.atLeast(1))
            .field("period", duration())
            .required("requests", "period")
            .build();
    Shape limit =
        ShapeObject.of(RateLimitPolicyReader.LIMIT_FIELDS)
            .field("name", string())
            .fields(List.of("key", "when"), expression())
            .field("rate", rate)
            .field("burst", Shape.atLeast(1))
            .field("shadow", bool())
            .field("backend", spelled(Backend.values(), Backend::yamlName))
            .field("failureMode", spelled(FailureMode.values(), FailureMode::yamlName))
            .required("name", "key", "rate")
            .build();
    return ShapeObject.of(RateLimitPolicyReader.SPEC_FIELDS)
        .field("target", ref("target"))
        .field("limits", nonEmptyListOf(limit))
        .field("failurePolicy", spelled(FailurePolicy.values(), FailurePolicy::yamlName))
        .field("headersOnAllow", bool())
        .required("limits")
        .build();
  }

  static Shape strings() {
    return listOf(string());
  }

  static <E> Shape spelled(E[] constants, Function<E, String> spelling) {
    return oneOf(Arrays.stream(constants).map(spelling).toList());
  }
}
