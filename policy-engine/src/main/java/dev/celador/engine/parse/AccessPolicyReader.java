package dev.celador.engine.parse;

import dev.celador.engine.model.AccessPolicy;
import dev.celador.engine.model.AccessRule;
import dev.celador.engine.model.Action;
import dev.celador.engine.model.DenyResponse;
import dev.celador.engine.model.FailurePolicy;
import dev.celador.engine.model.HeaderValue;
import dev.celador.engine.model.Metadata;
import dev.celador.engine.model.Target;
import dev.celador.engine.source.SourceLocation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the {@code spec} of an {@link AccessPolicy}. */
final class AccessPolicyReader {

  static final List<String> SPEC_FIELDS =
      List.of(
          "target", "action", "dryRun", "failurePolicy", "rules", "denyResponse", "allowResponse");
  static final List<String> RULE_FIELDS = List.of("name", "when");

  private final ExpressionReader expressions;
  private final TargetReader targets = new TargetReader();
  private final ResponseReader responses;

  AccessPolicyReader(ExpressionReader expressions) {
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
    Optional<Target> target =
        spec.optional("target")
            .map(targets::read)
            .orElseGet(() -> Optional.of(Target.everything(value.keyLocation())));
    Optional<Action> action =
        spec.required("action").flatMap(v -> v.asOneOf(Action.values(), Action::name));
    Optional<Boolean> dryRun =
        spec.optional("dryRun").map(Value::asBool).orElse(Optional.of(false));
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
    Optional<List<Value>> items = value.asList();
    if (items.isEmpty()) {
      return Optional.empty();
    }
    if (items.get().isEmpty()) {
      value.reporter().invalid(value.location(), value.path(), "must list at least one rule");
      return Optional.empty();
    }
    List<AccessRule> rules = new ArrayList<>();
    Map<String, Value> names = new HashMap<>();
    boolean complete = true;
    for (Value item : items.get()) {
      Optional<AccessRule> rule = rule(item, names);
      rule.ifPresent(rules::add);
      complete &= rule.isPresent();
    }
    return complete ? Optional.of(rules) : Optional.empty();
  }

  private Optional<AccessRule> rule(Value item, Map<String, Value> names) {
    Optional<MappingReader> mapping = item.asMapping();
    if (mapping.isEmpty()) {
      return Optional.empty();
    }
    MappingReader rule = mapping.get().allowOnly(RULE_FIELDS);
    Optional<Value> nameValue = rule.required("name");
    Optional<String> name = nameValue.flatMap(Value::asNonBlankString);
    if (name.isPresent()) {
      // Rule names identify the rule in decisions, traces and metrics, so they must be unique.
      Value first = names.putIfAbsent(name.get(), nameValue.get());
      if (first != null) {
        item.reporter()
            .error(
                Reporter.DUPLICATE_NAME,
                nameValue.get().location(),
                nameValue.get().path()
                    + ": duplicate rule name '"
                    + name.get()
                    + "'; first used at line "
                    + first.location().line());
        name = Optional.empty();
      }
    }
    var when = rule.required("when").flatMap(expressions::read);
    if (name.isEmpty() || when.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new AccessRule(name.get(), when.get(), item.location()));
  }
}
