package dev.celador.engine.parse;

import dev.celador.engine.model.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Reads a policy's {@code target} selector. */
final class TargetReader {

  static final List<String> FIELDS =
      List.of("hosts", "namespaces", "serviceAccounts", "principals", "contextExtensions");

  /** The target in {@code value}, or empty after reporting why it is unusable. */
  Optional<Target> read(Value value) {
    Optional<MappingReader> mapping = value.asMapping();
    if (mapping.isEmpty()) {
      return Optional.empty();
    }
    MappingReader target = mapping.get().allowOnly(FIELDS);
    // Hosts compare case-insensitively, so they are stored lower-cased and checked as such.
    List<String> hosts =
        strings(
            target,
            "hosts",
            item ->
                item.asString()
                    .flatMap(h -> item.check(h.toLowerCase(Locale.ROOT), Names.HOST_PATTERN)));
    List<String> namespaces = strings(target, "namespaces", item -> checked(item, Names.LABEL));
    List<String> serviceAccounts =
        strings(target, "serviceAccounts", item -> checked(item, Names.SUBDOMAIN));
    List<String> principals = strings(target, "principals", Value::asNonBlankString);
    Map<String, String> contextExtensions =
        target.optional("contextExtensions").flatMap(Value::asStringMap).orElse(Map.of());
    return Optional.of(
        new Target(
            hosts,
            namespaces,
            serviceAccounts,
            principals,
            contextExtensions,
            value.keyLocation()));
  }

  private static Optional<String> checked(Value item, Names.Rule rule) {
    return item.asString().flatMap(text -> item.check(text, rule));
  }

  private static List<String> strings(
      MappingReader target, String field, Function<Value, Optional<String>> read) {
    List<String> result = new ArrayList<>();
    target
        .optional(field)
        .flatMap(Value::asList)
        .ifPresent(items -> items.forEach(item -> read.apply(item).ifPresent(result::add)));
    return result;
  }
}
