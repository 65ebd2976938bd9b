package dev.celador.engine.internal.cel;

import com.google.errorprone.annotations.Immutable;
import dev.celador.engine.api.Peer;

/** {@code source} and {@code destination} in CEL. */
@Immutable
final class PeerStruct extends FieldStruct<Peer> {

  PeerStruct(Peer peer) {
    super(peer, CelVocabulary.PEER);
  }

  @Override
  Object field(String name) {
    Peer p = value();
    return switch (name) {
      case "address" -> p.address();
      case "port" -> p.port();
      case "principal" -> p.principal();
      case "namespace" -> p.namespace();
      case "service_account" -> p.serviceAccount();
      default -> null;
    };
  }
}
