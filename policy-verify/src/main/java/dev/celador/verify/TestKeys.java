package dev.celador.verify;

import com.nimbusds.jose.jwk.JWK;
import dev.celador.verify.request.FieldReader;
import dev.celador.verify.request.InputNode;
import java.text.ParseException;
import java.util.Comparator;
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

  static final TestKeys NONE = new TestKeys(Map.of());

  private final Map<String, SigningKey> keys;

  private TestKeys(Map<String, SigningKey> keys) {
    this.keys = Map.copyOf(keys);
  }

  Optional<SigningKey> key(String name) {
    return Optional.ofNullable(keys.get(name));
  }

  /** The names of every key, sorted, for messages. */
  List<String> names() {
    return keys.keySet().stream().sorted().toList();
  }

  /** The public JWKS (JSON) of each pinned issuer. */
  Map<String, String> pinnedJwks() {
    return SigningKey.pinnedJwks(
        keys.values().stream().sorted(Comparator.comparing(SigningKey::name)).toList());
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
    Map<String, SigningKey> keys = new LinkedHashMap<>();
    for (int i = 0; i < list.get().items().size(); i++) {
      InputNode node = list.get().items().get(i);
      FieldReader item = FieldReader.of(spec.file(), "spec.keys[" + i + "]", node);
      SigningKey key = key(item, files);
      if (keys.putIfAbsent(key.name(), key) != null) {
        throw item.error(
            item.field("name").orElseThrow().position(), "duplicate key name '" + key.name() + "'");
      }
    }
    return new TestKeys(keys);
  }

  private static SigningKey key(FieldReader item, InlineOrFixture files) {
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
    try {
      return SigningKey.generate(name, item.string("algorithm"), issuer);
    } catch (IllegalArgumentException e) {
      throw item.error(
          item.field("algorithm").orElseThrow().position(),
          "'" + item.qualified("algorithm") + "' " + e.getMessage());
    }
  }

  private static SigningKey fromFile(
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
    try {
      return SigningKey.of(name, jwk, issuer);
    } catch (IllegalArgumentException e) {
      throw item.error(value.position(), "'" + item.qualified("file") + "' " + e.getMessage());
    }
  }
}
