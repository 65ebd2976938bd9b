package dev.celador.engine.eval;

import dev.celador.engine.jwt.VerifiedJwt;
import java.util.List;
import java.util.Map;

/**
 * What authentication concluded for one request.
 *
 * @param token the verified token, null when there is none
 * @param rejection the 401 decision when the request must not go on, else null
 * @param headers claims to set upstream, by header name
 * @param remove the token's header, to strip upstream
 * @param trace what happened, for traces; null when no JwtAuthentication policy selected the
 *     request, and for a verified token when no trace was asked for
 */
record Authentication(
    VerifiedJwt token,
    Decision rejection,
    Map<String, String> headers,
    List<String> remove,
    TraceEntry trace) {

  static final Authentication NONE = new Authentication(null, null, Map.of(), List.of(), null);

  boolean rejected() {
    return rejection != null;
  }
}
