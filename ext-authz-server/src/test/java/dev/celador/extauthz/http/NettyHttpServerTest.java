package dev.celador.extauthz.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class NettyHttpServerTest {

  /** Answers /slow/N after N ms on another thread and everything else at once. */
  private static CompletableFuture<FullHttpResponse> answer(String uri) {
    FullHttpResponse response = NettyHttpServer.text(HttpResponseStatus.OK, "text/plain", uri);
    if (!uri.startsWith("/slow/")) {
      return CompletableFuture.completedFuture(response);
    }
    long delay = Long.parseLong(uri.substring("/slow/".length()));
    return CompletableFuture.supplyAsync(
        () -> response, CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS));
  }

  @Test
  void handle_pipelinedRequestsAnsweredOutOfOrder_responsesLeaveInRequestOrder() throws Exception {
    try (NettyHttpServer server =
            NettyHttpServer.start(
                new InetSocketAddress("127.0.0.1", 0),
                1,
                NettyHttpServer.Limits.DEFAULT,
                null,
                (request, remote) -> answer(request.uri()));
        Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      String pipelined =
          "GET /slow/300 HTTP/1.1\r\nhost: a\r\n\r\n"
              + "GET /fast HTTP/1.1\r\nhost: a\r\n\r\n"
              + "GET /slow/50 HTTP/1.1\r\nhost: a\r\n\r\n"
              + "GET /last HTTP/1.1\r\nhost: a\r\nconnection: close\r\n\r\n";
      socket.getOutputStream().write(pipelined.getBytes(StandardCharsets.US_ASCII));

      String all = readAll(socket.getInputStream());

      Matcher bodies = Pattern.compile("\r\n\r\n(/[a-z0-9/]+)").matcher(all);
      StringBuilder order = new StringBuilder();
      while (bodies.find()) {
        order.append(bodies.group(1)).append(' ');
      }
      assertThat(order.toString().trim()).isEqualTo("/slow/300 /fast /slow/50 /last");
    }
  }

  private static String readAll(InputStream in) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toString(StandardCharsets.US_ASCII);
  }
}
