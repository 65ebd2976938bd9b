package dev.celador.webhook.bootstrap;

import dev.celador.webhook.WebhookCertificates.Issued;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the TLS Secret holds: the CA that signs the serving certificate, the serving certificate,
 * and during a CA rotation the CA being introduced (trusted since {@code nextCaTrustedAt}, not yet
 * signing) or the CA just retired (still trusted until {@code previousCaUntil}).
 */
record TlsState(
    Issued signingCa,
    Issued serving,
    Issued nextCa,
    Instant nextCaTrustedAt,
    X509Certificate previousCa,
    Instant previousCaUntil) {

  TlsState {
    if ((nextCa == null) != (nextCaTrustedAt == null)) {
      throw new IllegalArgumentException("nextCa and nextCaTrustedAt go together");
    }
    if ((previousCa == null) != (previousCaUntil == null)) {
      throw new IllegalArgumentException("previousCa and previousCaUntil go together");
    }
  }

  static TlsState of(Issued signingCa, Issued serving) {
    return new TlsState(signingCa, serving, null, null, null, null);
  }

  /** The CAs an API server must trust (the webhook's caBundle): previous, signing, next. */
  List<X509Certificate> trustBundle() {
    List<X509Certificate> bundle = new ArrayList<>(3);
    if (previousCa != null) {
      bundle.add(previousCa);
    }
    bundle.add(signingCa.certificate());
    if (nextCa != null) {
      bundle.add(nextCa.certificate());
    }
    return bundle;
  }

  TlsState withServing(Issued next) {
    return new TlsState(signingCa, next, nextCa, nextCaTrustedAt, previousCa, previousCaUntil);
  }

  TlsState withNextCa(Issued ca, Instant trustedAt) {
    return new TlsState(signingCa, serving, ca, trustedAt, previousCa, previousCaUntil);
  }

  TlsState withoutPreviousCa() {
    return new TlsState(signingCa, serving, nextCa, nextCaTrustedAt, null, null);
  }

  /** The next CA signs from now on; the old one stays trusted until {@code retireAt}. */
  TlsState promoteNextCa(Issued newServing, Instant retireAt) {
    return new TlsState(nextCa, newServing, null, null, signingCa.certificate(), retireAt);
  }
}
