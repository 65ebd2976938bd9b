package dev.celador.extauthz.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A small HTTP/1.1 server with hard limits on the request line, headers and body, for Envoy's HTTP
 * mode, nginx {@code auth_request} and the management port. Requests that break a limit or do not
 * parse get a 4xx and the connection is closed; they never reach the handler.
 */
public final class NettyHttpServer implements AutoCloseable {

  /**
   * Answers one complete request; runs on an event-loop thread, so it must not block. It may answer
   * later, from any thread, but must read everything it needs of {@code request} before it returns:
   * the request's buffers are released then.
   */
  @FunctionalInterface
  public interface Handler {
    CompletionStage<FullHttpResponse> handle(FullHttpRequest request, InetSocketAddress remote);
  }

  /**
   * @param maxHeaderBytes total size of all header lines
   * @param maxBodyBytes body size; larger bodies are answered 413
   */
  public record Limits(int maxInitialLineBytes, int maxHeaderBytes, int maxBodyBytes) {
    public static final Limits DEFAULT = new Limits(8 * 1024, 64 * 1024, 1024 * 1024);
  }

  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final Channel channel;

  private NettyHttpServer(EventLoopGroup boss, EventLoopGroup workers, Channel channel) {
    this.boss = boss;
    this.workers = workers;
    this.channel = channel;
  }

  /** Binds {@code address} and serves until closed; {@code tls} may be null. */
  public static NettyHttpServer start(
      InetSocketAddress address, int threads, Limits limits, SslContext tls, Handler handler)
      throws InterruptedException {
    EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    EventLoopGroup workers = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
    try {
      Channel channel =
          new ServerBootstrap()
              .group(boss, workers)
              .channel(NioServerSocketChannel.class)
              .option(ChannelOption.SO_BACKLOG, 1024)
              .childOption(ChannelOption.TCP_NODELAY, true)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      if (tls != null) {
                        ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                      }
                      ch.pipeline()
                          .addLast(new ReadTimeoutHandler(60, TimeUnit.SECONDS))
                          .addLast(
                              new HttpServerCodec(
                                  new HttpDecoderConfig()
                                      .setMaxInitialLineLength(limits.maxInitialLineBytes())
                                      .setMaxHeaderSize(limits.maxHeaderBytes())))
                          .addLast(new HttpObjectAggregator(limits.maxBodyBytes()))
                          .addLast(new RequestHandler(handler));
                    }
                  })
              .bind(address)
              .sync()
              .channel();
      return new NettyHttpServer(boss, workers, channel);
    } catch (RuntimeException | InterruptedException e) {
      boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw e;
    }
  }

  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  /** Stops accepting, lets requests in flight finish for up to {@code graceMillis}, then stops. */
  public void close(long graceMillis) {
    channel.close().awaitUninterruptibly();
    boss.shutdownGracefully(0, graceMillis, TimeUnit.MILLISECONDS);
    workers.shutdownGracefully(Math.min(100, graceMillis), graceMillis, TimeUnit.MILLISECONDS);
    workers.terminationFuture().awaitUninterruptibly(graceMillis + 1000);
  }

  @Override
  public void close() {
    close(1000);
  }

  /** A plain-text response with {@code Content-Length}. */
  public static FullHttpResponse text(HttpResponseStatus status, String contentType, String body) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            status,
            Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8)));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    return response;
  }

  private static final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final Handler handler;
    // One handler per connection; both fields are only touched on its event loop.
    private int outstanding;
    private CompletableFuture<Void> lastSent = CompletableFuture.completedFuture(null);

    RequestHandler(Handler handler) {
      this.handler = handler;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      if (request.decoderResult().isFailure()) {
        Throwable cause = request.decoderResult().cause();
        HttpResponseStatus status =
            cause instanceof TooLongFrameException
                ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                : HttpResponseStatus.BAD_REQUEST;
        FullHttpResponse response =
            text(status, "application/json", "{\"status\":" + status.code() + "}");
        answer(ctx, CompletableFuture.completedFuture(response), false);
        return;
      }
      CompletableFuture<FullHttpResponse> pending;
      try {
        pending =
            handler
                .handle(request, (InetSocketAddress) ctx.channel().remoteAddress())
                .toCompletableFuture();
      } catch (RuntimeException e) {
        pending = CompletableFuture.failedFuture(e);
      }
      answer(ctx, pending, HttpUtil.isKeepAlive(request));
    }

    private void answer(
        ChannelHandlerContext ctx, CompletableFuture<FullHttpResponse> pending, boolean keepAlive) {
      if (pending.isDone() && outstanding == 0) {
        send(ctx, orError(pending), keepAlive);
        return;
      }
      // Answered later. Answers must leave in the order the requests came (HTTP/1.1 pipelining:
      // an answer overtaking another would be taken for the other's), so each waits for the one
      // before it, and nothing more is read from the connection until all are sent.
      outstanding++;
      ctx.channel().config().setAutoRead(false);
      CompletableFuture<FullHttpResponse> answer = pending;
      lastSent =
          CompletableFuture.allOf(lastSent, answer)
              .handleAsync(
                  (ignored, error) -> {
                    try {
                      send(ctx, orError(answer), keepAlive);
                    } finally {
                      if (--outstanding == 0) {
                        ctx.channel().config().setAutoRead(true);
                      }
                    }
                    return null;
                  },
                  ctx.executor());
    }

    private static FullHttpResponse orError(CompletableFuture<FullHttpResponse> done) {
      FullHttpResponse response = done.isCompletedExceptionally() ? null : done.join();
      return response != null
          ? response
          : text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "application/json", "{\"status\":500}");
    }

    private static void send(ChannelHandlerContext ctx, FullHttpResponse response, boolean keep) {
      HttpUtil.setContentLength(response, response.content().readableBytes());
      if (keep) {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        ctx.writeAndFlush(response);
      } else {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // Garbage on the wire, resets, timeouts: drop the connection, quietly.
      ctx.close();
    }
  }
}
