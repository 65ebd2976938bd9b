package dev.celador.cli.serve;

import dev.celador.cli.UserException;
import dev.celador.engine.internal.parse.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code celador serve} settings with Spring-style names ({@code celador.grpc.port}). Later sources
 * win: embedded defaults, a config file ({@code .properties} or {@code .yaml}), environment
 * variables ({@code CELADOR_GRPC_PORT}), then {@code --set} options. Unknown names are errors with
 * the closest known name, so a typo cannot silently leave a default in place. Under {@code
 * --admission} the webhook gets its settings from here only (see {@link AdmissionWebhookRunner}).
 */
public final class Settings {

  static final Map<String, String> DEFAULTS = defaults();

  private final Map<String, String> values;

  private Settings(Map<String, String> values) {
    this.values = values;
  }

  private static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("celador.policies", "");
    // An empty set allows or denies everything by the default action alone: a mistake (a wrong
    // directory, an empty ConfigMap) unless said to be intended.
    d.put("celador.policies.allow-empty", "false");
    // Policies here are mesh-wide; every other namespace's policies govern only that namespace.
    d.put("celador.root-namespace", "celador-system");
    // What a request gets that no enforced AccessPolicy selects: allow (Istio's rule) or deny.
    d.put("celador.default-action", "allow");
    d.put("celador.server.host", "0.0.0.0");
    d.put("celador.grpc.port", "9191");
    d.put("celador.grpc.socket", "");
    d.put("celador.http.port", "9192");
    d.put("celador.http.path-prefix", "");
    d.put("celador.http.trust-original-headers", "false");
    // HTTP mode carries no identities; each source is trusted only when configured.
    d.put("celador.http.identity.xfcc", "false");
    d.put("celador.http.identity.destination", "");
    d.put("celador.http.identity.destination-header", "");
    // Decisions that run metered CEL: the share of the machine's CPU they may use, and how long
    // one may wait for it before it is refused with 503 (docs/serve.md).
    d.put("celador.costly.cpu-share", "0.25");
    d.put("celador.costly.max-wait", "100ms");
    d.put("celador.management.host", "0.0.0.0");
    d.put("celador.management.port", "9193");
    d.put("celador.tls.certificate", "");
    d.put("celador.tls.private-key", "");
    d.put("celador.tls.client-ca", "");
    d.put("celador.max-request-bytes", "4194304");
    // Operational log lines on stderr: error, warn, info or debug (docs/serve.md#log).
    d.put("celador.log.level", "info");
    d.put("celador.decision-log.enabled", "true");
    // Denials and errors are rare and what an audit needs; allows at full rate would be one line
    // per request of the whole mesh (see docs/serve.md).
    d.put("celador.decision-log.allow-sample-rate", "0.01");
    d.put("celador.decision-log.deny-sample-rate", "1.0");
    d.put("celador.jwt.fetch-timeout", "500ms");
    d.put("celador.jwt.max-jwks-bytes", "65536");
    d.put("celador.jwt.refresh-interval", "5m");
    d.put("celador.jwt.min-refetch-interval", "30s");
    d.put("celador.jwt.token-cache-size", "10000");
    d.put("celador.jwt.ready-timeout", "10s");
    d.put("celador.reload.enabled", "true");
    d.put("celador.reload.poll-interval", "250ms");
    d.put("celador.warmup.duration", "2s");
    d.put("celador.shutdown.drain-delay", "2s");
    d.put("celador.shutdown.grace", "10s");
    // Empty: every rate limit runs in this process. Set: `backend: redis` limits share this Redis.
    d.put("celador.ratelimit.redis.url", "");
    d.put("celador.ratelimit.redis.timeout", "50ms");
    d.put("celador.ratelimit.redis.cluster", "false");
    d.put("celador.ratelimit.redis.ready-timeout", "10s");
    // Leases only touch buckets of >= 1,000/s with a burst >= 16: limits of lower rate stay exact.
    d.put("celador.ratelimit.redis.leases", "true");
    d.putAll(ClusterPolicies.DEFAULTS);
    d.putAll(AdmissionWebhookRunner.DEFAULTS);
    d.putAll(BackgroundAudit.DEFAULTS);
    d.putAll(Tracing.DEFAULTS);
    return Map.copyOf(d);
  }

  /**
   * Resolves every source, later winning: defaults, {@code configFile} (may be null), the {@code
   * CELADOR_*} variables of {@code env}, then {@code overrides} ({@code --set}; values may be
   * null). A name that is no setting is refused, naming the closest one.
   */
  public static Settings resolve(
      Path configFile, Map<String, String> env, Map<String, String> overrides) {
    Map<String, String> values = new TreeMap<>(DEFAULTS);
    if (configFile != null) {
      for (SettingsFile.Entry e : SettingsFile.read(configFile)) {
        values.put(known(e.name(), configFile + ":" + e.line()), e.value().trim());
      }
    }
    values.putAll(EnvironmentSettings.read(env, DEFAULTS.keySet()));
    overrides.forEach((k, v) -> values.put(known(k, "--set"), v == null ? "" : v.trim()));
    return new Settings(values);
  }

  private static String known(String name, String from) {
    if (DEFAULTS.containsKey(name)) {
      return name;
    }
    String instead = AdmissionWebhookRunner.REMOVED.get(name);
    if (instead != null) {
      throw new UserException(from + ": " + removed(name, instead));
    }
    throw new UserException(
        from
            + ": unknown setting '"
            + name
            + "'; "
            + ClosestName.of(name, DEFAULTS.keySet())
                .map(known -> "did you mean '" + known + "'?")
                .orElse("the settings are listed in docs/serve.md"));
  }

  /** Why a setting the standalone webhook has is refused here, and what to use instead. */
  static String removed(String name, String instead) {
    return "setting '"
        + name
        + "' does not apply to celador serve: the webhook's /healthz, /readyz and /metrics are on"
        + " serve's management port ("
        + instead
        + ")";
  }

  public String string(String key) {
    String v = values.get(key);
    if (v == null) {
      throw new IllegalArgumentException("no setting " + key);
    }
    return v;
  }

  public int integer(String key) {
    try {
      return Integer.parseInt(string(key));
    } catch (NumberFormatException e) {
      throw new UserException(key + " must be an integer, got '" + string(key) + "'");
    }
  }

  public boolean bool(String key) {
    String v = string(key).toLowerCase(Locale.ROOT);
    if (!v.equals("true") && !v.equals("false")) {
      throw new UserException(key + " must be true or false, got '" + string(key) + "'");
    }
    return v.equals("true");
  }

  public double fraction(String key) {
    try {
      double d = Double.parseDouble(string(key));
      if (d >= 0 && d <= 1) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UserException(key + " must be a number from 0 to 1, got '" + string(key) + "'");
  }

  /** A non-negative duration in Go's syntax ({@link Durations}): "250ms", "1.5s", "1h30m". */
  public Duration duration(String key) {
    try {
      return Durations.parseSetting(key, string(key));
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
  }

  /** Every setting whose name starts with {@code prefix}, in name order. */
  public Map<String, String> withPrefix(String prefix) {
    Map<String, String> out = new TreeMap<>();
    values.forEach(
        (k, v) -> {
          if (k.startsWith(prefix)) {
            out.put(k, v);
          }
        });
    return out;
  }

  /** A path, or null when empty. */
  public Path path(String key) {
    String v = string(key);
    return v.isEmpty() ? null : Path.of(v);
  }
}
