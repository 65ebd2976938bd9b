package dev.celador.engine.internal.jsonpatch;

/** RFC 6901 reference tokens: {@code ~0} is {@code ~}, {@code ~1} is {@code /}. */
public final class JsonPointers {

  private JsonPointers() {}

  /** {@code key} as one reference token. */
  public static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  /**
   * The key a reference token names, read left to right in one pass ({@code ~01} is {@code ~1}).
   */
  public static String unescape(String token) {
    if (token.indexOf('~') < 0) {
      return token;
    }
    StringBuilder out = new StringBuilder(token.length());
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c == '~'
          && i + 1 < token.length()
          && (token.charAt(i + 1) == '0' || token.charAt(i + 1) == '1')) {
        out.append(token.charAt(i + 1) == '0' ? '~' : '/');
        i++;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
