package dev.celador.webhook.bootstrap;

import dev.celador.webhook.WebhookCertificates.Issued;
import dev.celador.webhook.bootstrap.Pem.BadPem;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How {@link TlsState} is laid out in a {@code kubernetes.io/tls} Secret. {@code tls.crt} / {@code
 * tls.key} are the serving pair (so the Secret also mounts like cert-manager's), {@code ca.crt} the
 * trust bundle; the CA keys and rotation times are Celador's own.
 */
final class TlsSecretFormat {

  static final String TYPE = "kubernetes.io/tls";
  static final String SERVING_CERT = "tls.crt";
  static final String SERVING_KEY = "tls.key";
  static final String TRUST_BUNDLE = "ca.crt";
  static final String SIGNING_CA_CERT = "signing-ca.crt";
  static final String SIGNING_CA_KEY = "signing-ca.key";
  static final String NEXT_CA_CERT = "next-ca.crt";
  static final String NEXT_CA_KEY = "next-ca.key";
  static final String PREVIOUS_CA_CERT = "previous-ca.crt";
  static final String NEXT_CA_TRUSTED_AT = "celador.dev/next-ca-trusted-at";
  static final String PREVIOUS_CA_UNTIL = "celador.dev/previous-ca-until";

  /** The Secret's text data and annotations. */
  record Encoded(Map<String, String> data, Map<String, String> annotations) {}

  private TlsSecretFormat() {}

  static Encoded encode(TlsState state) {
    Map<String, String> data = new LinkedHashMap<>();
    Map<String, String> annotations = new LinkedHashMap<>();
    data.put(SERVING_CERT, Pem.certificates(List.of(state.serving().certificate())));
    data.put(SERVING_KEY, Pem.privateKey(state.serving().keys().getPrivate()));
    data.put(TRUST_BUNDLE, Pem.certificates(state.trustBundle()));
    data.put(SIGNING_CA_CERT, Pem.certificates(List.of(state.signingCa().certificate())));
    data.put(SIGNING_CA_KEY, Pem.privateKey(state.signingCa().keys().getPrivate()));
    if (state.nextCa() != null) {
      data.put(NEXT_CA_CERT, Pem.certificates(List.of(state.nextCa().certificate())));
      data.put(NEXT_CA_KEY, Pem.privateKey(state.nextCa().keys().getPrivate()));
      annotations.put(NEXT_CA_TRUSTED_AT, state.nextCaTrustedAt().toString());
    }
    if (state.previousCa() != null) {
      data.put(PREVIOUS_CA_CERT, Pem.certificates(List.of(state.previousCa())));
      annotations.put(PREVIOUS_CA_UNTIL, state.previousCaUntil().toString());
    }
    return new Encoded(data, annotations);
  }

  /** The state in {@code data}, or {@link BadPem} naming the first key that does not read. */
  static TlsState decode(Map<String, String> data, Map<String, String> annotations) throws BadPem {
    Issued signing = issued(data, SIGNING_CA_CERT, SIGNING_CA_KEY);
    Issued serving = issued(data, SERVING_CERT, SERVING_KEY);
    Issued next = null;
    Instant nextAt = null;
    if (data.containsKey(NEXT_CA_CERT)) {
      next = issued(data, NEXT_CA_CERT, NEXT_CA_KEY);
      nextAt = instant(annotations, NEXT_CA_TRUSTED_AT);
    }
    X509Certificate previous = null;
    Instant previousUntil = null;
    if (data.containsKey(PREVIOUS_CA_CERT)) {
      previous = Pem.readCertificates(data.get(PREVIOUS_CA_CERT), PREVIOUS_CA_CERT).get(0);
      previousUntil = instant(annotations, PREVIOUS_CA_UNTIL);
    }
    return new TlsState(signing, serving, next, nextAt, previous, previousUntil);
  }

  private static Issued issued(Map<String, String> data, String certKey, String keyKey)
      throws BadPem {
    String cert = data.get(certKey);
    String key = data.get(keyKey);
    if (cert == null || key == null) {
      throw new BadPem("missing " + (cert == null ? certKey : keyKey));
    }
    X509Certificate certificate = Pem.readCertificates(cert, certKey).get(0);
    return new Issued(certificate, Pem.readKeyPair(certificate, key, keyKey));
  }

  private static Instant instant(Map<String, String> annotations, String name) throws BadPem {
    String value = annotations == null ? null : annotations.get(name);
    if (value == null) {
      throw new BadPem("missing annotation " + name);
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new BadPem("annotation " + name + " is not an RFC 3339 time: '" + value + "'");
    }
  }
}
