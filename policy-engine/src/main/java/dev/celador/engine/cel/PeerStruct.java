package dev.celador.engine.cel;

import dev.celador.engine.eval.Peer;

/** {@code source} and {@code destination} in CEL. */
@SuppressWarnings("Immutable") // caches derived fields; one instance per request
final class PeerStruct extends FieldStruct<Peer> {

  // Derived from the SPIFFE ID at most once per request, not once per rule that reads them.
  private String namespace;
  private String serviceAccount;

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
      case "namespace" -> namespace == null ? (namespace = p.namespace()) : namespace;
      case "service_account" ->
          serviceAccount == null ? (serviceAccount = p.serviceAccount()) : serviceAccount;
      default -> null;
    };
  }
}
