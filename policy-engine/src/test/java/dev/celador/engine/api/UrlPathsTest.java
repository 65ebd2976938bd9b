package dev.celador.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlPathsTest {

  @ParameterizedTest
  @CsvSource({
    "/api/orders, /api/orders",
    "/api/orders/, /api/orders/",
    "/, /",
    "*, *",
    "/api/orders/../../admin, /admin",
    "/api/orders/../../admin/delete-all, /admin/delete-all",
    "/../../etc, /etc",
    "/a/b/.., /a/",
    "/a/./b/., /a/b/",
    "/a//b///c, /a/b/c",
    "//admin, /admin",
    "/api/orders%2F..%2F..%2Fadmin, /admin",
    "/api/orders%2f..%2f..%2fadmin, /admin",
    "/api/orders%5C..%5C..%5Cadmin, /admin",
    "/api/orders\\..\\..\\admin, /admin",
    "/api/%2e%2e/admin, /admin",
    "/%61pi/orders, /api/orders",
    "/a%7Eb, /a~b",
    "/a%2520b, /a%2520b",
    "/a%3fb, /a%3Fb",
    "/a%zz, /a%zz",
    "/a%2, /a%2",
  })
  void normalize_path_isWhereAnUpstreamLands(String raw, String normalised) {
    assertThat(UrlPaths.normalize(raw)).isEqualTo(normalised);
  }

  @ParameterizedTest
  @CsvSource({
    "deny.lab, deny.lab",
    "deny.lab., deny.lab",
    "Deny.Lab.:8443, deny.lab",
    "a.wild.lab., a.wild.lab",
    "[::1]:80, [::1]",
    "orders.shop:8080, orders.shop",
  })
  void hostWithoutPort_trailingDotPortAndCase_removed(String host, String matched) {
    HttpAttributes request = HttpAttributes.builder().method("GET").path("/").host(host).build();

    assertThat(request.hostWithoutPort()).isEqualTo(matched);
  }
}
