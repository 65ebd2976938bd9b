package dev.celador.ratelimit.redis;

import dev.celador.engine.LoadResult;
import dev.celador.engine.PolicyEngine;
import dev.celador.engine.api.AuthzRequest;
import dev.celador.engine.api.HttpAttributes;
import dev.celador.engine.api.Peer;
import dev.celador.engine.internal.ratelimit.RateLimitBackends;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Engine replicas as the server would assemble them: each its own {@link PolicyEngine} and its own
 * Redis connection, all loading the same policy files and sharing one Redis.
 */
final class Replicas implements AutoCloseable {

  private final List<PolicyEngine> engines = new ArrayList<>();
  private final List<RedisRateLimitStore> stores = new ArrayList<>();

  Replicas(int count, RedisStoreConfig config, Path policies) throws Exception {
    for (int i = 0; i < count; i++) {
      RedisRateLimitStore store = RedisRateLimitStore.start(config);
      stores.add(store);
      if (!store.awaitConnected(Duration.ofSeconds(10))) {
        throw new IllegalStateException("replica " + i + " could not reach Redis");
      }
      PolicyEngine engine =
          PolicyEngine.create(Clock.systemUTC(), RateLimitBackends.local().withRedis(store));
      LoadResult loaded = engine.reload(List.of(policies));
      if (loaded.hasErrors()) {
        throw new IllegalStateException(loaded.render());
      }
      engines.add(engine);
    }
  }

  PolicyEngine get(int i) {
    return engines.get(i);
  }

  static Path writePolicies(String yaml) throws IOException {
    Path dir = Files.createTempDirectory("policies");
    Files.writeString(dir.resolve("limits.yaml"), yaml);
    return dir;
  }

  /** A GET to {@code host} from {@code user} (header x-user). */
  static AuthzRequest request(String host, String user) {
    return AuthzRequest.builder()
        .source(new Peer("10.0.0.1", 40000, "spiffe://cluster.local/ns/web/sa/frontend"))
        .destination(new Peer("10.0.0.2", 8080, "spiffe://cluster.local/ns/shop/sa/orders"))
        .request(
            HttpAttributes.builder()
                .method("GET")
                .path("/orders")
                .host(host)
                .scheme("https")
                .protocol("HTTP/1.1")
                .headers(Map.of("x-user", user))
                .id("id")
                .build())
        .mtls(true)
        .build();
  }

  @Override
  public void close() {
    stores.forEach(RedisRateLimitStore::close);
  }
}
