package dev.celador.engine.internal.cel;

import com.google.errorprone.annotations.Immutable;
import dev.celador.engine.api.HttpAttributes;
import java.time.Instant;

/** {@code request} in CEL. */
@Immutable
final class RequestStruct extends FieldStruct<HttpAttributes> {

  @SuppressWarnings("Immutable")
  private final Instant time;

  RequestStruct(HttpAttributes request, Instant now) {
    super(request, CelVocabulary.REQUEST);
    this.time = request.time() != null ? request.time() : now;
  }

  @Override
  Object field(String name) {
    HttpAttributes r = value();
    return switch (name) {
      case "method" -> r.method();
      case "path" -> r.path();
      case "url_path" -> r.urlPath();
      case "query" -> r.query();
      case "host" -> r.host();
      case "scheme" -> r.scheme();
      case "protocol" -> r.protocol();
      case "headers" -> r.headers();
      case "id" -> r.id();
      case "body" -> r.body();
      case "time" -> time;
      default -> null;
    };
  }
}
