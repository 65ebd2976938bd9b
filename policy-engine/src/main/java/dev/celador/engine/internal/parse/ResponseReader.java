package dev.celador.engine.internal.parse;

import dev.celador.engine.internal.model.DenyResponse;
import dev.celador.engine.internal.model.HeaderValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reads what an access policy sends back: {@code denyResponse} and {@code allowResponse}. */
final class ResponseReader {

  static final List<String> DENY_FIELDS = List.of("status", "message");
  static final List<String> ALLOW_FIELDS = List.of("headers");

  private final ExpressionReader expressions;

  ResponseReader(ExpressionReader expressions) {
    this.expressions = expressions;
  }

  Optional<DenyResponse> readDeny(Value value) {
    Optional<MappingReader> mapping = value.asMapping();
    if (mapping.isEmpty()) {
      return Optional.empty();
    }
    MappingReader deny = mapping.get().allowOnly(DENY_FIELDS);
    Optional<Integer> status =
        deny.optional("status")
            .map(ResponseReader::status)
            .orElse(Optional.of(DenyResponse.DEFAULT_STATUS));
    Optional<String> message =
        deny.optional("message").map(Value::asString).orElse(Optional.of(""));
    if (status.isEmpty() || message.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new DenyResponse(status.get(), message.get(), value.keyLocation()));
  }

  private static Optional<Integer> status(Value value) {
    Optional<Long> number = value.asLong();
    // A deny must stay a client or server error: a 2xx or 3xx would let the request look allowed.
    if (number.isPresent() && (number.get() < 400 || number.get() > 599)) {
      value
          .reporter()
          .invalid(
              value.location(),
              value.path(),
              "must be an HTTP status from 400 to 599, got " + number.get());
      return Optional.empty();
    }
    return number.map(Long::intValue);
  }

  /** The headers to add upstream, in file order, with names lower-cased. */
  List<HeaderValue> readAllowHeaders(Value value) {
    List<HeaderValue> result = new ArrayList<>();
    Optional<MappingReader> allow = value.asMapping();
    if (allow.isEmpty()) {
      return result;
    }
    Optional<MappingReader> headers =
        allow.get().allowOnly(ALLOW_FIELDS).optional("headers").flatMap(Value::asMapping);
    if (headers.isEmpty()) {
      return result;
    }
    Map<String, Value> seen = new HashMap<>();
    for (MappingReader.Entry entry : headers.get().entries()) {
      Value header = entry.value();
      if (!Names.HEADER_NAME.test().test(entry.key())) {
        header
            .reporter()
            .invalid(
                header.keyLocation(),
                header.path(),
                "invalid header name '" + entry.key() + "'; " + Names.HEADER_NAME.text());
        continue;
      }
      String name = entry.key().toLowerCase(Locale.ROOT);
      Value first = seen.putIfAbsent(name, header);
      if (first != null) {
        header
            .reporter()
            .error(
                Reporter.DUPLICATE_NAME,
                header.keyLocation(),
                header.path()
                    + ": duplicate header '"
                    + name
                    + "' (header names ignore case); first set at line "
                    + first.keyLocation().line());
        continue;
      }
      expressions
          .read(header)
          .ifPresent(expr -> result.add(new HeaderValue(name, expr, header.keyLocation())));
    }
    return result;
  }
}
