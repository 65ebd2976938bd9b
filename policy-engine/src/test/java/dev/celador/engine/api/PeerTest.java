package dev.celador.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PeerTest {

  @ParameterizedTest
  @CsvSource({
    "spiffe://cluster.local/ns/shop/sa/orders, shop, orders",
    "spiffe://cluster.local/sa/orders/ns/shop, shop, orders",
    "spiffe://td/ns/shop, shop, ''",
    "spiffe://td/ns/, '', ''",
    "spiffe://td/nsx/shop/sa/orders, '', orders",
    "spiffe://td, '', ''",
    "https://td/ns/shop/sa/orders, '', ''",
    "'', '', ''",
  })
  void namespaceAndServiceAccount_fromSpiffeId(String principal, String namespace, String sa) {
    Peer peer = new Peer("", 0, principal);
    assertThat(peer.namespace()).isEqualTo(namespace);
    assertThat(peer.serviceAccount()).isEqualTo(sa);
  }
}
