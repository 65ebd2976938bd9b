package dev.celador.engine.internal.cel.k8s;

/**
 * The error texts of Go's {@code netip.ParseAddr} and {@code netip.ParsePrefix}, which
 * kube-apiserver's ip() and cidr() put in their messages. IPv4 is worded exactly; IPv6 syntax
 * errors get ParseAddr's generic text.
 */
final class GoNetip {

  private GoNetip() {}

  /** Why ParseAddr refuses {@code s} (already known to be invalid). */
  static String parseAddrError(String s) {
    for (int i = 0; i < s.length(); i++) {
      switch (s.charAt(i)) {
        case '.':
          return "ParseAddr(" + quote(s) + "): " + ipv4Problem(s);
        case ':':
          return "ParseAddr(" + quote(s) + "): unable to parse IP";
        case '%':
          return "ParseAddr(" + quote(s) + "): missing IPv6 address";
        default:
      }
    }
    return "ParseAddr(" + quote(s) + "): unable to parse IP";
  }

  /** Why ParsePrefix refuses {@code s}, or null when it accepts it. */
  static String prefixProblem(String s) {
    String prefix = "netip.ParsePrefix(" + quote(s) + "): ";
    int slash = s.lastIndexOf('/');
    if (slash < 0) {
      return prefix + "no '/'";
    }
    String address = s.substring(0, slash);
    if (!IpAddress.parses(address)) {
      return prefix + parseAddrError(address);
    }
    String bits = s.substring(slash + 1);
    if (bits.isEmpty()
        || (bits.length() > 1 && (bits.charAt(0) < '1' || bits.charAt(0) > '9'))
        || !bits.chars().allMatch(c -> c >= '0' && c <= '9')
        || bits.length() > 9) {
      return prefix + "bad bits after slash: " + quote(bits);
    }
    if (address.indexOf('%') >= 0) {
      return prefix + "IPv6 zones cannot be present in a prefix";
    }
    int max = address.indexOf(':') >= 0 ? 128 : 32;
    return Integer.parseInt(bits) > max ? prefix + "prefix length out of range" : null;
  }

  private static String ipv4Problem(String s) {
    int value = 0;
    int digits = 0;
    int fields = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        if (digits == 1 && value == 0) {
          return "IPv4 field has octet with leading zero";
        }
        value = value * 10 + (c - '0');
        digits++;
        if (value > 255) {
          return "IPv4 field has value >255";
        }
      } else if (c == '.') {
        if (i == 0 || i == s.length() - 1 || s.charAt(i - 1) == '.') {
          return "IPv4 field must have at least one digit (at " + quote(s.substring(i)) + ")";
        }
        if (fields == 3) {
          return "IPv4 address too long";
        }
        fields++;
        value = 0;
        digits = 0;
      } else {
        return "unexpected character (at " + quote(s.substring(i)) + ")";
      }
    }
    return fields < 3 ? "IPv4 address too short" : "unable to parse IP";
  }

  private static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
