package dev.celador.cli.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celador.engine.api.AuthzRequest;
import dev.celador.verify.request.RequestFileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestFileReaderTest {

  private static final String CAMEL_CHECK_REQUEST =
      """
      {
        "attributes": {
          "source": {
            "address": {"socketAddress": {"address": "10.0.0.7", "portValue": 51234}},
            "principal": "spiffe://cluster.local/ns/web/sa/frontend"
          },
          "destination": {
            "address": {"socketAddress": {"address": "10.0.0.9", "portValue": "8080"}},
            "principal": "spiffe://cluster.local/ns/shop/sa/orders"
          },
          "request": {
            "time": "2025-01-31T12:00:00.250Z",
            "http": {
              "id": "4242",
              "method": "GET",
              "headers": {":authority": "orders.shop", "X-Request-Id": "abc"},
              "path": "/api/orders/7?expand=items",
              "host": "orders.shop",
              "scheme": "https",
              "protocol": "HTTP/2",
              "body": "hello"
            }
          },
          "contextExtensions": {"service": "orders"},
          "metadataContext": {"filterMetadata": {"envoy.filters.http.jwt_authn": {"sub": "u1"}}},
          "tlsSession": {"sni": "orders.shop.svc"}
        }
      }
      """;

  private static final String SNAKE_CHECK_REQUEST =
      """
      {
        "attributes": {
          "source": {
            "address": {"socket_address": {"address": "10.0.0.7", "port_value": 51234}},
            "principal": "spiffe://cluster.local/ns/web/sa/frontend"
          },
          "destination": {
            "address": {"socket_address": {"address": "10.0.0.9", "port_value": 8080}},
            "principal": "spiffe://cluster.local/ns/shop/sa/orders"
          },
          "request": {
            "time": "2025-01-31T13:00:00.250+01:00",
            "http": {
              "id": "4242",
              "method": "GET",
              "headers": {":authority": "orders.shop", "X-Request-Id": "abc"},
              "path": "/api/orders/7?expand=items",
              "host": "orders.shop",
              "scheme": "https",
              "protocol": "HTTP/2",
              "raw_body": "aGVsbG8="
            }
          },
          "context_extensions": {"service": "orders"},
          "metadata_context": {"filter_metadata": {"envoy.filters.http.jwt_authn": {"sub": "u1"}}},
          "tls_session": {"sni": "orders.shop.svc"}
        }
      }
      """;

  @TempDir Path dir;

  private final RequestFileReader reader = new RequestFileReader();

  @Test
  void read_checkRequestCamelCase_mapsEveryField() throws IOException {
    AuthzRequest request = reader.read(write("check.json", CAMEL_CHECK_REQUEST));

    assertCheckRequestFields(request);
  }

  @Test
  void read_checkRequestSnakeCase_mapsSameFieldsAsCamelCase() throws IOException {
    AuthzRequest request = reader.read(write("check.json", SNAKE_CHECK_REQUEST));

    assertCheckRequestFields(request);
  }

  private static void assertCheckRequestFields(AuthzRequest request) {
    assertThat(request.source().address()).isEqualTo("10.0.0.7");
    assertThat(request.source().port()).isEqualTo(51234);
    assertThat(request.source().namespace()).isEqualTo("web");
    assertThat(request.destination().port()).isEqualTo(8080);
    assertThat(request.destination().serviceAccount()).isEqualTo("orders");
    assertThat(request.mtls()).isTrue();
    assertThat(request.requestedServerName()).isEqualTo("orders.shop.svc");
    assertThat(request.context()).containsExactly(Map.entry("service", "orders"));
    assertThat(request.metadata())
        .containsEntry("envoy.filters.http.jwt_authn", Map.of("sub", "u1"));
    var http = request.request();
    assertThat(http.method()).isEqualTo("GET");
    assertThat(http.path()).isEqualTo("/api/orders/7?expand=items");
    assertThat(http.urlPath()).isEqualTo("/api/orders/7");
    assertThat(http.host()).isEqualTo("orders.shop");
    assertThat(http.scheme()).isEqualTo("https");
    assertThat(http.protocol()).isEqualTo("HTTP/2");
    assertThat(http.id()).isEqualTo("4242");
    assertThat(http.body()).isEqualTo("hello");
    assertThat(http.partialBody()).isFalse();
    assertThat(http.headers()).containsEntry("x-request-id", "abc");
    assertThat(http.time()).isEqualTo(Instant.parse("2025-01-31T12:00:00.250Z"));
  }

  @Test
  void read_checkRequest_rawHoldsWholeDocument() throws IOException {
    AuthzRequest request = reader.read(write("check.json", CAMEL_CHECK_REQUEST));

    assertThat(request.raw()).containsOnlyKeys("attributes");
    @SuppressWarnings("unchecked")
    Map<String, Object> attributes = (Map<String, Object>) request.raw().get("attributes");
    assertThat(attributes).containsEntry("contextExtensions", Map.of("service", "orders"));
  }

  @Test
  void read_checkRequestHeaderMapWithRawValue_decodesBase64AndJoinsRepeats() throws IOException {
    String encoded = Base64.getEncoder().encodeToString("b=2".getBytes(StandardCharsets.UTF_8));
    String json =
        """
        {"attributes": {"request": {"http": {"method": "POST", "header_map": {"headers": [
          {"key": "Cookie", "value": "a=1"},
          {"key": "cookie", "raw_value": "%s"},
          {"key": "x-envoy-auth-partial-body", "rawValue": "dHJ1ZQ=="}
        ]}}}}}
        """
            .formatted(encoded);

    AuthzRequest request = reader.read(write("check.json", json));

    assertThat(request.request().headers())
        .containsEntry("cookie", "a=1,b=2")
        .containsEntry("x-envoy-auth-partial-body", "true");
    assertThat(request.request().partialBody()).isTrue();
  }

  @Test
  void read_checkRequestWithoutPrincipal_isNotMtls() throws IOException {
    AuthzRequest request = reader.read(write("check.json", "{\"attributes\": {\"source\": {}}}"));

    assertThat(request.mtls()).isFalse();
    assertThat(request.source().principal()).isEmpty();
  }

  @Test
  void read_checkRequestAsYaml_isAccepted() throws IOException {
    String yaml =
        """
        attributes:
          source: {principal: "spiffe://cluster.local/ns/web/sa/frontend"}
          request:
            http: {method: GET, path: /, headers: {x-count: 3}}
        """;

    AuthzRequest request = reader.read(write("check.yaml", yaml));

    assertThat(request.source().namespace()).isEqualTo("web");
    assertThat(request.request().headers()).containsEntry("x-count", "3");
    assertThat(request.raw()).containsKey("attributes");
  }

  @Test
  void read_compactYaml_mapsEveryField() throws IOException {
    String yaml =
        """
        source: {namespace: web, serviceAccount: frontend, address: 10.0.0.7, port: 51234}
        destination: {principal: "spiffe://cluster.local/ns/shop/sa/orders"}
        request:
          method: GET
          path: /api/orders?page=2
          host: orders.shop
          scheme: http
          protocol: HTTP/1.1
          headers: {X-Request-Id: abc, accept: [text/html, application/json]}
          body: "{}"
          id: "17"
          time: 2025-01-31T12:00:00Z
        context: {service: orders}
        connection: {mtls: false, requestedServerName: orders.shop.svc}
        """;

    AuthzRequest request = reader.read(write("request.yaml", yaml));

    assertThat(request.source().principal()).isEqualTo("spiffe://cluster.local/ns/web/sa/frontend");
    assertThat(request.source().address()).isEqualTo("10.0.0.7");
    assertThat(request.source().port()).isEqualTo(51234);
    assertThat(request.destination().serviceAccount()).isEqualTo("orders");
    assertThat(request.request().query()).isEqualTo("page=2");
    assertThat(request.request().headers())
        .containsEntry("x-request-id", "abc")
        .containsEntry("accept", "text/html,application/json");
    assertThat(request.request().body()).isEqualTo("{}");
    assertThat(request.request().id()).isEqualTo("17");
    assertThat(request.request().time()).isEqualTo(Instant.parse("2025-01-31T12:00:00Z"));
    assertThat(request.context()).containsEntry("service", "orders");
    assertThat(request.mtls()).isFalse();
    assertThat(request.requestedServerName()).isEqualTo("orders.shop.svc");
    assertThat(request.raw()).isEmpty();
  }

  @Test
  void read_compactJsonWithSourcePrincipal_defaultsToMtls() throws IOException {
    String json =
        "{\"source\": {\"principal\": \"spiffe://cluster.local/ns/a/sa/b\"},"
            + " \"request\": {\"method\": \"GET\"}}";

    AuthzRequest request = reader.read(write("request.json", json));

    assertThat(request.mtls()).isTrue();
  }

  @Test
  void read_compactUnknownTopLevelField_errorNamesFileFieldAndPosition() throws IOException {
    Path file = write("request.yaml", "source: {principal: x}\nrequets:\n  method: GET\n");

    assertThatThrownBy(() -> reader.read(file))
        .isInstanceOf(RequestFileException.class)
        .hasMessageStartingWith(file + ":2:1: unknown field 'requets'")
        .hasMessageContaining("expected one of: connection, context, destination");
  }

  @Test
  void read_compactUnknownNestedField_errorNamesDottedPath() throws IOException {
    Path file =
        write("request.json", "{\n  \"request\": {\"method\": \"GET\", \"pathh\": \"/\"}\n}");

    assertThatThrownBy(() -> reader.read(file))
        .isInstanceOf(RequestFileException.class)
        .hasMessageStartingWith(file + ":2:32: unknown field 'request.pathh'");
  }

  @Test
  void read_compactPrincipalAndNamespace_rejected() throws IOException {
    Path file =
        write(
            "request.yaml",
            "source:\n  principal: spiffe://x\n  namespace: a\n  serviceAccount: b\n");

    assertThatThrownBy(() -> reader.read(file))
        .hasMessageStartingWith(file + ":3:14: give either 'source.principal'");
  }

  @Test
  void read_compactNamespaceWithoutServiceAccount_rejected() throws IOException {
    Path file = write("request.yaml", "destination: {namespace: shop}\n");

    assertThatThrownBy(() -> reader.read(file))
        .hasMessage(file + ":1:26: 'destination.namespace' needs 'destination.serviceAccount' too");
  }

  @Test
  void read_compactWrongType_errorNamesFieldAndKind() throws IOException {
    Path file = write("request.yaml", "request:\n  headers: [a, b]\n");

    assertThatThrownBy(() -> reader.read(file))
        .hasMessage(file + ":2:12: 'request.headers' must be an object, found a list");
  }

  @Test
  void read_badTimestamp_errorNamesFormat() throws IOException {
    Path file = write("request.yaml", "request: {time: yesterday}\n");

    assertThatThrownBy(() -> reader.read(file))
        .hasMessageStartingWith(file + ":1:17: 'request.time' must be an RFC 3339 timestamp");
  }

  @Test
  void read_invalidJson_errorHasLineAndColumn() throws IOException {
    Path file = write("request.json", "{\n  \"request\": {\"method\": \"GET\",}\n}\n");

    assertThatThrownBy(() -> reader.read(file))
        .isInstanceOf(RequestFileException.class)
        .hasMessageStartingWith(file + ":2:31: invalid JSON: ");
  }

  @Test
  void read_duplicateJsonKey_rejected() throws IOException {
    Path file = write("request.json", "{\"context\": {}, \"context\": {}}");

    assertThatThrownBy(() -> reader.read(file))
        .hasMessageStartingWith(file + ":1:")
        .hasMessageContaining("Duplicate");
  }

  @Test
  void read_invalidYaml_errorHasLineAndColumn() throws IOException {
    Path file = write("request.yaml", "request:\n  method: GET\n  path: [unclosed\n");

    assertThatThrownBy(() -> reader.read(file))
        .isInstanceOf(RequestFileException.class)
        .hasMessageMatching("\\Q" + file + "\\E:\\d+:\\d+: invalid YAML: .*");
  }

  @Test
  void read_topLevelList_rejected() throws IOException {
    Path file = write("request.json", "[1, 2]");

    assertThatThrownBy(() -> reader.read(file))
        .hasMessage(file + ":1:1: a request file must hold an object, found a list");
  }

  @Test
  void read_emptyFile_rejected() throws IOException {
    Path file = write("request.yaml", "");

    assertThatThrownBy(() -> reader.read(file)).hasMessage(file + ": the file is empty");
  }

  @Test
  void read_fileOverOneMiB_rejectedWithTheLimit() throws IOException {
    Path file = write("big.json", "{\"context\": {\"k\": \"" + "x".repeat(1024 * 1024) + "\"}}");

    assertThatThrownBy(() -> reader.read(file))
        .isInstanceOf(RequestFileException.class)
        .hasMessage(file + ": file is larger than the limit of 1048576 bytes (1 MiB)");
  }

  @Test
  void read_missingFile_errorNamesFile() {
    Path file = dir.resolve("absent.json");

    assertThatThrownBy(() -> reader.read(file)).hasMessage(file + ": no such file");
  }

  @Test
  void read_notUtf8_rejected() throws IOException {
    Path file = dir.resolve("latin1.yaml");
    Files.write(file, new byte[] {'a', ':', ' ', (byte) 0xE9});

    assertThatThrownBy(() -> reader.read(file))
        .hasMessage(file + ": not UTF-8 text: a bad byte at offset 3 (line 1)");
  }

  @Test
  void read_multipleYamlDocuments_rejected() throws IOException {
    Path file = write("request.yaml", "context: {}\n---\ncontext: {}\n");

    assertThatThrownBy(() -> reader.read(file))
        .hasMessageContaining("a request file holds one YAML document, found 2");
  }

  @Test
  void read_camelAndSnakeSpellingOfSameField_rejected() throws IOException {
    Path file =
        write("request.yaml", "connection: {requestedServerName: a, requested_server_name: b}\n");

    assertThatThrownBy(() -> reader.read(file)).hasMessageContaining("is given twice");
  }

  @Test
  void read_portOutOfRange_rejected() throws IOException {
    Path file = write("request.yaml", "source: {port: 70000}\n");

    assertThatThrownBy(() -> reader.read(file))
        .hasMessage(file + ":1:16: 'source.port' must be between 0 and 65535, found 70000");
  }

  @Test
  void read_checkRequestNumbers_areDoublesInRaw_asServeDecodesThem() throws IOException {
    AuthzRequest request =
        reader.read(write("r.json", "{\"attributes\": {}, \"n\": [1, 2.5, 99999999999999999999]}"));

    // serve decodes the wire request through a protobuf Struct, whose numbers are doubles.
    assertThat(request.raw().get("n")).isEqualTo(List.of(1.0, 2.5, 1.0E20));
  }

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }
}
