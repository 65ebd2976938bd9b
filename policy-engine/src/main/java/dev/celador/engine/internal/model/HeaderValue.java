package dev.celador.engine.internal.model;

import dev.celador.engine.internal.source.SourceLocation;

/**
 * A header to set upstream when a request is allowed; {@code value} is a CEL expression of type
 * string. {@code name} is lower case.
 */
public record HeaderValue(String name, Expression value, SourceLocation location) {

  /**
   * Where {@code text} has its first character that no header value may carry, or -1. RFC 9110
   * field values exclude the control characters but horizontal tab: a CR or LF would end the header
   * and start another (header injection), and NUL or DEL are refused by proxies. Values computed
   * from a request or a token are checked with this before they are sent.
   */
  public static int controlCharacterAt(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 && c != '\t' || c == 0x7f) {
        return i;
      }
    }
    return -1;
  }
}
