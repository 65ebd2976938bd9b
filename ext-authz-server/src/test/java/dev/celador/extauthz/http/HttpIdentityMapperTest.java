package dev.celador.extauthz.http;

import static dev.celador.extauthz.http.HttpMapperTest.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.api.AuthzRequest;
import java.net.InetSocketAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** HTTP mode's identities: only from the sources {@link HttpIdentity} trusts. */
class HttpIdentityMapperTest {

  private static final InetSocketAddress REMOTE = new InetSocketAddress("127.0.0.1", 5555);
  private static final String FRONTEND = "spiffe://cluster.local/ns/web/sa/frontend";
  private static final String ORDERS = "spiffe://cluster.local/ns/shop/sa/orders";
  private static final Map<String, String> HEADERS =
      Map.of(
          "x-forwarded-client-cert",
          "By=" + ORDERS + ";URI=" + FRONTEND,
          "x-celador-destination",
          "spiffe://cluster.local/ns/billing/sa/api");

  private static AuthzRequest map(HttpIdentity identity) {
    return new HttpRequestMapper("", false, identity).map(get("/api", HEADERS), REMOTE);
  }

  @Test
  void map_nothingTrusted_identitiesUnknownWhateverTheHeaders() {
    AuthzRequest r = map(HttpIdentity.NONE);

    assertThat(r.source().principal()).isEmpty();
    assertThat(r.destination().principal()).isEmpty();
    assertThat(r.mtls()).isFalse();
  }

  @Test
  void map_xfccTrusted_sourceFromUriSanAndMtls() {
    AuthzRequest r = map(new HttpIdentity(true, "", ""));

    assertThat(r.source().principal()).isEqualTo(FRONTEND);
    assertThat(r.source().namespace()).isEqualTo("web");
    assertThat(r.mtls()).isTrue();
  }

  @Test
  void map_configuredDestination_isTheDestination() {
    AuthzRequest r = map(new HttpIdentity(false, ORDERS, ""));

    assertThat(r.destination().principal()).isEqualTo(ORDERS);
    assertThat(r.destination().namespace()).isEqualTo("shop");
  }

  @Test
  void map_destinationHeaderConfigured_winsOverTheStaticDestination() {
    AuthzRequest r = map(new HttpIdentity(false, ORDERS, "X-Celador-Destination"));

    assertThat(r.destination().namespace()).isEqualTo("billing");
  }

  @Test
  void map_destinationHeaderConfiguredButAbsent_fallsBackToTheStaticDestination() {
    AuthzRequest r =
        new HttpRequestMapper("", false, new HttpIdentity(false, ORDERS, "x-celador-destination"))
            .map(get("/api", Map.of()), REMOTE);

    assertThat(r.destination().principal()).isEqualTo(ORDERS);
  }
}
