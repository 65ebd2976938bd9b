package dev.celador.cli;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import dev.celador.engine.api.AuthzRequest;
import dev.celador.engine.api.HttpAttributes;
import dev.celador.engine.internal.parse.Durations;
import dev.celador.verify.SigningKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import picocli.CommandLine.Option;

/**
 * {@code eval}'s {@code --jwt-*} flags: the request carries a token signed for this run, as a
 * PolicyTest case's {@code jwt:} input does and with the same code ({@link SigningKey}). A key
 * generated for the run ({@code --jwt-algorithm}) or read from a file ({@code --jwt-key}); with
 * {@code --jwt-issuer} the policies verify that issuer's tokens with it instead of fetching the
 * issuer's keys, as a suite key with an {@code issuer} does, so a policy that trusts production
 * keys is tried offline, unchanged. The token is never printed.
 */
final class EvalToken {

  /** The {@code kid} of a generated key. */
  static final String GENERATED_KID = "celador-eval";

  private static final int MAX_FILE_BYTES = 64 * 1024;
  private static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);

  @Option(
      names = "--jwt-claims",
      paramLabel = "JSON|FILE",
      description =
          "Claims of a token to sign and send as 'authorization: Bearer ...': a JSON object, or a"
              + " JSON or YAML file holding one. iss, iat and exp are added unless given.")
  String claims;

  @Option(
      names = "--jwt-key",
      paramLabel = "FILE",
      description =
          "Sign with this private key: an RSA or EC JWK (JSON) or PEM file. The policies must trust"
              + " its public half (jwksFile, jwks) unless --jwt-issuer pins it.")
  Path key;

  @Option(
      names = "--jwt-algorithm",
      paramLabel = "ALG",
      description =
          "Sign with a key generated for this run: RS256, RS384, RS512, PS256, PS384, PS512,"
              + " ES256, ES384 or ES512; needs --jwt-issuer.")
  String algorithm;

  @Option(
      names = "--jwt-issuer",
      paramLabel = "ISSUER",
      description =
          "The token's iss. The policies verify this issuer's tokens with the signing key instead"
              + " of fetching its keys (as a PolicyTest key with 'issuer').")
  String issuer;

  @Option(
      names = "--jwt-expires-in",
      paramLabel = "DURATION",
      description = "exp = now + DURATION (default 1h; -5m signs an expired token).")
  String expiresIn;

  /** The key to sign with, if a token was asked for; the flags checked together. */
  Optional<SigningKey> signingKey() {
    if (key == null && algorithm == null) {
      if (claims != null || issuer != null || expiresIn != null) {
        throw new UserException(
            "--jwt-claims, --jwt-issuer and --jwt-expires-in sign a token: add --jwt-key FILE or"
                + " --jwt-algorithm ALG");
      }
      return Optional.empty();
    }
    if (key != null && algorithm != null) {
      throw new UserException("give one of --jwt-key (a key file) or --jwt-algorithm (generate)");
    }
    Optional<String> pinned = Optional.ofNullable(issuer);
    if (algorithm != null) {
      if (pinned.isEmpty()) {
        throw new UserException(
            "--jwt-algorithm generates a key no policy trusts: add --jwt-issuer ISSUER to pin it");
      }
      try {
        return Optional.of(SigningKey.generate(GENERATED_KID, algorithm, pinned));
      } catch (IllegalArgumentException e) {
        throw new UserException("--jwt-algorithm " + e.getMessage());
      }
    }
    try {
      // A key without a kid signs tokens without one, which a policy's one such key verifies.
      return Optional.of(SigningKey.of("", readKey(), pinned));
    } catch (IllegalArgumentException e) {
      throw new UserException("--jwt-key " + key + ": " + e.getMessage());
    }
  }

  /** The public JWKS the policies verify the pinned issuer with, if any. */
  static Map<String, String> pinnedJwks(Optional<SigningKey> key) {
    return key.map(k -> SigningKey.pinnedJwks(List.of(k))).orElse(Map.of());
  }

  /** {@code request} with {@code authorization: Bearer <a token signed now>}. */
  AuthzRequest apply(AuthzRequest request, SigningKey signingKey, Instant now) {
    String token;
    try {
      token = signingKey.sign(claims(), now, lifetime());
    } catch (IllegalArgumentException e) {
      throw new UserException("--jwt-claims: cannot sign the token: " + e.getMessage());
    }
    HttpAttributes http = request.request();
    Map<String, String> headers = new LinkedHashMap<>(http.headers());
    headers.put("authorization", "Bearer " + token);
    return request.toBuilder().request(http.toBuilder().headers(headers).build()).build();
  }

  private JWK readKey() {
    String text = read(key, "--jwt-key");
    try {
      return text.strip().startsWith("{") ? JWK.parse(text) : JWK.parseFromPEMEncodedObjects(text);
    } catch (ParseException | JOSEException | RuntimeException e) {
      throw new UserException(
          "--jwt-key " + key + " is not a private JWK or PEM key: " + e.getMessage());
    }
  }

  private Map<String, Object> claims() {
    if (claims == null) {
      return Map.of();
    }
    String text;
    try {
      text = claims.strip().startsWith("{") ? claims : read(Path.of(claims), "--jwt-claims");
    } catch (InvalidPathException e) {
      throw new UserException("--jwt-claims is neither a JSON object nor a file: " + claims);
    }
    Object parsed;
    try {
      parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    } catch (YAMLException e) {
      throw new UserException("--jwt-claims is not JSON or YAML: " + e.getMessage());
    }
    if (!(parsed instanceof Map<?, ?> map)) {
      throw new UserException(
          "--jwt-claims must be an object of claims, such as {\"sub\": \"alice\"}");
    }
    Map<String, Object> result = new LinkedHashMap<>();
    map.forEach((name, value) -> result.put(String.valueOf(name), value));
    return result;
  }

  private Duration lifetime() {
    if (expiresIn == null) {
      return DEFAULT_LIFETIME;
    }
    return Durations.parse(expiresIn)
        .orElseThrow(
            () ->
                new UserException(
                    "--jwt-expires-in must be a duration such as 1h or -5m, got '"
                        + expiresIn
                        + "'"));
  }

  private static String read(Path file, String flag) {
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new UserException(flag + " " + file + " is larger than " + MAX_FILE_BYTES + " bytes");
      }
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new UserException(flag + " " + file + ": no such file");
    } catch (IOException e) {
      throw new UserException("cannot read " + file + " (" + flag + "): " + e.getMessage());
    }
  }
}
