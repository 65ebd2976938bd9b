package dev.celador.engine.internal.parse;

import dev.celador.engine.internal.model.ClaimHeader;
import dev.celador.engine.internal.model.JwtAuthentication;
import dev.celador.engine.internal.model.JwtIssuer;
import dev.celador.engine.internal.model.Metadata;
import dev.celador.engine.internal.model.Target;
import dev.celador.engine.internal.model.TokenLocation;
import dev.celador.engine.internal.source.SourceLocation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reads the {@code spec} of a {@link JwtAuthentication}. */
final class JwtAuthenticationReader {

  static final List<String> SPEC_FIELDS;
  static final List<String> HEADER_FIELDS = List.of("name", "prefix");
  static final List<String> CLAIM_FIELDS = List.of("claim", "header");

  static {
    List<String> fields =
        new ArrayList<>(
            List.of(
                "target",
                "issuers",
                "fromHeaders",
                "fromCookies",
                "fromParams",
                "required",
                "forwardClaims",
                "forwardOriginalToken"));
    fields.addAll(JwtIssuerReader.SETTINGS);
    SPEC_FIELDS = List.copyOf(fields);
  }

  private final TargetReader targets;
  private final JwtIssuerReader issuers = new JwtIssuerReader();

  JwtAuthenticationReader(Tenancy tenancy) {
    this.targets = new TargetReader(tenancy);
  }

  /** The policy whose spec is {@code value}, or empty after reporting why it is unusable. */
  Optional<JwtAuthentication> read(
      Value value, Optional<Metadata> metadata, SourceLocation document) {
    Optional<MappingReader> mapping = value.asMapping();
    if (mapping.isEmpty()) {
      return Optional.empty();
    }
    MappingReader spec = mapping.get().allowOnly(SPEC_FIELDS);
    Optional<Target> target = targets.read(spec, value, metadata);
    JwtIssuerReader.Settings settings = issuers.readSettings(spec);
    Optional<List<JwtIssuer>> issuerList =
        spec.required("issuers").flatMap(v -> issuerList(v, settings));
    List<TokenLocation> locations = new ArrayList<>();
    spec.optional("fromHeaders").ifPresent(v -> headers(v, locations));
    spec.optional("fromCookies").ifPresent(v -> names(v, TokenLocation.Kind.COOKIE, locations));
    spec.optional("fromParams").ifPresent(v -> names(v, TokenLocation.Kind.PARAM, locations));
    if (locations.isEmpty()) {
      locations.add(TokenLocation.AUTHORIZATION_BEARER);
    }
    Optional<Boolean> required = spec.flag("required");
    List<ClaimHeader> claims =
        spec.optional("forwardClaims").map(this::forwardClaims).orElse(List.of());
    Optional<Boolean> forwardToken = spec.flag("forwardOriginalToken");
    if (metadata.isEmpty()
        || target.isEmpty()
        || issuerList.isEmpty()
        || required.isEmpty()
        || forwardToken.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new JwtAuthentication(
            metadata.get(),
            target.get(),
            issuerList.get(),
            locations,
            required.get(),
            claims,
            forwardToken.get(),
            document));
  }

  private Optional<List<JwtIssuer>> issuerList(Value value, JwtIssuerReader.Settings settings) {
    // Tokens pick their issuer by iss, so two entries for one issuer would be ambiguous.
    ListReader.UniqueNames issuerNames = new ListReader.UniqueNames("issuer");
    return ListReader.nonEmpty(
        value,
        "issuer",
        item ->
            issuers
                .read(item, settings)
                .flatMap(issuer -> issuerNames.claim(issuer.issuer(), item).map(name -> issuer)));
  }

  private static void headers(Value value, List<TokenLocation> out) {
    value
        .asList()
        .ifPresent(
            items -> {
              for (Value item : items) {
                item.asMapping().ifPresent(m -> header(m.allowOnly(HEADER_FIELDS), out));
              }
            });
  }

  private static void header(MappingReader header, List<TokenLocation> out) {
    Optional<String> name = header.required("name").flatMap(JwtAuthenticationReader::headerName);
    String prefix = header.optional("prefix").flatMap(Value::asString).orElse("");
    name.ifPresent(n -> out.add(new TokenLocation(TokenLocation.Kind.HEADER, n, prefix)));
  }

  private static void names(Value value, TokenLocation.Kind kind, List<TokenLocation> out) {
    value
        .asList()
        .ifPresent(
            items -> {
              for (Value item : items) {
                item.asNonBlankString().ifPresent(n -> out.add(new TokenLocation(kind, n, "")));
              }
            });
  }

  private List<ClaimHeader> forwardClaims(Value value) {
    List<ClaimHeader> result = new ArrayList<>();
    Map<String, Value> seen = new HashMap<>();
    for (Value item : value.asList().orElse(List.of())) {
      Optional<MappingReader> mapping = item.asMapping();
      if (mapping.isEmpty()) {
        continue;
      }
      MappingReader entry = mapping.get().allowOnly(CLAIM_FIELDS);
      Optional<String> claim = entry.required("claim").flatMap(Value::asNonBlankString);
      Optional<Value> headerValue = entry.required("header");
      Optional<String> header = headerValue.flatMap(JwtAuthenticationReader::headerName);
      if (header.isPresent()) {
        Value first = seen.putIfAbsent(header.get(), headerValue.get());
        if (first != null) {
          item.reporter()
              .error(
                  Reporter.DUPLICATE_NAME,
                  headerValue.get().location(),
                  headerValue.get().path()
                      + ": header '"
                      + header.get()
                      + "' already receives a claim at line "
                      + first.location().line());
          continue;
        }
      }
      if (claim.isPresent() && header.isPresent()) {
        result.add(new ClaimHeader(claim.get(), header.get(), item.location()));
      }
    }
    return result;
  }

  /** A header name, lower-cased as the engine keeps them. */
  private static Optional<String> headerName(Value value) {
    return value
        .asString()
        .flatMap(text -> value.check(text, Names.HEADER_NAME))
        .map(text -> text.toLowerCase(Locale.ROOT));
  }
}
