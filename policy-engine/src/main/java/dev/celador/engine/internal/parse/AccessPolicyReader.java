package dev.celador.engine.internal.parse;

import dev.celador.engine.internal.model.AccessPolicy;
import dev.celador.engine.internal.model.AccessRule;
import dev.celador.engine.internal.model.Action;
import dev.celador.engine.internal.model.DenyResponse;
import dev.celador.engine.internal.model.FailurePolicy;
import dev.celador.engine.internal.model.HeaderValue;
import dev.celador.engine.internal.model.Metadata;
import dev.celador.engine.internal.model.Target;
import dev.celador.engine.internal.source.SourceLocation;
import java.util.List;
import java.util.Optional;

/** Reads the {@code spec} of an {@link AccessPolicy}. */
final class AccessPolicyReader {

  static final List<String> SPEC_FIELDS =
      List.of(
          "target", "action", "dryRun", "failurePolicy", "rules", "denyResponse", "allowResponse");
  static final List<String> RULE_FIELDS = List.of("name", "when");

  private final ExpressionReader expressions;
  private final TargetReader targets;
  private final ResponseReader responses;

  AccessPolicyReader(ExpressionReader expressions, Tenancy tenancy) {
    this.targets = new TargetReader(tenancy);
    this.expressions = expressions;
    this.responses = new ResponseReader(expressions);
  }

  /**
   * The policy whose spec is {@code value}, or empty when a required part is unusable. Every
   * problem found is reported; the caller drops the document if any was.
   */
  Optional<AccessPolicy> read(Value value, Optional<Metadata> metadata, SourceLocation document) {
    Optional<MappingReader> mapping = value.asMapping();
    if (mapping.isEmpty()) {
      return Optional.empty();
    }
    MappingReader spec = mapping.get().allowOnly(SPEC_FIELDS);
    Optional<Target> target = targets.read(spec, value, metadata);
    Optional<Action> action =
        spec.required("action").flatMap(v -> v.asOneOf(Action.values(), Action::name));
    Optional<Boolean> dryRun = spec.flag("dryRun");
    Optional<FailurePolicy> failurePolicy =
        spec.optional("failurePolicy")
            .map(v -> v.asOneOf(FailurePolicy.values(), FailurePolicy::yamlName))
            .orElse(Optional.of(FailurePolicy.FAIL));
    Optional<List<AccessRule>> rules = spec.required("rules").flatMap(this::rules);
    Optional<Optional<DenyResponse>> denyResponse =
        spec.optional("denyResponse")
            .map(v -> responses.readDeny(v).map(Optional::of))
            .orElse(Optional.of(Optional.empty()));
    List<HeaderValue> headers =
        spec.optional("allowResponse").map(responses::readAllowHeaders).orElse(List.of());
    if (metadata.isEmpty()
        || target.isEmpty()
        || action.isEmpty()
        || dryRun.isEmpty()
        || failurePolicy.isEmpty()
        || rules.isEmpty()
        || denyResponse.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new AccessPolicy(
            metadata.get(),
            target.get(),
            action.get(),
            rules.get(),
            dryRun.get(),
            failurePolicy.get(),
            denyResponse.get(),
            headers,
            document));
  }

  private Optional<List<AccessRule>> rules(Value value) {
    ListReader.UniqueNames names = new ListReader.UniqueNames("rule name");
    return ListReader.nonEmpty(value, "rule", item -> rule(item, names));
  }

  private Optional<AccessRule> rule(Value item, ListReader.UniqueNames names) {
    Optional<MappingReader> mapping = item.asMapping();
    if (mapping.isEmpty()) {
      return Optional.empty();
    }
    MappingReader rule = mapping.get().allowOnly(RULE_FIELDS);
    Optional<Value> nameValue = rule.required("name");
    Optional<String> name =
        nameValue.flatMap(v -> v.asNonBlankString().flatMap(text -> names.claim(text, v)));
    var when = rule.required("when").flatMap(expressions::read);
    if (name.isEmpty() || when.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new AccessRule(name.get(), when.get(), item.location()));
  }
}
