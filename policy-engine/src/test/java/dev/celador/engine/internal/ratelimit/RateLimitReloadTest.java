package dev.celador.engine.internal.ratelimit;

import static dev.celador.engine.Policies.request;
import static dev.celador.engine.Policies.spiffe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.Policies;
import dev.celador.engine.PolicyEngine;
import dev.celador.engine.api.AuthzRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RateLimitReloadTest {

  private static final AuthzRequest REQUEST =
      request(spiffe("web", "alice"), spiffe("shop", "orders"), "GET", "/", Map.of());

  @TempDir Path dir;

  @Test
  void reload_samePolicies_keepsBucketsAndCounters() throws IOException {
    Files.writeString(
        dir.resolve("limits.yaml"),
        RateLimitFixtures.rateLimitPolicy(
            "limits",
            """
            limits:
              - name: per-caller
                key: source.principal
                rate: {requests: 1, period: 1h}
            """));
    RateLimitBackends backends = RateLimitBackends.local(new LocalRateLimitStore(new FakeTicker()));
    PolicyEngine engine = PolicyEngine.create(Policies.CLOCK, backends);
    assertThat(engine.reload(List.of(dir)).hasErrors()).isFalse();
    assertThat(engine.evaluate(REQUEST, false).allowed()).isTrue();

    assertThat(engine.reload(List.of(dir)).hasErrors()).isFalse();

    assertThat(engine.evaluate(REQUEST, false).status()).isEqualTo(429);
    assertThat(engine.rateLimits().metrics().snapshot())
        .containsExactly(new RateLimitMetrics.LimitSample("shop/limits/per-caller", 2, 1, 0, 0));
  }
}
