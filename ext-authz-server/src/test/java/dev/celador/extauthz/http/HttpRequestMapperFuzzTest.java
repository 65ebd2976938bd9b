package dev.celador.extauthz.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.celador.engine.LoadResult;
import dev.celador.engine.PolicyEngine;
import dev.celador.engine.api.AuthzRequest;
import dev.celador.extauthz.Authorizer;
import dev.celador.extauthz.CostlyLane;
import dev.celador.extauthz.DecisionListener;
import dev.celador.extauthz.InvalidRequestException;
import dev.celador.extauthz.Transport;
import dev.celador.extauthz.Verdict;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Any bytes sent to the HTTP-mode port: Netty's decoder with the server's limits, then {@link
 * HttpRequestMapper} as Envoy's HTTP mode (with a path prefix) and as nginx {@code auth_request}
 * (trusting the X-Original-* headers), then a decision on the example policies. Contract: a request
 * the decoder accepts maps to a request whose path starts with '/', or to {@link
 * InvalidRequestException}; deciding it never ends in an internal error, and the answer can be
 * written.
 *
 * <p>Seeds: {@code HttpRequestMapperFuzzTestInputs/map_anyRequestBytes_mapsOrRejects/}.
 */
class HttpRequestMapperFuzzTest {

  private static final InetSocketAddress REMOTE = new InetSocketAddress("10.0.0.1", 40000);
  private static final List<HttpRequestMapper> MAPPERS =
      List.of(new HttpRequestMapper("/authz", false), new HttpRequestMapper("", true));
  private static final Authorizer AUTHORIZER =
      new Authorizer(examples(), DecisionListener.NONE, new CostlyLane(1, 128));
  private static final HttpResponseMapper RESPONSES = new HttpResponseMapper();

  @FuzzTest(maxDuration = "20s")
  void map_anyRequestBytes_mapsOrRejects(byte[] input) {
    NettyHttpServer.Limits limits = NettyHttpServer.Limits.DEFAULT;
    EmbeddedChannel channel =
        new EmbeddedChannel(
            new HttpServerCodec(
                new HttpDecoderConfig()
                    .setMaxInitialLineLength(limits.maxInitialLineBytes())
                    .setMaxHeaderSize(limits.maxHeaderBytes())),
            new HttpObjectAggregator(limits.maxBodyBytes()),
            new ChannelInboundHandlerAdapter() {
              @Override
              public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                // Garbage or a connection closed mid-request: the server drops the connection.
              }
            });
    try {
      channel.writeInbound(Unpooled.wrappedBuffer(input));
      for (Object read = channel.readInbound(); read != null; read = channel.readInbound()) {
        FullHttpRequest request = (FullHttpRequest) read;
        try {
          // The server answers 400 or 431 to what the decoder refused, before any mapping.
          if (request.decoderResult().isSuccess()) {
            MAPPERS.forEach(mapper -> check(mapper, request));
          }
        } finally {
          request.release();
        }
      }
    } finally {
      channel.finishAndReleaseAll();
    }
  }

  private static void check(HttpRequestMapper mapper, FullHttpRequest request) {
    AuthzRequest mapped;
    try {
      mapped = mapper.map(request, REMOTE);
    } catch (InvalidRequestException e) {
      return;
    }
    assertThat(mapped.request().path()).startsWith("/");
    CompletableFuture<Verdict> answer = new CompletableFuture<>();
    AUTHORIZER.authorize(Transport.HTTP, () -> mapped, answer::complete);
    Verdict verdict = answer.orTimeout(10, TimeUnit.SECONDS).join();
    assertThat(verdict.failure()).as(verdict.detail()).isNotEqualTo(Verdict.Failure.INTERNAL);
    FullHttpResponse response = RESPONSES.toResponse(verdict);
    response.release();
  }

  private static PolicyEngine examples() {
    PolicyEngine engine = PolicyEngine.create(Clock.systemUTC());
    LoadResult loaded = engine.reload(List.of(Path.of("../policies/examples")));
    if (loaded.hasErrors()) {
      throw new IllegalStateException("example policies do not load:\n" + loaded.render());
    }
    return engine;
  }
}
