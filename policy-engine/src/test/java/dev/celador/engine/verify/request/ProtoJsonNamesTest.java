package dev.celador.engine.verify.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProtoJsonNamesTest {

  @Test
  void jsonName_protoFieldNames_areProtocsJsonNames() {
    assertThat(ProtoJsonNames.jsonName("socket_address")).isEqualTo("socketAddress");
    assertThat(ProtoJsonNames.jsonName("port_value")).isEqualTo("portValue");
    assertThat(ProtoJsonNames.jsonName("typed_filter_metadata")).isEqualTo("typedFilterMetadata");
    assertThat(ProtoJsonNames.jsonName("ipv4_compat")).isEqualTo("ipv4Compat");
    assertThat(ProtoJsonNames.jsonName("principal")).isEqualTo("principal");
    assertThat(ProtoJsonNames.jsonName("headerMap")).isEqualTo("headerMap");
  }

  @Test
  void canonical_mapFieldsAndStructs_keepTheirKeys_messagesInListsAreRenamed() {
    Map<String, Object> http =
        Map.of(
            "headers", Map.of("x_custom_header", "v"),
            "header_map", Map.of("headers", List.of(Map.of("key", "k", "raw_value", "dg=="))));
    Map<String, Object> request =
        Map.of(
            "context_extensions", Map.of("virtual_host", "orders"),
            "metadata_context",
                Map.of("filter_metadata", Map.of("envoy.lua", Map.of("shadow_result", "denied"))),
            "request", Map.of("http", http));

    Map<String, Object> canonical = ProtoJsonNames.canonical(request);

    assertThat(canonical)
        .containsEntry("contextExtensions", Map.of("virtual_host", "orders"))
        .containsEntry(
            "metadataContext",
            Map.of("filterMetadata", Map.of("envoy.lua", Map.of("shadow_result", "denied"))))
        .containsEntry(
            "request",
            Map.of(
                "http",
                Map.of(
                    "headers",
                    Map.of("x_custom_header", "v"),
                    "headerMap",
                    Map.of("headers", List.of(Map.of("key", "k", "rawValue", "dg=="))))));
  }
}
