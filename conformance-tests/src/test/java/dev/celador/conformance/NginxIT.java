package dev.celador.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real nginx (Debian package) in front of a small upstream, asking Celador's HTTP mode through
 * {@code auth_request}. CI installs nginx (.ci/run) and this test fails there without it; on a
 * developer machine without nginx it is skipped with a message saying so.
 */
class NginxIT {

  static final String POLICIES =
      """
      apiVersion: celador.dev/v1alpha1
      kind: AccessPolicy
      metadata: {name: public-reads}
      spec:
        action: ALLOW
        rules:
          - name: public
            when: request.url_path.startsWith("/public") && request.method == "GET"
          - name: private-with-token
            when: request.url_path.startsWith("/private") && "authorization" in request.headers
        allowResponse:
          headers:
            x-celador-caller: '"caller-" + request.method + "-" + request.url_path'
      ---
      apiVersion: celador.dev/v1alpha1
      kind: AccessPolicy
      metadata: {name: login}
      spec:
        action: DENY
        rules:
          - name: private-needs-token
            when: request.url_path.startsWith("/private") && !("authorization" in request.headers)
        denyResponse: {status: 401, message: "log in first"}
      """;

  @TempDir Path work;

  static Path nginx() {
    for (String candidate : new String[] {"/usr/sbin/nginx", "/usr/bin/nginx"}) {
      if (Files.isExecutable(Path.of(candidate))) {
        return Path.of(candidate);
      }
    }
    if ("true".equals(System.getenv("CI"))) {
      throw new AssertionError("nginx is not installed; .ci/run must apt-get install nginx");
    }
    System.err.println(
        "NginxIT SKIPPED: nginx is not installed (apt-get install nginx); CI runs this test.");
    Assumptions.abort("nginx not installed");
    return null;
  }

  @Test
  void authRequest_allowedAndDenied_upstreamGetsInjectedHeadersClientGetsCeladorStatus()
      throws Exception {
    Path nginx = nginx();
    Path policies = Files.createDirectories(work.resolve("policies"));
    Files.writeString(policies.resolve("p.yaml"), POLICIES);
    HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    upstream.createContext(
        "/",
        exchange -> {
          String caller = exchange.getRequestHeaders().getFirst("X-Celador-Caller");
          byte[] body = ("upstream saw caller=" + caller).getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    upstream.start();
    int nginxPort = CeladorProcess.freePort();
    Process nginxProcess = null;
    try (CeladorProcess celador =
        CeladorProcess.startReady(
            policies,
            work,
            "celador.warmup.duration=300ms",
            "celador.http.trust-original-headers=true")) {
      Path conf = work.resolve("nginx.conf");
      Files.createDirectories(work.resolve("tmp"));
      Files.writeString(
          conf, config(work, nginxPort, celador.httpPort, upstream.getAddress().getPort()));
      nginxProcess =
          new ProcessBuilder(nginx.toString(), "-p", work.toString(), "-c", conf.toString())
              .redirectErrorStream(true)
              .redirectOutput(work.resolve("nginx.out").toFile())
              .start();
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      awaitListening(client, nginxPort, nginxProcess);

      HttpResponse<String> allowed =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nginxPort + "/public/a?x=1"))
                  .header("X-Celador-Caller", "spoofed-admin")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(allowed.statusCode()).isEqualTo(200);
      assertThat(allowed.body()).isEqualTo("upstream saw caller=caller-GET-/public/a");

      HttpResponse<String> unauthenticated =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nginxPort + "/private/b"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(unauthenticated.statusCode()).isEqualTo(401);

      HttpResponse<String> withToken =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nginxPort + "/private/b"))
                  .header("Authorization", "Bearer t")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(withToken.statusCode()).isEqualTo(200);

      HttpResponse<String> forbidden =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nginxPort + "/other"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(forbidden.statusCode()).isEqualTo(403);
      assertThat(forbidden.body()).doesNotContain("upstream saw");
    } finally {
      if (nginxProcess != null) {
        nginxProcess.destroy();
        nginxProcess.waitFor(10, TimeUnit.SECONDS);
        nginxProcess.destroyForcibly();
      }
      upstream.stop(0);
    }
  }

  private static void awaitListening(HttpClient client, int port, Process nginx) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      if (!nginx.isAlive()) {
        throw new AssertionError("nginx exited with " + nginx.exitValue());
      }
      try {
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/public/ping")).build(),
            HttpResponse.BodyHandlers.discarding());
        return;
      } catch (java.io.IOException e) {
        Thread.sleep(50);
      }
    }
    throw new AssertionError("nginx did not start listening");
  }

  static String config(Path work, int port, int celadorHttp, int upstream) {
    boolean root = "root".equals(System.getProperty("user.name"));
    return (root ? "user root;\n" : "")
        + """
        worker_processes 1;
        daemon off;
        master_process on;
        pid %1$s/nginx.pid;
        error_log %1$s/error.log warn;
        events { worker_connections 64; }
        http {
          access_log off;
          client_body_temp_path %1$s/tmp/body;
          proxy_temp_path %1$s/tmp/proxy;
          fastcgi_temp_path %1$s/tmp/fastcgi;
          uwsgi_temp_path %1$s/tmp/uwsgi;
          scgi_temp_path %1$s/tmp/scgi;
          server {
            listen 127.0.0.1:%2$d;
            location / {
              auth_request /_celador;
              auth_request_set $celador_caller $upstream_http_x_celador_caller;
              proxy_set_header X-Celador-Caller $celador_caller;
              proxy_pass http://127.0.0.1:%4$d;
            }
            location = /_celador {
              internal;
              proxy_pass http://127.0.0.1:%3$d;
              proxy_pass_request_body off;
              proxy_set_header Content-Length "";
              proxy_set_header X-Original-URI $request_uri;
              proxy_set_header X-Original-Method $request_method;
              proxy_set_header X-Original-Host $host;
              proxy_set_header X-Real-IP $remote_addr;
            }
          }
        }
        """
            .formatted(work, port, celadorHttp, upstream);
  }
}
