package dev.celador.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpAttributesTest {

  private static HttpAttributes withHeaders(Map<String, String> headers) {
    return HttpAttributes.builder()
        .method("GET")
        .path("/")
        .host("h")
        .scheme("https")
        .protocol("HTTP/2")
        .headers(headers)
        .build();
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

  @Test
  void builder_nothingSet_emptyStringsNoHeadersAndNoTime() {
    HttpAttributes empty = HttpAttributes.builder().build();

    assertThat(empty)
        .isEqualTo(new HttpAttributes("", "", "", "", "", Map.of(), "", "", false, null));
  }

  @Test
  void builder_everyComponentSet_sameAsCanonicalConstructor() {
    Instant at = Instant.parse("2026-11-27T12:00:00Z");

    HttpAttributes built =
        HttpAttributes.builder()
            .method("POST")
            .path("/a?b=c")
            .host("orders.shop")
            .scheme("https")
            .protocol("HTTP/2")
            .headers(Map.of("X-Tenant", "acme"))
            .id("req-1")
            .body("{}")
            .partialBody(true)
            .time(at)
            .build();

    assertThat(built)
        .isEqualTo(
            new HttpAttributes(
                "POST",
                "/a?b=c",
                "orders.shop",
                "https",
                "HTTP/2",
                Map.of("x-tenant", "acme"),
                "req-1",
                "{}",
                true,
                at));
  }

  @Test
  void toBuilder_onePathChanged_restKept() {
    HttpAttributes original = withHeaders(Map.of("x-tenant", "acme"));

    HttpAttributes changed = original.toBuilder().path("/other").build();

    assertThat(changed.path()).isEqualTo("/other");
    assertThat(changed.toBuilder().path(original.path()).build()).isEqualTo(original);
  }
}
