package dev.celador.verify.request;

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
  void canonical_mapFieldsAndStructs_keepTheirKeys_messagesInListsAreRenamed_numbersDoubles() {
    InputNode request =
        new YamlTreeReader("request.json")
            .read(
                """
                {"context_extensions": {"virtual_host": "orders"},
                 "metadata_context": {"filter_metadata": {"envoy.lua": {"shadow_result": "denied"}}},
                 "request": {"http": {
                   "headers": {"x_custom_header": "v"},
                   "header_map": {"headers": [{"key": "k", "raw_value": "dg=="}]}}},
                 "source": {"address": {"socket_address": {"port_value": 8080}}}}
                """);

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
                    Map.of("headers", List.of(Map.of("key", "k", "rawValue", "dg=="))))))
        .containsEntry(
            "source", Map.of("address", Map.of("socketAddress", Map.of("portValue", 8080.0))));
  }
}
