package dev.celador.engine.internal.cel.k8s;

import com.google.errorprone.annotations.Immutable;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.values.OpaqueValue;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 address as Kubernetes' {@code ip()} accepts it: no leading zeros in IPv4 octets,
 * no zones, no IPv4-mapped IPv6 addresses. Parsed by hand, never through DNS.
 */
@Immutable
final class IpAddress extends OpaqueValue {

  @SuppressWarnings("Immutable") // never mutated after construction, never exposed
  private final byte[] bytes;

  IpAddress(byte[] bytes) {
    this.bytes = bytes.clone();
  }

  /** Parses {@code text}; throws with Kubernetes' message when it is not an address. */
  public static IpAddress parse(String text) {
    int percent = text.indexOf('%');
    if (percent > 0 && parseBytes(text.substring(0, percent)) != null) {
      throw KubeErrors.error("IP address \"" + text + "\" with zone value is not allowed");
    }
    byte[] parsed = percent >= 0 ? null : parseBytes(text);
    if (parsed == null) {
      throw KubeErrors.error(
          "IP Address \""
              + text
              + "\" parse error during conversion from string: "
              + GoNetip.parseAddrError(text));
    }
    if (isIpv4Mapped(parsed)) {
      throw KubeErrors.error("IPv4-mapped IPv6 address \"" + text + "\" is not allowed");
    }
    return new IpAddress(parsed);
  }

  /** For containsIP(string): kube-apiserver reports an unusable string as no such overload. */
  static IpAddress parseOrNoOverload(String text) {
    if (!isValid(text)) {
      throw KubeErrors.error("no such overload");
    }
    return parse(text);
  }

  /** Whether Go's ParseAddr accepts {@code text} (zones and mapped addresses included). */
  static boolean parses(String text) {
    int percent = text.indexOf('%');
    return parseBytes(percent < 0 ? text : text.substring(0, percent)) != null
        && (percent < 0 || percent < text.length() - 1);
  }

  static boolean isValid(String text) {
    if (text.indexOf('%') >= 0) {
      return false;
    }
    byte[] parsed = parseBytes(text);
    return parsed != null && !isIpv4Mapped(parsed);
  }

  private static boolean isIpv4Mapped(byte[] b) {
    if (b.length != 16) {
      return false;
    }
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
  }

  /** The 4 or 16 bytes of {@code text}, or null when it is not an address. */
  static byte[] parseBytes(String text) {
    if (text.indexOf(':') >= 0) {
      return parseIpv6(text);
    }
    return parseIpv4(text);
  }

  private static byte[] parseIpv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
        return null;
      }
      int v = 0;
      for (char c : p.toCharArray()) {
        if (c < '0' || c > '9') {
          return null;
        }
        v = v * 10 + (c - '0');
      }
      if (v > 255) {
        return null;
      }
      out[i] = (byte) v;
    }
    return out;
  }

  private static byte[] parseIpv6(String text) {
    int gap = text.indexOf("::");
    if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
      return null;
    }
    String head = gap >= 0 ? text.substring(0, gap) : text;
    String tail = gap >= 0 ? text.substring(gap + 2) : "";
    int[] headGroups = groups(head, gap < 0);
    int[] tailGroups = gap < 0 ? new int[0] : groups(tail, true);
    if (headGroups == null || tailGroups == null) {
      return null;
    }
    int total = headGroups.length + tailGroups.length;
    if (gap < 0 ? total != 8 : total > 7) {
      return null;
    }
    byte[] out = new byte[16];
    for (int i = 0; i < headGroups.length; i++) {
      out[2 * i] = (byte) (headGroups[i] >> 8);
      out[2 * i + 1] = (byte) headGroups[i];
    }
    int offset = 8 - tailGroups.length;
    for (int i = 0; i < tailGroups.length; i++) {
      out[2 * (offset + i)] = (byte) (tailGroups[i] >> 8);
      out[2 * (offset + i) + 1] = (byte) tailGroups[i];
    }
    return out;
  }

  /** 16-bit groups of a colon-separated run; a trailing dotted IPv4 counts as two. */
  private static int[] groups(String run, boolean ipv4Allowed) {
    if (run.isEmpty()) {
      return new int[0];
    }
    String[] parts = run.split(":", -1);
    int[] out = new int[parts.length + 1];
    int n = 0;
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      if (i == parts.length - 1 && p.indexOf('.') >= 0) {
        byte[] v4 = ipv4Allowed ? parseIpv4(p) : null;
        if (v4 == null) {
          return null;
        }
        out[n++] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
        out[n++] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
        continue;
      }
      if (p.isEmpty() || p.length() > 4) {
        return null;
      }
      int v = 0;
      for (char c : p.toCharArray()) {
        int d = c < 128 ? Character.digit(c, 16) : -1;
        if (d < 0) {
          return null;
        }
        v = v * 16 + d;
      }
      out[n++] = v;
    }
    return Arrays.copyOf(out, n);
  }

  byte[] bytes() {
    return bytes.clone();
  }

  int bitLength() {
    return bytes.length * 8;
  }

  long family() {
    return bytes.length == 4 ? 4 : 6;
  }

  boolean isUnspecified() {
    for (byte b : bytes) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  boolean isLoopback() {
    if (bytes.length == 4) {
      return (bytes[0] & 0xff) == 127;
    }
    for (int i = 0; i < 15; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return bytes[15] == 1;
  }

  boolean isMulticast() {
    return bytes.length == 4 ? (bytes[0] & 0xf0) == 0xe0 : (bytes[0] & 0xff) == 0xff;
  }

  boolean isLinkLocalMulticast() {
    if (bytes.length == 4) {
      return (bytes[0] & 0xff) == 224 && bytes[1] == 0 && bytes[2] == 0;
    }
    return (bytes[0] & 0xff) == 0xff && (bytes[1] & 0x0f) == 0x02;
  }

  boolean isLinkLocalUnicast() {
    if (bytes.length == 4) {
      return (bytes[0] & 0xff) == 169 && (bytes[1] & 0xff) == 254;
    }
    return (bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xc0) == 0x80;
  }

  boolean isGlobalUnicast() {
    if (bytes.length == 4 && Arrays.equals(bytes, new byte[] {-1, -1, -1, -1})) {
      return false;
    }
    return !isUnspecified() && !isLoopback() && !isMulticast() && !isLinkLocalUnicast();
  }

  @Override
  public Object value() {
    return this;
  }

  @Override
  public OpaqueType celType() {
    return KubeTypes.IP;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IpAddress other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** The canonical form: dotted quad, or RFC 5952 lower-case IPv6 with the longest zero run cut. */
  @Override
  public String toString() {
    if (bytes.length == 4) {
      return (bytes[0] & 0xff)
          + "."
          + (bytes[1] & 0xff)
          + "."
          + (bytes[2] & 0xff)
          + "."
          + (bytes[3] & 0xff);
    }
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLen - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(g[i]));
    }
    return out.toString();
  }
}
