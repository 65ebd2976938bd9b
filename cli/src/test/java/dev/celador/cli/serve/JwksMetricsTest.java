package dev.celador.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celador.cli.UserException;
import dev.celador.engine.internal.jwt.KeySourceStats;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class JwksMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AtomicReference<List<KeySourceStats>> stats = new AtomicReference<>(List.of());
  private final JwksMetrics metrics = new JwksMetrics(registry, stats::get);

  private static KeySourceStats remote(String uri, long fetches, long failures, int keys) {
    return new KeySourceStats(
        uri, fetches, failures, keys, Instant.ofEpochSecond(1000), "", null, fetches / 2);
  }

  @Test
  void refresh_remoteSource_countersAndKeysPerSource() {
    stats.set(List.of(remote("https://a.test/jwks", 3, 1, 2)));

    metrics.refresh();

    var tag = "https://a.test/jwks";
    assertThat(registry.get("celador.jwks.fetches").tag("source", tag).functionCounter().count())
        .isEqualTo(3);
    assertThat(registry.get("celador.jwks.failures").tag("source", tag).functionCounter().count())
        .isEqualTo(1);
    assertThat(registry.get("celador.jwks.keys").tag("source", tag).gauge().value()).isEqualTo(2);
    assertThat(registry.get("celador.jwks.last.success").gauge().value()).isEqualTo(1000);
    assertThat(
            registry
                .get("celador.jwks.key.wait.timeouts")
                .tag("source", tag)
                .functionCounter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void refresh_countersMove_metersFollowWithoutReRegistering() {
    stats.set(List.of(remote("https://a.test/jwks", 1, 0, 1)));
    metrics.refresh();
    stats.set(List.of(remote("https://a.test/jwks", 5, 2, 1)));

    metrics.refresh();

    assertThat(registry.get("celador.jwks.fetches").functionCounter().count()).isEqualTo(5);
    assertThat(registry.get("celador.jwks.key.wait.timeouts").functionCounter().count())
        .isEqualTo(2);
    assertThat(registry.getMeters()).hasSize(5);
  }

  @Test
  void refresh_sourceNoLongerUsed_metersRemoved() {
    stats.set(List.of(remote("https://a.test/jwks", 1, 0, 1)));
    metrics.refresh();
    stats.set(List.of());

    metrics.refresh();

    assertThat(registry.getMeters()).isEmpty();
  }

  @Test
  void refresh_keysFixedByPolicy_noMeters() {
    stats.set(List.of(KeySourceStats.fixed("inline", 1)));

    metrics.refresh();

    assertThat(registry.getMeters()).isEmpty();
    assertThat(metrics.withoutKeys()).isEmpty();
  }

  @Test
  void withoutKeys_remoteSourceWithoutKeys_namedWithItsError() {
    stats.set(
        List.of(
            new KeySourceStats("https://a.test/jwks", 2, 2, 0, null, "HTTP status 503", null, 0)));

    assertThat(metrics.withoutKeys()).containsExactly("https://a.test/jwks: HTTP status 503");
  }

  @Test
  void status_noneOkOrWhichSourcesLackKeys_readFromTheStatsNow() {
    assertThat(metrics.status()).isEqualTo("none");

    stats.set(List.of(KeySourceStats.fixed("inline", 1), remote("https://a.test/jwks", 1, 0, 2)));
    assertThat(metrics.status()).isEqualTo("ok");

    stats.set(
        List.of(
            remote("https://a.test/jwks", 1, 0, 2),
            new KeySourceStats("https://b.test/jwks", 3, 3, 0, null, "HTTP 503", null, 0)));
    assertThat(metrics.status()).isEqualTo("no keys yet: https://b.test/jwks: HTTP 503");
  }

  @Test
  void jwksOptions_fromSettings() {
    Settings s =
        Settings.resolve(
            null,
            Map.of("CELADOR_JWT_FETCH_TIMEOUT", "2s"),
            Map.of("celador.jwt.token-cache-size", "5"));

    var options = ServeRuntime.jwksOptions(s);

    assertThat(options.fetchTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(options.refreshInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(options.tokenCacheSize()).isEqualTo(5);
  }

  @Test
  void jwksOptions_zeroTimeout_userError() {
    Settings s = Settings.resolve(null, Map.of(), Map.of("celador.jwt.fetch-timeout", "0ms"));

    assertThatThrownBy(() -> ServeRuntime.jwksOptions(s)).isInstanceOf(UserException.class);
  }
}
