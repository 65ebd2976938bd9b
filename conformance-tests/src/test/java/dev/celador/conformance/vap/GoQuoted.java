package dev.celador.conformance.vap;

/** Reads a Go {@code strconv.Quote}d string, the form of a Warning header's text. */
final class GoQuoted {

  private GoQuoted() {}

  static String unquote(String quoted) {
    int end = quoted.lastIndexOf('"');
    String s = quoted.substring(1, end > 0 ? end : quoted.length());
    StringBuilder out = new StringBuilder();
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch != '\\' || i + 1 >= s.length()) {
        flush(bytes, out);
        out.append(ch);
        continue;
      }
      char e = s.charAt(++i);
      switch (e) {
        case 'x' -> {
          bytes.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
          i += 2;
          continue;
        }
        case 'u' -> {
          flush(bytes, out);
          out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
          i += 4;
          continue;
        }
        case 'U' -> {
          flush(bytes, out);
          out.appendCodePoint(Integer.parseInt(s.substring(i + 1, i + 9), 16));
          i += 8;
          continue;
        }
        default -> flush(bytes, out);
      }
      out.append(
          switch (e) {
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            case 'a' -> '\u0007';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'v' -> '\u000b';
            default -> e;
          });
    }
    flush(bytes, out);
    return out.toString();
  }

  private static void flush(java.io.ByteArrayOutputStream bytes, StringBuilder out) {
    if (bytes.size() > 0) {
      out.append(bytes.toString(java.nio.charset.StandardCharsets.UTF_8));
      bytes.reset();
    }
  }
}
