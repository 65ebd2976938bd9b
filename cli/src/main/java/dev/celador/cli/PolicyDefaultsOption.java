package dev.celador.cli;

import dev.celador.engine.PolicyDefaults;
import dev.celador.engine.api.DefaultAction;
import dev.celador.engine.internal.parse.Tenancy;
import picocli.CommandLine.Option;

/**
 * {@code --root-namespace} and {@code --default-action}, shared by check, eval and test, so that
 * they load policies as {@code serve} does with {@code celador.root-namespace} and {@code
 * celador.default-action}.
 */
final class PolicyDefaultsOption {

  @Option(
      names = "--root-namespace",
      paramLabel = "NAMESPACE",
      defaultValue = Tenancy.DEFAULT_ROOT_NAMESPACE,
      description =
          "Namespace whose policies apply mesh-wide; every other namespace's policies govern only"
              + " that namespace (default: ${DEFAULT-VALUE}).")
  String rootNamespace;

  @Option(
      names = "--default-action",
      paramLabel = "ACTION",
      defaultValue = "ALLOW",
      description =
          "What a request that no enforced AccessPolicy selects gets: ALLOW or DENY (default:"
              + " ${DEFAULT-VALUE}).")
  DefaultAction defaultAction;

  PolicyDefaults defaults() {
    try {
      return new PolicyDefaults(new Tenancy(rootNamespace), defaultAction);
    } catch (IllegalArgumentException e) {
      throw new UserException("--root-namespace: " + e.getMessage());
    }
  }
}
