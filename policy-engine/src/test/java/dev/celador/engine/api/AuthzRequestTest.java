package dev.celador.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthzRequestTest {

  private static final Peer FRONTEND =
      new Peer("10.0.0.1", 40000, "spiffe://cluster.local/ns/web/sa/frontend");
  private static final Peer ORDERS =
      new Peer("10.0.0.2", 8080, "spiffe://cluster.local/ns/shop/sa/orders");

  @Test
  void builder_nothingSet_unknownPeersEmptyHttpAndEmptyMaps() {
    AuthzRequest empty = AuthzRequest.builder().build();

    assertThat(empty)
        .isEqualTo(
            new AuthzRequest(
                Peer.UNKNOWN,
                Peer.UNKNOWN,
                HttpAttributes.builder().build(),
                false,
                "",
                Map.of(),
                Map.of(),
                Map.of()));
  }

  @Test
  void builder_everyComponentSet_sameAsCanonicalConstructor() {
    HttpAttributes http = HttpAttributes.builder().method("GET").path("/orders").build();

    AuthzRequest built =
        AuthzRequest.builder()
            .source(FRONTEND)
            .destination(ORDERS)
            .request(http)
            .mtls(true)
            .requestedServerName("orders.shop")
            .context(Map.of("route", "orders"))
            .metadata(Map.of("envoy.filters.http.jwt_authn", Map.of("sub", "alice")))
            .raw(Map.of("attributes", Map.of()))
            .build();

    assertThat(built)
        .isEqualTo(
            new AuthzRequest(
                FRONTEND,
                ORDERS,
                http,
                true,
                "orders.shop",
                Map.of("route", "orders"),
                Map.of("envoy.filters.http.jwt_authn", Map.of("sub", "alice")),
                Map.of("attributes", Map.of())));
  }

  @Test
  void builder_nullsGiven_normalisedAsByTheConstructor() {
    AuthzRequest built =
        AuthzRequest.builder()
            .source(null)
            .destination(null)
            .requestedServerName(null)
            .context(null)
            .build();

    assertThat(built.source()).isEqualTo(Peer.UNKNOWN);
    assertThat(built.destination()).isEqualTo(Peer.UNKNOWN);
    assertThat(built.requestedServerName()).isEmpty();
    assertThat(built.context()).isEmpty();
  }

  @Test
  void toBuilder_oneComponentChanged_restKept() {
    AuthzRequest original =
        AuthzRequest.builder().source(FRONTEND).destination(ORDERS).mtls(true).build();

    AuthzRequest changed = original.toBuilder().mtls(false).build();

    assertThat(changed)
        .isEqualTo(
            new AuthzRequest(FRONTEND, ORDERS, original.request(), false, "", null, null, null));
  }
}
