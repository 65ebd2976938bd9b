package dev.celador.engine.internal.parse;

import com.nimbusds.jose.jwk.JWKSet;
import dev.celador.engine.internal.model.JwtIssuer;
import dev.celador.engine.internal.model.KeySourceSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the issuers of a JwtAuthentication and the validation settings ({@code audiences}, {@code
 * algorithms}, {@code clockSkew}, {@code maxLifetime}) that the spec sets for all issuers and an
 * issuer may override.
 */
final class JwtIssuerReader {

  static final List<String> SETTINGS =
      List.of("audiences", "algorithms", "clockSkew", "maxLifetime");

  /** How remote keys may be fetched; only on an issuer with {@code jwksUri} or discovery. */
  static final List<String> FETCH_RULES = List.of("jwksHosts", "allowInsecureHttp");

  static final List<String> ISSUER_FIELDS;

  static {
    List<String> fields = new ArrayList<>(List.of("issuer"));
    for (KeySourceSpec.Kind kind : KeySourceSpec.Kind.values()) {
      fields.add(kind.field());
    }
    fields.addAll(FETCH_RULES);
    fields.addAll(SETTINGS);
    ISSUER_FIELDS = List.copyOf(fields);
  }

  /** Settings as written in one mapping; empty fields fall back to the spec's, then defaults. */
  record Settings(
      boolean audiencesWritten,
      Optional<List<String>> audiences,
      Optional<List<String>> algorithms,
      Optional<Duration> clockSkew,
      Optional<Duration> maxLifetime) {}

  /** The spec-level settings; HMAC algorithms are refused here, they belong to a secret issuer. */
  Settings readSettings(MappingReader mapping) {
    return settings(mapping, false);
  }

  /** The issuer in list item {@code item}, or empty after reporting why it is unusable. */
  Optional<JwtIssuer> read(Value item, Settings spec) {
    Optional<MappingReader> mapping = item.asMapping();
    if (mapping.isEmpty()) {
      return Optional.empty();
    }
    MappingReader issuer = mapping.get().allowOnly(ISSUER_FIELDS);
    Optional<String> name = issuer.required("issuer").flatMap(Value::asNonBlankString);
    Optional<KeySourceSpec> keys =
        keySource(item, issuer, name).flatMap(k -> fetchRules(issuer, k));
    boolean secret = keys.map(k -> k.kind() == KeySourceSpec.Kind.SECRET_FILE).orElse(false);
    Settings own = settings(issuer, secret);
    Optional<List<String>> audiences = own.audiences().or(spec::audiences);
    if (!own.audiencesWritten() && !spec.audiencesWritten()) {
      item.reporter()
          .error(
              Reporter.MISSING_FIELD,
              item.location(),
              issuer.path()
                  + ".audiences: required field is missing; set spec.audiences or this issuer's"
                  + " audiences (write [\"*\"] to accept any audience)");
    }
    List<String> algorithms =
        secret
            ? own.algorithms().orElse(JwtIssuer.DEFAULT_HMAC_ALGORITHMS)
            : own.algorithms().or(spec::algorithms).orElse(JwtIssuer.DEFAULT_ALGORITHMS);
    Duration skew = own.clockSkew().or(spec::clockSkew).orElse(JwtIssuer.DEFAULT_CLOCK_SKEW);
    Optional<Duration> maxLifetime = own.maxLifetime().or(spec::maxLifetime);
    if (name.isEmpty() || keys.isEmpty() || audiences.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new JwtIssuer(
            name.get(),
            keys.get(),
            audiences.get(),
            algorithms,
            skew,
            maxLifetime,
            item.location()));
  }

  private Optional<KeySourceSpec> keySource(
      Value item, MappingReader issuer, Optional<String> name) {
    List<KeySourceSpec.Kind> present = new ArrayList<>();
    for (KeySourceSpec.Kind kind : KeySourceSpec.Kind.values()) {
      issuer
          .optional(kind.field())
          .ifPresent(
              value -> {
                if (!present.isEmpty()) {
                  value
                      .reporter()
                      .invalid(
                          value.keyLocation(),
                          value.path(),
                          "an issuer has exactly one key source, and this one already has "
                              + present.get(0).field());
                }
                present.add(kind);
              });
    }
    if (present.isEmpty()) {
      item.reporter()
          .error(
              Reporter.MISSING_FIELD,
              item.location(),
              issuer.path()
                  + ": needs one key source: jwksUri, discovery, jwks, jwksFile or secretFile");
      return Optional.empty();
    }
    if (present.size() > 1) {
      return Optional.empty();
    }
    KeySourceSpec.Kind kind = present.get(0);
    Value value = issuer.optional(kind.field()).orElseThrow();
    return switch (kind) {
      case JWKS_URI ->
          value
              .asNonBlankString()
              .flatMap(uri -> httpUri(value, uri))
              .map(uri -> new KeySourceSpec(kind, uri, value.location()));
      case DISCOVERY -> discovery(value, name);
      case JWKS ->
          value
              .asNonBlankString()
              .flatMap(json -> jwks(value, json))
              .map(json -> new KeySourceSpec(kind, json, value.location()));
      case JWKS_FILE, SECRET_FILE ->
          value.asNonBlankString().map(path -> new KeySourceSpec(kind, path, value.location()));
    };
  }

  /**
   * {@code keys} with the issuer's {@code jwksHosts} and {@code allowInsecureHttp}, or empty after
   * reporting a rule that does not fit the key source or is malformed.
   */
  private static Optional<KeySourceSpec> fetchRules(MappingReader issuer, KeySourceSpec keys) {
    Optional<Value> hostsValue = issuer.optional("jwksHosts");
    Optional<Value> insecureValue = issuer.optional("allowInsecureHttp");
    boolean ok = true;
    if (hostsValue.isPresent() && keys.kind() != KeySourceSpec.Kind.DISCOVERY) {
      ok = notFor(hostsValue.get(), "only an issuer with discovery: true reads a jwks_uri", keys);
    }
    if (insecureValue.isPresent() && !keys.kind().remote()) {
      ok = notFor(insecureValue.get(), "only jwksUri and discovery fetch keys", keys);
    }
    Optional<List<String>> hosts =
        hostsValue.map(JwtIssuerReader::jwksHosts).orElse(Optional.of(List.of()));
    Optional<Boolean> insecure = issuer.flag("allowInsecureHttp");
    if (!ok || hosts.isEmpty() || insecure.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new KeySourceSpec(keys.kind(), keys.value(), keys.location(), hosts.get(), insecure.get()));
  }

  private static boolean notFor(Value value, String why, KeySourceSpec keys) {
    value
        .reporter()
        .invalid(
            value.keyLocation(),
            value.path(),
            "does not apply to an issuer with " + keys.kind().field() + "; " + why);
    return false;
  }

  /** Host names, lower-cased, without port or wildcard; empty after reporting a bad one. */
  private static Optional<List<String>> jwksHosts(Value value) {
    return ListReader.nonEmpty(
        value,
        "host",
        item ->
            item.asNonBlankString()
                .map(text -> text.toLowerCase(Locale.ROOT))
                .flatMap(text -> item.check(text, Names.HOST_NAME)));
  }

  private Optional<KeySourceSpec> discovery(Value value, Optional<String> issuer) {
    Optional<Boolean> on = value.asBool();
    if (on.isEmpty()) {
      return Optional.empty();
    }
    if (!on.get()) {
      value
          .reporter()
          .invalid(
              value.location(),
              value.path(),
              "set discovery: true, or remove it and name another key source");
      return Optional.empty();
    }
    if (issuer.isEmpty()) {
      return Optional.empty();
    }
    // Discovery reads <issuer>/.well-known/openid-configuration, so the issuer must be a URL.
    return httpUri(value, issuer.get())
        .map(url -> new KeySourceSpec(KeySourceSpec.Kind.DISCOVERY, url, value.location()));
  }

  private static Optional<String> httpUri(Value value, String text) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null) {
        return Optional.of(text);
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    value
        .reporter()
        .invalid(
            value.location(),
            value.path(),
            "invalid URL '" + text + "'; expected an absolute http:// or https:// URL");
    return Optional.empty();
  }

  private static Optional<String> jwks(Value value, String json) {
    try {
      if (JWKSet.parse(json).getKeys().isEmpty()) {
        value.reporter().invalid(value.location(), value.path(), "the JWKS has no keys");
        return Optional.empty();
      }
      return Optional.of(json);
    } catch (ParseException e) {
      value
          .reporter()
          .invalid(value.location(), value.path(), "not a JSON Web Key Set: " + e.getMessage());
      return Optional.empty();
    }
  }

  private Settings settings(MappingReader mapping, boolean secretIssuer) {
    Optional<List<String>> audiences = mapping.optional("audiences").flatMap(this::audiences);
    Optional<List<String>> algorithms =
        mapping.optional("algorithms").flatMap(v -> algorithms(v, secretIssuer));
    Optional<Duration> skew = mapping.optional("clockSkew").flatMap(Value::asDuration);
    Optional<Duration> maxLifetime =
        mapping.optional("maxLifetime").flatMap(Value::asDuration).flatMap(d -> positive(d));
    boolean written = mapping.optional("audiences").isPresent();
    return new Settings(written, audiences, algorithms, skew, maxLifetime);
  }

  private static Optional<Duration> positive(Duration duration) {
    return duration.isZero() ? Optional.empty() : Optional.of(duration);
  }

  private Optional<List<String>> audiences(Value value) {
    Optional<List<Value>> items = value.asList();
    if (items.isEmpty()) {
      return Optional.empty();
    }
    if (items.get().isEmpty()) {
      value
          .reporter()
          .invalid(
              value.location(),
              value.path(),
              "must list at least one audience (write [\"*\"] to accept any audience)");
      return Optional.empty();
    }
    List<String> result = new ArrayList<>();
    for (Value item : items.get()) {
      item.asNonBlankString().ifPresent(result::add);
    }
    if (result.contains(JwtIssuer.ANY_AUDIENCE) && items.get().size() > 1) {
      value
          .reporter()
          .invalid(
              value.location(),
              value.path(),
              "\"*\" accepts any audience and must be the only entry");
      return Optional.empty();
    }
    return result.size() == items.get().size() ? Optional.of(result) : Optional.empty();
  }

  private Optional<List<String>> algorithms(Value value, boolean secretIssuer) {
    Optional<List<Value>> items = value.asList();
    if (items.isEmpty()) {
      return Optional.empty();
    }
    if (items.get().isEmpty()) {
      value.reporter().invalid(value.location(), value.path(), "must list at least one algorithm");
      return Optional.empty();
    }
    List<String> result = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    boolean ok = true;
    for (Value item : items.get()) {
      Optional<String> alg = item.asString().flatMap(a -> algorithm(item, a, secretIssuer));
      if (alg.isPresent() && !seen.add(alg.get())) {
        item.reporter().invalid(item.location(), item.path(), "duplicate algorithm " + alg.get());
        alg = Optional.empty();
      }
      alg.ifPresent(result::add);
      ok &= alg.isPresent();
    }
    return ok ? Optional.of(result) : Optional.empty();
  }

  private static Optional<String> algorithm(Value item, String alg, boolean secretIssuer) {
    String problem = null;
    if (alg.equalsIgnoreCase("none")) {
      problem = "unsigned tokens (alg none) are never accepted";
    } else if (!JwtIssuer.SUPPORTED_ALGORITHMS.contains(alg)) {
      problem =
          "unsupported algorithm '"
              + alg
              + "'; expected one of: "
              + String.join(", ", JwtIssuer.SUPPORTED_ALGORITHMS);
    } else if (JwtIssuer.isHmac(alg) && !secretIssuer) {
      problem = alg + " needs a shared secret: only an issuer with secretFile may accept it";
    } else if (!JwtIssuer.isHmac(alg) && secretIssuer) {
      problem = alg + " needs public keys; an issuer with secretFile accepts HS256, HS384, HS512";
    }
    if (problem != null) {
      item.reporter().invalid(item.location(), item.path(), problem);
      return Optional.empty();
    }
    return Optional.of(alg);
  }
}
