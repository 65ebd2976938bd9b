package dev.celador.engine.internal.cel;

import com.google.errorprone.annotations.Immutable;
import dev.celador.engine.api.AuthzRequest;

/** {@code connection} in CEL. */
@Immutable
final class ConnectionStruct extends FieldStruct<AuthzRequest> {

  ConnectionStruct(AuthzRequest request) {
    super(request, CelVocabulary.CONNECTION);
  }

  @Override
  Object field(String name) {
    return switch (name) {
      case "mtls" -> value().mtls();
      case "requested_server_name" -> value().requestedServerName();
      default -> null;
    };
  }
}
