package dev.celador.engine.eval;

import dev.celador.engine.jwt.VerifiedJwt;
import java.util.ArrayList;
import java.util.HashMap;
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
 *     request
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

  /**
   * {@code decision} with the forwarded claims set and the token header stripped, when it allows
   * the request. Headers set by access policies win over claims of the same name.
   */
  Decision applyTo(Decision decision) {
    if (!decision.allowed() || (headers.isEmpty() && remove.isEmpty())) {
      return decision;
    }
    Map<String, String> set = new HashMap<>(headers);
    set.putAll(decision.headers());
    List<String> strip = new ArrayList<>(decision.headersToRemove().size() + 1);
    for (String name : decision.headersToRemove()) {
      if (!set.containsKey(name)) {
        strip.add(name);
      }
    }
    for (String name : remove) {
      if (!set.containsKey(name) && !strip.contains(name)) {
        strip.add(name);
      }
    }
    return decision.withHeaders(set, strip);
  }
}
