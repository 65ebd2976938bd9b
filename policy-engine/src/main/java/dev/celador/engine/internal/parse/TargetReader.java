package dev.celador.engine.internal.parse;

import dev.celador.engine.internal.model.Metadata;
import dev.celador.engine.internal.model.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads a policy's {@code target} selector and confines it to the policy's namespace (see {@link
 * Tenancy}): a value that would leave a tenant namespace is an error at that value, and the target
 * of a tenant policy always carries its namespace, so an empty or host-only target selects only
 * workloads there.
 */
final class TargetReader {

  static final List<String> FIELDS =
      List.of("hosts", "namespaces", "serviceAccounts", "principals", "contextExtensions");

  static final String OUTSIDE_NAMESPACE = "outside_namespace";

  private final Tenancy tenancy;

  TargetReader(Tenancy tenancy) {
    this.tenancy = tenancy;
  }

  /**
   * The target in {@code spec}'s {@code target} field, or for a policy without one every request
   * its namespace may govern; empty after reporting why it is unusable.
   */
  Optional<Target> read(MappingReader spec, Value specValue, Optional<Metadata> metadata) {
    String namespace = metadata.map(Metadata::namespace).orElse("");
    Optional<Value> target = spec.optional("target");
    if (target.isEmpty()) {
      return Optional.of(confined(Target.everything(specValue.keyLocation()), namespace));
    }
    return read(target.get(), namespace);
  }

  private Optional<Target> read(Value value, String namespace) {
    Optional<MappingReader> mapping = value.asMapping();
    if (mapping.isEmpty()) {
      return Optional.empty();
    }
    MappingReader target = mapping.get().allowOnly(FIELDS);
    boolean tenant = !tenancy.meshWide(namespace);
    // Hosts compare case-insensitively, so they are stored lower-cased and checked as such.
    List<String> hosts =
        strings(
            target,
            "hosts",
            item ->
                item.asString()
                    .flatMap(h -> item.check(h.toLowerCase(Locale.ROOT), Names.HOST_PATTERN))
                    .filter(
                        h ->
                            !tenant
                                || within(
                                    item,
                                    namespace,
                                    Tenancy.claimable(namespace, h),
                                    "host '" + h + "' is not a service of namespace " + namespace,
                                    "a host outside it (another team's service or an external"
                                        + " name) belongs in")));
    List<String> namespaces =
        strings(
            target,
            "namespaces",
            item ->
                checked(item, Names.LABEL)
                    .filter(
                        n ->
                            !tenant
                                || within(
                                    item,
                                    namespace,
                                    n.equals(namespace),
                                    "namespace '" + n + "' is not the policy's own",
                                    "a policy for other namespaces belongs in")));
    List<String> serviceAccounts =
        strings(target, "serviceAccounts", item -> checked(item, Names.SUBDOMAIN));
    List<String> principals =
        strings(
            target,
            "principals",
            item ->
                item.asNonBlankString()
                    .filter(
                        p ->
                            !tenant
                                || within(
                                    item,
                                    namespace,
                                    Tenancy.inNamespace(namespace, p),
                                    "principal '"
                                        + p
                                        + "' is not a workload of namespace "
                                        + namespace,
                                    "a policy for other workloads belongs in")));
    Map<String, String> contextExtensions =
        target.optional("contextExtensions").flatMap(Value::asStringMap).orElse(Map.of());
    return Optional.of(
        confined(
            new Target(
                hosts,
                namespaces,
                serviceAccounts,
                principals,
                contextExtensions,
                value.keyLocation()),
            namespace));
  }

  /** {@code target} narrowed to the workloads of {@code namespace} unless that is mesh-wide. */
  private Target confined(Target target, String namespace) {
    if (tenancy.meshWide(namespace)) {
      return target;
    }
    return new Target(
        target.hosts(),
        List.of(namespace),
        target.serviceAccounts(),
        target.principals(),
        target.contextExtensions(),
        target.location());
  }

  /** True if {@code allowed}; otherwise reports {@code item} as leaving {@code namespace}. */
  private boolean within(
      Value item, String namespace, boolean allowed, String what, String whereInstead) {
    if (!allowed) {
      item.reporter()
          .error(
              OUTSIDE_NAMESPACE,
              item.location(),
              item.path()
                  + ": "
                  + what
                  + "; a policy in namespace "
                  + namespace
                  + " applies only to workloads in "
                  + namespace
                  + ", and "
                  + whereInstead
                  + " the root namespace "
                  + tenancy.rootNamespace());
    }
    return allowed;
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
