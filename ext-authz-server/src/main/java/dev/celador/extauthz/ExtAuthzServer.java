package dev.celador.extauthz;

import dev.celador.extauthz.grpc.AuthorizationService;
import dev.celador.extauthz.http.HttpAuthzHandler;
import dev.celador.extauthz.http.HttpRequestMapper;
import dev.celador.extauthz.http.NettyHttpServer;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The ext_authz front door: gRPC {@code Authorization/Check} on TCP and/or a Unix domain socket,
 * with {@code grpc.health.v1} and server reflection, plus Envoy's HTTP mode. Health reports
 * NOT_SERVING until {@link #serving()} is called (policies compiled, warm-up done) and again from
 * {@link #drain()} on.
 */
public final class ExtAuthzServer implements AutoCloseable {

  static final String SERVICE = AuthorizationGrpc.SERVICE_NAME;

  private final List<Server> grpcServers;
  private final NettyHttpServer httpServer;
  private final HealthStatusManager health;
  private final EventLoopGroup udsGroup;

  private ExtAuthzServer(
      List<Server> grpcServers,
      NettyHttpServer httpServer,
      HealthStatusManager health,
      EventLoopGroup udsGroup) {
    this.grpcServers = grpcServers;
    this.httpServer = httpServer;
    this.health = health;
    this.udsGroup = udsGroup;
  }

  /** Binds every configured listener, reporting NOT_SERVING. */
  public static ExtAuthzServer start(ServerOptions options, Authorizer authorizer)
      throws IOException, InterruptedException {
    HealthStatusManager health = new HealthStatusManager();
    health.setStatus("", ServingStatus.NOT_SERVING);
    health.setStatus(SERVICE, ServingStatus.NOT_SERVING);
    AuthorizationService service = new AuthorizationService(authorizer);
    List<Server> servers = new ArrayList<>();
    EventLoopGroup udsGroup = null;
    NettyHttpServer http = null;
    try {
      if (options.grpcPort() >= 0) {
        NettyServerBuilder builder =
            NettyServerBuilder.forAddress(
                new InetSocketAddress(options.host(), options.grpcPort()), credentials(options));
        servers.add(configure(builder, options, service, health).build().start());
      }
      if (options.grpcSocket() != null) {
        Files.deleteIfExists(options.grpcSocket());
        udsGroup = new EpollEventLoopGroup();
        NettyServerBuilder builder =
            NettyServerBuilder.forAddress(new DomainSocketAddress(options.grpcSocket().toString()))
                .channelType(EpollServerDomainSocketChannel.class)
                .bossEventLoopGroup(udsGroup)
                .workerEventLoopGroup(udsGroup);
        servers.add(configure(builder, options, service, health).build().start());
      }
      if (options.httpPort() >= 0) {
        var handler =
            new HttpAuthzHandler(
                authorizer,
                new HttpRequestMapper(
                    options.httpPathPrefix(),
                    options.trustOriginalHeaders(),
                    options.httpIdentity()));
        http =
            NettyHttpServer.start(
                new InetSocketAddress(options.host(), options.httpPort()),
                Runtime.getRuntime().availableProcessors(),
                new NettyHttpServer.Limits(8 * 1024, 64 * 1024, options.maxRequestBytes()),
                httpTls(options.tls()),
                handler);
      }
    } catch (IOException | RuntimeException | InterruptedException e) {
      servers.forEach(Server::shutdownNow);
      if (udsGroup != null) {
        udsGroup.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      }
      throw e;
    }
    return new ExtAuthzServer(List.copyOf(servers), http, health, udsGroup);
  }

  private static NettyServerBuilder configure(
      NettyServerBuilder builder,
      ServerOptions options,
      AuthorizationService service,
      HealthStatusManager health) {
    // Check never blocks (no I/O, bounded CEL cost), so it runs on the transport threads.
    return builder
        .directExecutor()
        .maxInboundMessageSize(options.maxRequestBytes())
        .maxInboundMetadataSize(64 * 1024)
        .addService(service.definition())
        .addService(health.getHealthService())
        .addService(ProtoReflectionServiceV1.newInstance());
  }

  private static ServerCredentials credentials(ServerOptions options) throws IOException {
    ServerOptions.Tls tls = options.tls();
    if (tls == null) {
      return io.grpc.InsecureServerCredentials.create();
    }
    TlsServerCredentials.Builder builder =
        TlsServerCredentials.newBuilder()
            .keyManager(tls.certificate().toFile(), tls.privateKey().toFile());
    if (tls.clientCa() != null) {
      builder
          .trustManager(tls.clientCa().toFile())
          .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
    }
    return builder.build();
  }

  private static SslContext httpTls(ServerOptions.Tls tls) {
    if (tls == null) {
      return null;
    }
    try {
      SslContextBuilder builder =
          SslContextBuilder.forServer(tls.certificate().toFile(), tls.privateKey().toFile());
      if (tls.clientCa() != null) {
        builder.trustManager(tls.clientCa().toFile()).clientAuth(ClientAuth.REQUIRE);
      }
      return builder.build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The bound gRPC TCP port, or -1 without a TCP listener. */
  public int grpcPort() {
    for (Server server : grpcServers) {
      for (var address : server.getListenSockets()) {
        if (address instanceof InetSocketAddress inet) {
          return inet.getPort();
        }
      }
    }
    return -1;
  }

  /** The bound HTTP-mode port, or -1 without one. */
  public int httpPort() {
    return httpServer == null ? -1 : httpServer.port();
  }

  /** Policies are compiled and warm: report SERVING. */
  public void serving() {
    health.setStatus("", ServingStatus.SERVING);
    health.setStatus(SERVICE, ServingStatus.SERVING);
  }

  /** Report NOT_SERVING (for good) so proxies and probes move away before we stop. */
  public void drain() {
    health.setStatus("", ServingStatus.NOT_SERVING);
    health.setStatus(SERVICE, ServingStatus.NOT_SERVING);
    health.enterTerminalState();
  }

  /** Stops accepting, waits up to {@code graceMillis} for calls in flight, then stops hard. */
  public void shutdown(long graceMillis) {
    grpcServers.forEach(Server::shutdown);
    if (httpServer != null) {
      httpServer.close(graceMillis);
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
    for (Server server : grpcServers) {
      try {
        long left = Math.max(0, deadline - System.nanoTime());
        if (!server.awaitTermination(left, TimeUnit.NANOSECONDS)) {
          server.shutdownNow();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        server.shutdownNow();
      }
    }
    if (udsGroup != null) {
      udsGroup.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void close() {
    shutdown(1000);
  }
}
