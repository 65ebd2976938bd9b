package dev.celador.engine.internal.eval;

import dev.celador.engine.api.Decision;
import dev.celador.engine.api.TraceEntry;
import dev.celador.engine.internal.jwt.KeySet;
import dev.celador.engine.internal.jwt.VerifiedJwt;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What authentication concluded for one request.
 *
 * @param token the verified token, null when there is none
 * @param rejection the 401 decision when the request must not go on, else null
 * @param headers claims to set upstream, by header name
 * @param remove the token's header, to strip upstream
 * @param trace what happened, for traces; null when no JwtAuthentication policy selected the
 *     request, and for a verified token when no trace was asked for
 * @param pending when not null, nothing is concluded yet: the token names a key its issuer's set
 *     lacks and this fetch may bring it; authenticate again once it completes
 */
record Authentication(
    VerifiedJwt token,
    Decision rejection,
    Map<String, String> headers,
    List<String> remove,
    TraceEntry trace,
    CompletableFuture<KeySet> pending) {

  static final Authentication NONE =
      new Authentication(null, null, Map.of(), List.of(), null, null);

  Authentication(
      VerifiedJwt token,
      Decision rejection,
      Map<String, String> headers,
      List<String> remove,
      TraceEntry trace) {
    this(token, rejection, headers, remove, trace, null);
  }

  /** Undecided until {@code fetch} completes. */
  static Authentication waitingFor(CompletableFuture<KeySet> fetch) {
    return new Authentication(null, null, Map.of(), List.of(), null, fetch);
  }

  boolean rejected() {
    return rejection != null;
  }
}
