package dev.celador.engine.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpAttributesTest {

  private static HttpAttributes withHeaders(Map<String, String> headers) {
    return new HttpAttributes("GET", "/", "h", "https", "HTTP/2", headers, "", "", false, null);
  }

  @Test
  void headers_mixedCase_lowerCasedAndCollisionsJoined() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Tenant", "acme");
    headers.put("x-tenant", "other");
    headers.put("accept", "*/*");

    Map<String, String> kept = withHeaders(headers).headers();

    assertThat(kept).containsOnlyKeys("x-tenant", "accept");
    assertThat(kept.get("x-tenant").split(",")).containsExactlyInAnyOrder("acme", "other");
  }

  @Test
  void headers_lowerCase_copiedSoLaterChangesDoNotLeakIn() {
    Map<String, String> headers = new LinkedHashMap<>(Map.of("x-tenant", "acme"));

    HttpAttributes request = withHeaders(headers);
    headers.put("x-tenant", "changed");

    assertThat(request.headers()).containsExactly(Map.entry("x-tenant", "acme"));
  }

  @Test
  void headers_wrappedLowerCase_keptWithoutCopy() {
    Map<String, String> wrapped = LowerCaseHeaders.wrapIfLowerCase(Map.of("x-tenant", "acme"));

    assertThat(wrapped).isInstanceOf(LowerCaseHeaders.class);
    assertThat(withHeaders(wrapped).headers()).isSameAs(wrapped).containsEntry("x-tenant", "acme");
  }

  @Test
  void wrapIfLowerCase_upperCaseKey_notWrappedAndNormalizedLater() {
    Map<String, String> raw = Map.of("X-Tenant", "acme");

    Map<String, String> wrapped = LowerCaseHeaders.wrapIfLowerCase(raw);

    assertThat(wrapped).isNotInstanceOf(LowerCaseHeaders.class);
    assertThat(withHeaders(wrapped).headers()).containsExactly(Map.entry("x-tenant", "acme"));
  }
}
