package dev.celador.engine.cel;

import com.google.errorprone.annotations.Immutable;
import dev.celador.engine.eval.Peer;

/** {@code source} and {@code destination} in CEL. */
@Immutable
final class PeerStruct extends FieldStruct<Peer> {

  // Derived from the SPIFFE ID once per request, not once per rule that reads them.
  private final String namespace;
  private final String serviceAccount;

  PeerStruct(Peer peer) {
    super(peer, CelVocabulary.PEER);
    this.namespace = peer.namespace();
    this.serviceAccount = peer.serviceAccount();
  }

  @Override
  Object field(String name) {
    Peer p = value();
    return switch (name) {
      case "address" -> p.address();
      case "port" -> p.port();
      case "principal" -> p.principal();
      case "namespace" -> namespace;
      case "service_account" -> serviceAccount;
      default -> null;
    };
  }
}
