package dev.celador.webhook.bootstrap;

import dev.celador.webhook.WebhookCertificates;
import dev.celador.webhook.WebhookCertificates.Issued;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides the next TLS state from the stored one; pure apart from key generation. Certificates are
 * renewed when a third of their lifetime is left. A CA is rotated in three steps, each a separate
 * write, so the API server trusts both CAs during the switch:
 *
 * <ol>
 *   <li>the new CA joins the trust bundle (caBundle) while the old one still signs;
 *   <li>after {@code overlap} (every replica and API server has the bundle) the new CA signs a new
 *       serving certificate, and the old CA stays in the bundle for another {@code overlap} (every
 *       replica serves the new certificate);
 *   <li>then the old CA leaves the bundle.
 * </ol>
 */
final class TlsPlanner {

  /** A state to store, and why. */
  record Change(TlsState state, String reason) {}

  private final List<String> names;
  private final Duration caValidity;
  private final Duration servingValidity;
  private final Duration overlap;

  TlsPlanner(List<String> names, Duration caValidity, Duration servingValidity, Duration overlap) {
    if (names.isEmpty()) {
      throw new IllegalArgumentException("no names for the serving certificate");
    }
    this.names = names.stream().map(WebhookCertificates::canonicalName).distinct().toList();
    this.caValidity = caValidity;
    this.servingValidity = servingValidity;
    this.overlap = overlap;
  }

  /**
   * The state to write instead of {@code stored}, or empty when {@code stored} is good as it is.
   */
  Optional<Change> plan(Optional<TlsState> stored, Instant now) {
    if (stored.isEmpty()) {
      return Optional.of(new Change(fresh(now), "no usable TLS state stored: new CA"));
    }
    TlsState state = stored.get();
    if (!now.isBefore(state.signingCa().certificate().getNotAfter().toInstant())) {
      // Nothing trusts an expired CA any more; an overlap cannot help.
      return Optional.of(new Change(fresh(now), "the CA has expired: new CA"));
    }
    List<String> reasons = new ArrayList<>();
    if (state.previousCa() != null && !now.isBefore(state.previousCaUntil())) {
      state = state.withoutPreviousCa();
      reasons.add("old CA left the trust bundle");
    }
    if (state.nextCa() != null && !now.isBefore(state.nextCaTrustedAt().plus(overlap))) {
      Issued serving = issue(state.nextCa(), names, now);
      state = state.promoteNextCa(serving, now.plus(overlap));
      reasons.add("new CA signs the serving certificate");
    } else if (state.nextCa() == null && renewalDue(state.signingCa().certificate(), now)) {
      state =
          state.withNextCa(
              WebhookCertificates.certificateAuthority(caName(now), now, caValidity), now);
      reasons.add("new CA joined the trust bundle");
    }
    Optional<String> servingProblem = servingProblem(state, now);
    if (servingProblem.isPresent()) {
      Set<String> wanted = new LinkedHashSet<>(names);
      // Replicas configured with different extra names converge on the union instead of fighting.
      if (servingProblem.get().startsWith("missing")) {
        wanted.addAll(WebhookCertificates.alternativeNames(state.serving().certificate()));
      }
      state = state.withServing(issue(state.signingCa(), List.copyOf(wanted), now));
      reasons.add("serving certificate " + servingProblem.get() + ": reissued");
    }
    return reasons.isEmpty()
        ? Optional.empty()
        : Optional.of(new Change(state, String.join("; ", reasons)));
  }

  private TlsState fresh(Instant now) {
    Issued ca = WebhookCertificates.certificateAuthority(caName(now), now, caValidity);
    return TlsState.of(ca, issue(ca, names, now));
  }

  private Optional<String> servingProblem(TlsState state, Instant now) {
    X509Certificate serving = state.serving().certificate();
    if (!issuedBy(serving, state.signingCa().certificate())) {
      return Optional.of("not issued by the signing CA");
    }
    if (renewalDue(serving, now)) {
      return Optional.of("near expiry");
    }
    Set<String> present = WebhookCertificates.alternativeNames(serving);
    List<String> missing = names.stream().filter(n -> !present.contains(n)).toList();
    return missing.isEmpty() ? Optional.empty() : Optional.of("missing names " + missing);
  }

  /** A serving certificate that never outlives its CA. */
  private Issued issue(Issued ca, List<String> subjectNames, Instant now) {
    Instant caEnd = ca.certificate().getNotAfter().toInstant();
    Duration validity = servingValidity;
    if (now.plus(validity).isAfter(caEnd)) {
      validity = Duration.between(now, caEnd);
    }
    return WebhookCertificates.servingCertificate(ca, subjectNames, now, validity);
  }

  /** Due when a third of the lifetime (from issue, not from the backdated start) is left. */
  static boolean renewalDue(X509Certificate certificate, Instant now) {
    Instant issued = certificate.getNotBefore().toInstant().plus(WebhookCertificates.BACKDATE);
    Instant end = certificate.getNotAfter().toInstant();
    Duration lifetime = Duration.between(issued, end);
    return !now.isBefore(end.minus(lifetime.dividedBy(3)));
  }

  private static boolean issuedBy(X509Certificate certificate, X509Certificate ca) {
    try {
      certificate.verify(ca.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static String caName(Instant now) {
    return "celador-webhook-ca-" + now.getEpochSecond();
  }
}
