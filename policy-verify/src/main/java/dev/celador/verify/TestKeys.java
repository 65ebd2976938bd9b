package dev.celador.verify;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.celador.verify.request.FieldReader;
import dev.celador.verify.request.InputNode;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The signing keys a suite declares in {@code spec.keys}, for the tokens of its cases:
 *
 * <pre>
 * keys:
 *   - name: test-rsa                         # cases sign with jwt: {key: test-rsa, ...}
 *     algorithm: RS256                       # generated for this run: RS/PS/ES 256/384/512
 *     issuer: https://login.example.com      # optional: policies trust this key for this issuer
 *   - name: partner
 *     file: partner.jwk.json                 # a private JWK in the fixtures folder
 * </pre>
 *
 * A key with an {@code issuer} is pinned: while the suite runs, every JwtAuthentication issuer with
 * that {@code iss} verifies with the suite's keys for it instead of its own key source, so a policy
 * that fetches production keys is tested offline, unchanged. A key without one must be trusted by
 * the policies themselves, e.g. through {@code jwksFile} naming the public half in testdata/.
 */
final class TestKeys {

  static final List<String> FIELDS = List.of("name", "algorithm", "file", "issuer");
  static final List<String> ALGORITHMS =
      List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");

  /** One usable key: its private JWK, the algorithm it signs with, and its issuer, if pinned. */
  record Key(String name, JWK jwk, JWSAlgorithm algorithm, Optional<String> issuer) {

    JWSSigner signer() throws JOSEException {
      return jwk instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) jwk);
    }
  }

  static final TestKeys NONE = new TestKeys(Map.of());

  private final Map<String, Key> keys;

  private TestKeys(Map<String, Key> keys) {
    this.keys = Map.copyOf(keys);
  }

  Optional<Key> key(String name) {
    return Optional.ofNullable(keys.get(name));
  }

  /** The names of every key, sorted, for messages. */
  List<String> names() {
    return keys.keySet().stream().sorted().toList();
  }

  /** The public JWKS (JSON) of each pinned issuer. */
  Map<String, String> pinnedJwks() {
    Map<String, List<JWK>> byIssuer = new LinkedHashMap<>();
    keys.values().stream()
        .sorted(java.util.Comparator.comparing(Key::name))
        .forEach(
            key ->
                key.issuer()
                    .ifPresent(
                        iss ->
                            byIssuer
                                .computeIfAbsent(iss, i -> new ArrayList<>())
                                .add(key.jwk().toPublicJWK())));
    Map<String, String> jwks = new LinkedHashMap<>();
    byIssuer.forEach((iss, list) -> jwks.put(iss, new JWKSet(list).toString(true)));
    return jwks;
  }

  /** Reads {@code spec.keys}; {@link #NONE} when the suite declares none. */
  static TestKeys read(FieldReader spec, InlineOrFixture files) {
    Optional<InputNode> list = spec.field("keys");
    if (list.isEmpty()) {
      return NONE;
    }
    if (list.get().kind() != InputNode.Kind.ARRAY) {
      throw spec.error(list.get().position(), "'spec.keys' must be a list of {name, ...}");
    }
    Map<String, Key> keys = new LinkedHashMap<>();
    for (int i = 0; i < list.get().items().size(); i++) {
      InputNode node = list.get().items().get(i);
      FieldReader item = FieldReader.of(spec.file(), "spec.keys[" + i + "]", node);
      Key key = key(item, files);
      if (keys.putIfAbsent(key.name(), key) != null) {
        throw item.error(
            item.field("name").orElseThrow().position(), "duplicate key name '" + key.name() + "'");
      }
    }
    return new TestKeys(keys);
  }

  private static Key key(FieldReader item, InlineOrFixture files) {
    item.rejectUnknown(FIELDS);
    String name = item.string("name").strip();
    if (name.isEmpty()) {
      throw item.error(item.node().position(), "'" + item.qualified("name") + "' is required");
    }
    if (item.has("algorithm") == item.has("file")) {
      throw item.error(
          item.node().position(),
          "'" + item.path() + "' needs exactly one of 'algorithm' (generated) or 'file' (a JWK)");
    }
    Optional<String> issuer =
        item.has("issuer") ? Optional.of(item.string("issuer")) : Optional.empty();
    if (item.has("file")) {
      return fromFile(item, name, issuer, files);
    }
    String alg = item.string("algorithm");
    if (!ALGORITHMS.contains(alg)) {
      throw item.error(
          item.field("algorithm").orElseThrow().position(),
          "'"
              + item.qualified("algorithm")
              + "' must be one of "
              + String.join(", ", ALGORITHMS)
              + ", found '"
              + alg
              + "'");
    }
    return new Key(name, generate(name, JWSAlgorithm.parse(alg)), JWSAlgorithm.parse(alg), issuer);
  }

  private static JWK generate(String name, JWSAlgorithm alg) {
    try {
      if (alg.getName().startsWith("ES")) {
        Curve curve = Curve.forJWSAlgorithm(alg).iterator().next();
        return new ECKeyGenerator(curve).keyID(name).algorithm(alg).generate();
      }
      int bits = alg.getName().endsWith("256") ? 2048 : 3072;
      return new RSAKeyGenerator(bits).keyID(name).algorithm(alg).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate a " + alg + " key", e);
    }
  }

  private static Key fromFile(
      FieldReader item, String name, Optional<String> issuer, InlineOrFixture files) {
    InputNode value = item.field("file").orElseThrow();
    InlineOrFixture.Value fixture = files.object(item, "file");
    JWK jwk;
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> json = (Map<String, Object>) fixture.tree().toPlain();
      jwk = JWK.parse(json);
    } catch (ParseException | ClassCastException e) {
      throw item.error(
          value.position(), "'" + item.qualified("file") + "' is not a JWK: " + e.getMessage());
    }
    if (!jwk.isPrivate() || !(jwk instanceof RSAKey || jwk instanceof ECKey)) {
      throw item.error(
          value.position(),
          "'" + item.qualified("file") + "' must hold a private RSA or EC key, to sign with");
    }
    JWSAlgorithm alg =
        jwk.getAlgorithm() != null
            ? JWSAlgorithm.parse(jwk.getAlgorithm().getName())
            : jwk instanceof RSAKey
                ? JWSAlgorithm.RS256
                : JWSAlgorithm.parse(
                    switch (((ECKey) jwk).getCurve().getName()) {
                      case "P-384" -> "ES384";
                      case "P-521" -> "ES512";
                      default -> "ES256";
                    });
    return new Key(name, jwk, alg, issuer);
  }
}
