package dev.celador.engine.internal.parse;

import dev.celador.engine.internal.model.AccessPolicy;
import dev.celador.engine.internal.model.CustomResourceDefinition;
import dev.celador.engine.internal.model.JwtAuthentication;
import dev.celador.engine.internal.model.Metadata;
import dev.celador.engine.internal.model.MutatingPolicy;
import dev.celador.engine.internal.model.MutatingPolicyBinding;
import dev.celador.engine.internal.model.PolicyBinding;
import dev.celador.engine.internal.model.PolicyDocument;
import dev.celador.engine.internal.model.RateLimitPolicy;
import dev.celador.engine.internal.model.ValidatingPolicy;
import dev.celador.engine.internal.source.SourceLocation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads one YAML document: the Kubernetes envelope ({@code apiVersion}, {@code kind}, {@code
 * metadata}, {@code spec}), then hands the spec to the reader for its kind.
 */
final class DocumentReader {

  static final List<String> FIELDS = List.of("apiVersion", "kind", "metadata", "spec");

  /** Every kind this reader knows, with the apiVersion it must be written with. */
  static final Map<String, String> API_VERSIONS =
      Map.of(
          MutatingPolicy.KIND, ValidatingPolicy.VAP_API_VERSION,
          MutatingPolicyBinding.KIND, ValidatingPolicy.VAP_API_VERSION,
          AccessPolicy.KIND, PolicyDocument.API_VERSION,
          JwtAuthentication.KIND, PolicyDocument.API_VERSION,
          RateLimitPolicy.KIND, PolicyDocument.API_VERSION,
          ValidatingPolicy.VAP_KIND, ValidatingPolicy.VAP_API_VERSION,
          PolicyBinding.VAP_KIND, ValidatingPolicy.VAP_API_VERSION,
          ValidatingPolicy.CELADOR_KIND, PolicyDocument.API_VERSION,
          PolicyBinding.CELADOR_KIND, PolicyDocument.API_VERSION);

  static final List<String> KNOWN_KINDS = API_VERSIONS.keySet().stream().sorted().toList();

  private final Reporter reporter;
  private final MetadataReader metadataReader = new MetadataReader();
  private final AccessPolicyReader accessPolicies;
  private final RateLimitPolicyReader rateLimitPolicies;
  private final JwtAuthenticationReader jwtAuthentications;
  private final ValidatingPolicyReader admissionPolicies;
  private final MutatingPolicyReader mutatingPolicies;
  private final ExpressionReader expressions;

  DocumentReader(Reporter reporter, Tenancy tenancy) {
    this.reporter = reporter;
    this.expressions = new ExpressionReader(reporter.lines());
    this.accessPolicies = new AccessPolicyReader(expressions, tenancy);
    this.rateLimitPolicies = new RateLimitPolicyReader(expressions, tenancy);
    this.jwtAuthentications = new JwtAuthenticationReader(tenancy);
    this.admissionPolicies = new ValidatingPolicyReader(expressions, reporter);
    this.mutatingPolicies = new MutatingPolicyReader(expressions, reporter);
  }

  /** The CEL expressions met while reading, whether or not the document was valid. */
  List<UncheckedExpression> expressionsRead() {
    return expressions.expressionsRead();
  }

  /** The document rooted at {@code root}; empty if it has any error (all of them reported). */
  Optional<PolicyDocument> read(Node root) {
    SourceLocation start = reporter.lines().at(root);
    if (!(root instanceof MappingNode mapping)) {
      reporter.error(
          Reporter.WRONG_TYPE,
          start,
          "a policy document must be a mapping (apiVersion, kind, metadata, spec), got "
              + Value.describe(root));
      return Optional.empty();
    }
    MappingReader document = new MappingReader(mapping, "", start, reporter);
    Optional<String> kind = document.required("kind").flatMap(this::kind);
    if (kind.isPresent() && kind.get().equals(CustomResourceDefinition.KIND)) {
      return customResourceDefinition(root, document, start);
    }
    if (kind.isPresent() && !KNOWN_KINDS.contains(kind.get())) {
      // Other fields mean nothing without a known kind; one error says it all.
      return Optional.empty();
    }
    document.allowOnly(FIELDS);
    document
        .required("apiVersion")
        .ifPresent(v -> checkApiVersion(v, API_VERSIONS.get(kind.orElse(AccessPolicy.KIND))));
    Optional<Metadata> metadata = document.required("metadata").flatMap(metadataReader::read);
    Optional<Value> spec = document.required("spec");
    if (kind.isEmpty() || spec.isEmpty()) {
      return Optional.empty();
    }
    Optional<? extends PolicyDocument> policy =
        switch (kind.get()) {
          case JwtAuthentication.KIND -> jwtAuthentications.read(spec.get(), metadata, start);
          case RateLimitPolicy.KIND -> rateLimitPolicies.read(spec.get(), metadata, start);
          case ValidatingPolicy.VAP_KIND, ValidatingPolicy.CELADOR_KIND ->
              admissionPolicies.readPolicy(kind.get(), spec.get(), metadata, start);
          case PolicyBinding.VAP_KIND, PolicyBinding.CELADOR_KIND ->
              admissionPolicies.readBinding(kind.get(), spec.get(), metadata, start);
          case MutatingPolicy.KIND ->
              mutatingPolicies.readPolicy(kind.get(), spec.get(), metadata, start);
          case MutatingPolicyBinding.KIND ->
              mutatingPolicies.readBinding(kind.get(), spec.get(), metadata, start);
          default -> accessPolicies.read(spec.get(), metadata, start);
        };
    return reporter.hasErrors() ? Optional.empty() : policy.map(PolicyDocument.class::cast);
  }

  private Optional<String> kind(Value value) {
    Optional<String> kind = value.asString();
    if (kind.isPresent()
        && !KNOWN_KINDS.contains(kind.get())
        && !kind.get().equals(CustomResourceDefinition.KIND)) {
      reporter.error(
          Reporter.UNKNOWN_KIND,
          value.location(),
          "kind: unknown kind '"
              + kind.get()
              + "'; expected one of: "
              + String.join(", ", KNOWN_KINDS));
    }
    return kind;
  }

  /**
   * A CustomResourceDefinition as kubectl would apply it; only what schemas need is checked here
   * (its apiVersion and name), the rest is read when its schemas are built.
   */
  private Optional<PolicyDocument> customResourceDefinition(
      Node root, MappingReader document, SourceLocation start) {
    document
        .required("apiVersion")
        .ifPresent(v -> checkApiVersion(v, CustomResourceDefinition.API_VERSION));
    Optional<Value> name =
        document
            .required("metadata")
            .flatMap(Value::asMapping)
            .flatMap(m -> m.required("name"))
            .filter(v -> v.asString().isPresent());
    if (reporter.hasErrors() || name.isEmpty()) {
      return Optional.empty();
    }
    Metadata metadata =
        new Metadata(name.get().asString().orElseThrow(), "", Map.of(), name.get().location());
    return Optional.of(new CustomResourceDefinition(metadata, PlainYaml.of(root), start));
  }

  private void checkApiVersion(Value value, String expected) {
    value
        .asString()
        .filter(version -> !version.equals(expected))
        .ifPresent(
            version ->
                reporter.invalid(
                    value.location(),
                    value.path(),
                    "invalid value '" + version + "'; expected " + expected));
  }
}
