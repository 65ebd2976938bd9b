package dev.celador.extauthz.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ForwardedClientCertTest {

  private static final String FRONTEND = "spiffe://cluster.local/ns/web/sa/frontend";

  @Test
  void parse_envoySanitizeSetElement_readsUri() {
    String header =
        "By=spiffe://cluster.local/ns/shop/sa/orders;Hash=468ed33be74eee6556d90c0149c1309e9ba61d6425303443c0748a02dd8de688;Subject=\"CN=frontend,O=web\";URI="
            + FRONTEND
            + ";DNS=frontend.web";

    assertThat(ForwardedClientCert.parse(header).uri()).isEqualTo(FRONTEND);
  }

  @Test
  void parse_appendedElements_lastOneIsTheImmediateClient() {
    String header =
        "By=spiffe://a;URI=spiffe://cluster.local/ns/evil/sa/x,By=spiffe://b;URI=" + FRONTEND;

    assertThat(ForwardedClientCert.parse(header).uri()).isEqualTo(FRONTEND);
  }

  @Test
  void parse_quotedValueWithSeparatorsAndEscapedQuote_isOneValue() {
    String header = "Subject=\"CN=a;b,c \\\"q\\\"\";URI=\"" + FRONTEND + "\"";

    assertThat(ForwardedClientCert.elements(header))
        .singleElement()
        .satisfies(
            pairs -> {
              assertThat(pairs).containsEntry("subject", "CN=a;b,c \"q\"");
              assertThat(pairs).containsEntry("uri", FRONTEND);
            });
  }

  @Test
  void parse_keysAnyCase_firstUriOfTheElementWins() {
    assertThat(ForwardedClientCert.parse("uri=" + FRONTEND + ";URI=spiffe://other").uri())
        .isEqualTo(FRONTEND);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"URI=\"unterminated", "=value", "Hash=abc"})
  void parse_absentMalformedOrWithoutUri_isUnknown(String header) {
    assertThat(ForwardedClientCert.parse(header).uri()).isEmpty();
  }

  @Test
  void parse_oversized_isUnknown() {
    String header = "URI=" + FRONTEND + ";Cert=" + "A".repeat(ForwardedClientCert.MAX_LENGTH);

    assertThat(ForwardedClientCert.parse(header).uri()).isEmpty();
  }
}
