package dev.celador.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README tour over the packaged {@code celador serve} in Envoy's HTTP mode: with the identity
 * settings, the frontend's DELETE is denied by {@code shop/no-deletes} and its read allowed by
 * {@code shop/orders-rbac}; without them, serve warns that those policies cannot apply.
 */
class HttpIdentityIT {

  private static final Path EXAMPLES = Path.of("../policies/examples");
  private static final Map<String, String> ENVOY =
      Map.of(
          "x-celador-destination", "spiffe://cluster.local/ns/shop/sa/orders",
          "x-forwarded-client-cert", "URI=spiffe://cluster.local/ns/web/sa/frontend");

  @TempDir Path work;

  private static HttpResponse<String> send(CeladorProcess celador, String method, String path)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + celador.httpPort + path))
            .method(method, HttpRequest.BodyPublishers.noBody());
    ENVOY.forEach(b::header);
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void httpMode_identitiesConfigured_tourDeleteDeniedAndReadAllowed() throws Exception {
    try (CeladorProcess celador =
        CeladorProcess.startReady(
            EXAMPLES,
            work,
            "celador.warmup.duration=300ms",
            "celador.http.identity.xfcc=true",
            "celador.http.identity.destination-header=x-celador-destination")) {
      HttpResponse<String> delete = send(celador, "DELETE", "/api/orders/1");
      HttpResponse<String> read = send(celador, "GET", "/api/orders/1");
      HttpResponse<String> climb = send(celador, "GET", "/api/orders/%2e%2e/%2e%2e/admin");

      assertThat(delete.statusCode()).isEqualTo(403);
      assertThat(delete.body())
          .contains("shop: deletes are reserved for the ops admin service account");
      assertThat(read.statusCode()).isEqualTo(200);
      assertThat(read.headers().firstValue("x-celador-caller"))
          .hasValue("spiffe://cluster.local/ns/web/sa/frontend");
      assertThat(climb.statusCode()).as("judged as /admin").isEqualTo(403);
      assertThat(celador.get("/readyz").body()).doesNotContain("warnings");
    }
  }

  @Test
  void httpMode_noIdentities_serveWarnsAtStartAndInReadyz() throws Exception {
    try (CeladorProcess celador =
        CeladorProcess.startReady(EXAMPLES, work, "celador.warmup.duration=300ms")) {
      String readyz = celador.get("/readyz").body();

      assertThat(readyz)
          .contains("\"ready\":true")
          .contains("\"warnings\":[")
          .contains("HTTP mode knows no destination workload")
          .contains("shop/no-deletes");
      assertThat(celador.log())
          .contains("\"level\":\"warn\"")
          .contains("HTTP mode knows no caller identity");
      assertThat(send(celador, "DELETE", "/api/orders/1").statusCode())
          .as("nothing selects the request: the default action")
          .isEqualTo(200);
    }
  }

  @Test
  void serve_emptyPolicyDirectory_notReadyUnlessAllowed() throws Exception {
    Path empty = java.nio.file.Files.createDirectories(work.resolve("empty"));
    try (CeladorProcess celador =
        CeladorProcess.start(
            empty,
            java.nio.file.Files.createDirectories(work.resolve("a")),
            "celador.warmup.duration=0ms")) {
      // Wait for the first load to show in /readyz, then check it stays unready.
      long deadline = System.nanoTime() + 60_000_000_000L;
      String readyz = "";
      while (System.nanoTime() < deadline && !readyz.contains("notReady")) {
        readyz = celador.get("/readyz").body();
        Thread.sleep(100);
      }
      assertThat(readyz).contains("\"ready\":false").contains("celador.policies.allow-empty");
      assertThat(celador.readyzStatus()).isEqualTo(503);
    }
    try (CeladorProcess celador =
        CeladorProcess.startReady(
            empty,
            java.nio.file.Files.createDirectories(work.resolve("b")),
            "celador.warmup.duration=0ms",
            "celador.policies.allow-empty=true")) {
      assertThat(celador.readyzStatus()).isEqualTo(200);
    }
  }
}
