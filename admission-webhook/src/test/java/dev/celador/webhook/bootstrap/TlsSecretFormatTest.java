package dev.celador.webhook.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celador.webhook.WebhookCertificates;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TlsSecretFormatTest {

  private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");

  private final TlsPlanner planner =
      new TlsPlanner(
          List.of("svc.ns.svc"), Duration.ofDays(30), Duration.ofDays(9), Duration.ofHours(1));

  @Test
  void decode_encodedRotationState_sameCertificatesKeysAndTimes() throws Exception {
    TlsState state =
        planner
            .plan(Optional.empty(), NOW)
            .orElseThrow()
            .state()
            .withNextCa(
                WebhookCertificates.certificateAuthority("next", NOW, Duration.ofDays(30)), NOW);
    TlsSecretFormat.Encoded encoded = TlsSecretFormat.encode(state);

    TlsState decoded = TlsSecretFormat.decode(encoded.data(), encoded.annotations());

    assertThat(decoded.trustBundle()).isEqualTo(state.trustBundle());
    assertThat(decoded.serving().certificate()).isEqualTo(state.serving().certificate());
    assertThat(decoded.nextCa().keys().getPrivate().getEncoded())
        .isEqualTo(state.nextCa().keys().getPrivate().getEncoded());
    assertThat(decoded.nextCaTrustedAt()).isEqualTo(NOW);
    assertThat(encoded.data().get(TlsSecretFormat.TRUST_BUNDLE).split("BEGIN CERTIFICATE", -1))
        .hasSize(3);
  }

  @Test
  void decode_servingKeyOfAnotherCertificate_rejectedNamingTheKey() {
    TlsState a = planner.plan(Optional.empty(), NOW).orElseThrow().state();
    TlsState b = planner.plan(Optional.empty(), NOW).orElseThrow().state();
    Map<String, String> data = new HashMap<>(TlsSecretFormat.encode(a).data());
    data.put(TlsSecretFormat.SERVING_KEY, TlsSecretFormat.encode(b).data().get("tls.key"));

    assertThatThrownBy(() -> TlsSecretFormat.decode(data, Map.of()))
        .isInstanceOf(Pem.BadPem.class)
        .hasMessage("tls.key does not belong to its certificate");
  }

  @Test
  void decode_missingCaKey_rejected() {
    Map<String, String> data =
        new HashMap<>(
            TlsSecretFormat.encode(planner.plan(Optional.empty(), NOW).orElseThrow().state())
                .data());
    data.remove(TlsSecretFormat.SIGNING_CA_KEY);

    assertThatThrownBy(() -> TlsSecretFormat.decode(data, Map.of()))
        .hasMessage("missing signing-ca.key");
  }

  @Test
  void decode_garbageCertificate_rejectedNamingTheKey() {
    Map<String, String> data =
        new HashMap<>(
            TlsSecretFormat.encode(planner.plan(Optional.empty(), NOW).orElseThrow().state())
                .data());
    data.put(TlsSecretFormat.SERVING_CERT, "not a certificate");

    assertThatThrownBy(() -> TlsSecretFormat.decode(data, Map.of()))
        .hasMessageStartingWith("tls.crt ");
  }
}
