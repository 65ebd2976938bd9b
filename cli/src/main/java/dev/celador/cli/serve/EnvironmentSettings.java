package dev.celador.cli.serve;

import dev.celador.cli.UserException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The settings in {@code CELADOR_*} environment variables ({@code celador.grpc.port} → {@code
 * CELADOR_GRPC_PORT}, as Spring's relaxed binding spells it). Any other {@code CELADOR_*} variable
 * is refused, so a misspelt one cannot silently leave a default in place; two kinds are not
 * settings and are let through (see docs/serve.md).
 */
final class EnvironmentSettings {

  static final String PREFIX = "CELADOR_";

  /** What the repository's own scripts read (benchmarks/, image/, charts/, conformance-tests/). */
  private static final Set<String> TOOLING =
      Set.of(
          "CELADOR_JAR",
          "CELADOR_IMAGE_CACHE",
          "CELADOR_HELM_CACHE",
          "CELADOR_KUBE_CACHE",
          "CELADOR_CRD_CACHE");

  /**
   * What Kubernetes injects for a Service named {@code celador-…} in the pod's namespace (service
   * links, on by default): {@code <SVC>_SERVICE_HOST}, {@code <SVC>_SERVICE_PORT[_<NAME>]}, {@code
   * <SVC>_PORT} and {@code <SVC>_PORT_<n>_<PROTO>[_PROTO|_PORT|_ADDR]}.
   */
  private static final Pattern SERVICE_LINK_SUFFIX =
      Pattern.compile(
          "SERVICE_HOST|SERVICE_PORT(_\\w+)?|PORT|PORT_\\d+_(TCP|UDP|SCTP)(_PROTO|_PORT|_ADDR)?");

  private EnvironmentSettings() {}

  /** {@code celador.grpc.port} → {@code CELADOR_GRPC_PORT}. */
  static String envName(String setting) {
    return setting.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** The settings {@code env} sets, by setting name; throws on an unknown {@code CELADOR_*}. */
  static Map<String, String> read(Map<String, String> env, Collection<String> settings) {
    Map<String, String> byEnvName = new LinkedHashMap<>();
    settings.forEach(s -> byEnvName.put(envName(s), s));
    Map<String, String> out = new TreeMap<>();
    // Name order, so the first unknown variable reported does not depend on the hash order.
    for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
      String variable = e.getKey();
      if (!variable.startsWith(PREFIX)) {
        continue;
      }
      String setting = byEnvName.get(variable);
      String removed = removedSetting(variable);
      if (setting != null) {
        out.put(setting, e.getValue().trim());
      } else if (removed != null) {
        throw new UserException(
            "environment variable "
                + variable
                + ": "
                + Settings.removed(removed, AdmissionWebhookRunner.REMOVED.get(removed)));
      } else if (!TOOLING.contains(variable) && !serviceLink(variable, env)) {
        throw new UserException(
            "environment variable "
                + variable
                + " is not a setting; "
                + ClosestName.of(variable, byEnvName.keySet())
                    .map(v -> "did you mean " + v + " (" + byEnvName.get(v) + ")?")
                    .orElse("the settings are listed in docs/serve.md"));
      }
    }
    return out;
  }

  /** The setting {@code variable} spells if it is one serve refuses by name, else null. */
  private static String removedSetting(String variable) {
    return AdmissionWebhookRunner.REMOVED.keySet().stream()
        .filter(s -> envName(s).equals(variable))
        .findFirst()
        .orElse(null);
  }

  /** Only with its {@code _SERVICE_HOST}: a typo like CELADOR_GRCP_PORT is still refused. */
  private static boolean serviceLink(String variable, Map<String, String> env) {
    for (int i = variable.indexOf('_'); i > 0; i = variable.indexOf('_', i + 1)) {
      if (SERVICE_LINK_SUFFIX.matcher(variable.substring(i + 1)).matches()
          && env.containsKey(variable.substring(0, i) + "_SERVICE_HOST")) {
        return true;
      }
    }
    return false;
  }
}
