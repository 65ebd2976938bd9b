package dev.celador.benchmarks;

import com.google.rpc.Code;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;

/**
 * The baseline of benchmarks/ext-authz.sh: a Check server on the same grpc-java stack and settings
 * as celador serve (Netty, direct executor) that allows everything without looking.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.celador.benchmarks.NoopCheckServer PORT}
 */
public final class NoopCheckServer {

  private NoopCheckServer() {}

  public static void main(String[] args) throws Exception {
    CheckResponse ok =
        CheckResponse.newBuilder()
            .setStatus(com.google.rpc.Status.newBuilder().setCode(Code.OK_VALUE))
            .build();
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])))
            .directExecutor()
            .addService(
                new AuthorizationGrpc.AuthorizationImplBase() {
                  @Override
                  public void check(CheckRequest request, StreamObserver<CheckResponse> out) {
                    out.onNext(ok);
                    out.onCompleted();
                  }
                })
            .build()
            .start();
    System.err.println("noop Check server on " + server.getListenSockets());
    server.awaitTermination();
  }
}
