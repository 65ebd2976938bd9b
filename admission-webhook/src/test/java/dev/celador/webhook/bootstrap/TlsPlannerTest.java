package dev.celador.webhook.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.webhook.WebhookCertificates;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TlsPlannerTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration CA = Duration.ofDays(30);
  private static final Duration SERVING = Duration.ofDays(9);
  private static final Duration OVERLAP = Duration.ofHours(1);
  private static final List<String> NAMES =
      List.of(
          "celador.celador-system.svc", "celador.celador-system.svc.cluster.local", "127.0.0.1");

  private final TlsPlanner planner = new TlsPlanner(NAMES, CA, SERVING, OVERLAP);

  @Test
  void plan_nothingStored_newCaSigningServingCertificateForEveryName() throws Exception {
    TlsState state = planner.plan(Optional.empty(), T0).orElseThrow().state();

    assertThat(state.trustBundle()).containsExactly(state.signingCa().certificate());
    state.serving().certificate().verify(state.signingCa().keys().getPublic());
    assertThat(WebhookCertificates.alternativeNames(state.serving().certificate()))
        .containsExactlyInAnyOrderElementsOf(NAMES);
    assertThat(state.serving().certificate().getNotAfter().toInstant()).isEqualTo(T0.plus(SERVING));
  }

  @Test
  void plan_freshStateStored_unchanged() {
    TlsState state = planner.plan(Optional.empty(), T0).orElseThrow().state();

    assertThat(planner.plan(Optional.of(state), T0.plus(Duration.ofDays(5)))).isEmpty();
  }

  @Test
  void plan_servingCertificateWithAThirdLeft_reissuedBySameCa() throws Exception {
    TlsState state = planner.plan(Optional.empty(), T0).orElseThrow().state();
    Instant later = T0.plus(Duration.ofDays(6));

    TlsPlanner.Change change = planner.plan(Optional.of(state), later).orElseThrow();

    assertThat(change.reason()).contains("near expiry");
    assertThat(change.state().signingCa()).isSameAs(state.signingCa());
    assertThat(change.state().serving().certificate().getNotBefore().toInstant())
        .isEqualTo(later.minus(WebhookCertificates.BACKDATE));
    change.state().serving().certificate().verify(state.signingCa().keys().getPublic());
  }

  @Test
  void plan_caRotation_bothCasTrustedThroughoutTheSwitch() throws Exception {
    TlsState first = planner.plan(Optional.empty(), T0).orElseThrow().state();
    X509Certificate oldCa = first.signingCa().certificate();
    // Keep the serving certificate fresh so only the CA is due.
    Instant due = T0.plus(Duration.ofDays(20));
    TlsState before =
        first.withServing(
            WebhookCertificates.servingCertificate(first.signingCa(), NAMES, due, SERVING));

    // Step 1: the new CA joins the bundle; the old one still signs.
    TlsState step1 = planner.plan(Optional.of(before), due).orElseThrow().state();
    assertThat(step1.signingCa().certificate()).isEqualTo(oldCa);
    assertThat(step1.trustBundle()).containsExactly(oldCa, step1.nextCa().certificate());
    assertThat(planner.plan(Optional.of(step1), due.plus(OVERLAP).minusSeconds(1))).isEmpty();

    // Step 2: after the overlap the new CA signs; the old one is still trusted.
    Instant switchAt = due.plus(OVERLAP);
    TlsState step2 = planner.plan(Optional.of(step1), switchAt).orElseThrow().state();
    X509Certificate newCa = step1.nextCa().certificate();
    assertThat(step2.signingCa().certificate()).isEqualTo(newCa);
    step2.serving().certificate().verify(newCa.getPublicKey());
    assertThat(step2.trustBundle()).containsExactly(oldCa, newCa);

    // Step 3: after another overlap the old CA leaves.
    TlsState step3 = planner.plan(Optional.of(step2), switchAt.plus(OVERLAP)).orElseThrow().state();
    assertThat(step3.trustBundle()).containsExactly(newCa);
    assertThat(step3.serving()).isSameAs(step2.serving());
  }

  @Test
  void plan_storedCertificateLacksAName_reissuedWithUnionOfNames() {
    TlsPlanner narrower =
        new TlsPlanner(
            List.of("celador.celador-system.svc", "other.example"), CA, SERVING, OVERLAP);
    TlsState theirs = narrower.plan(Optional.empty(), T0).orElseThrow().state();

    TlsPlanner.Change change = planner.plan(Optional.of(theirs), T0).orElseThrow();

    assertThat(change.reason()).contains("missing names [celador.celador-system.svc.cluster.local");
    assertThat(WebhookCertificates.alternativeNames(change.state().serving().certificate()))
        .containsAll(NAMES)
        .contains("other.example");
    assertThat(narrower.plan(Optional.of(change.state()), T0)).isEmpty();
  }

  @Test
  void plan_expiredCa_startsOver() {
    TlsState state = planner.plan(Optional.empty(), T0).orElseThrow().state();

    TlsPlanner.Change change = planner.plan(Optional.of(state), T0.plus(CA)).orElseThrow();

    assertThat(change.reason()).contains("expired");
    assertThat(change.state().signingCa().certificate())
        .isNotEqualTo(state.signingCa().certificate());
    assertThat(change.state().trustBundle()).hasSize(1);
  }

  @Test
  void plan_servingValidityBeyondCa_clampedToCaEnd() {
    TlsPlanner longServing = new TlsPlanner(NAMES, CA, Duration.ofDays(400), OVERLAP);

    TlsState state = longServing.plan(Optional.empty(), T0).orElseThrow().state();

    assertThat(state.serving().certificate().getNotAfter())
        .isEqualTo(state.signingCa().certificate().getNotAfter());
  }
}
