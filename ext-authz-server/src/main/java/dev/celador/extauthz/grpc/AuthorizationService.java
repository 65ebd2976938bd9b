package dev.celador.extauthz.grpc;

import dev.celador.extauthz.Authorizer;
import dev.celador.extauthz.Transport;
import dev.celador.extauthz.Verdict;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;

/** {@code envoy.service.auth.v3.Authorization/Check}: map, decide, answer. */
public final class AuthorizationService extends AuthorizationGrpc.AuthorizationImplBase {

  private final Authorizer authorizer;
  private final CheckRequestMapper requests = new CheckRequestMapper();
  private final CheckResponseMapper responses = new CheckResponseMapper();

  public AuthorizationService(Authorizer authorizer) {
    this.authorizer = authorizer;
  }

  /**
   * The service to register: unparsable requests become INVALID_ARGUMENT and recent responses are
   * sent without encoding them again.
   */
  public ServerServiceDefinition definition() {
    return BadProtoIsInvalidArgument.wrap(responses.cache().encodeFromCache(bindService()));
  }

  @Override
  public void check(CheckRequest request, StreamObserver<CheckResponse> response) {
    Verdict verdict = authorizer.authorize(Transport.GRPC, () -> requests.map(request));
    if (verdict.failed() && !responses.answersWithErrorResponse(verdict)) {
      response.onError(responses.toError(verdict).asRuntimeException());
      return;
    }
    response.onNext(
        verdict.failed()
            ? responses.toErrorResponse(verdict)
            : responses.toResponse(verdict.decision()));
    response.onCompleted();
  }
}
