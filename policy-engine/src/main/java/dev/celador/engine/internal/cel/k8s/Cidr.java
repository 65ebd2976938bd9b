package dev.celador.engine.internal.cel.k8s;

import com.google.errorprone.annotations.Immutable;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.values.OpaqueValue;

/** An IP prefix ({@code 10.0.0.0/8}); the address keeps its host bits until {@code masked()}. */
@Immutable
final class Cidr extends OpaqueValue {

  private final IpAddress address;
  private final int prefixLength;

  Cidr(IpAddress address, int prefixLength) {
    this.address = address;
    this.prefixLength = prefixLength;
  }

  /** Parses {@code text}; throws with Kubernetes' message when it is not a prefix. */
  public static Cidr parse(String text) {
    Cidr cidr = tryParse(text);
    if (cidr != null) {
      return cidr;
    }
    String wrap = "network address parse error during conversion from string: ";
    String problem = GoNetip.prefixProblem(text);
    if (problem == null) {
      // Go parses it; kube-apiserver refuses IPv4-mapped IPv6 prefixes itself.
      throw KubeErrors.error(wrap + "IPv4-mapped IPv6 address \"" + text + "\" is not allowed");
    }
    // kube-apiserver wraps ParsePrefix's error twice.
    throw KubeErrors.error(wrap + wrap + problem);
  }

  /** For containsCIDR(string): kube-apiserver reports an unusable string as no such overload. */
  static Cidr parseOrNoOverload(String text) {
    Cidr cidr = tryParse(text);
    if (cidr == null) {
      throw KubeErrors.error("no such overload");
    }
    return cidr;
  }

  static Cidr tryParse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0 || text.indexOf('%') >= 0) {
      return null;
    }
    String bits = text.substring(slash + 1);
    if (bits.isEmpty()
        || bits.length() > 3
        || !bits.chars().allMatch(c -> c >= '0' && c <= '9')
        || (bits.length() > 1 && bits.charAt(0) == '0')) {
      return null;
    }
    String addressText = text.substring(0, slash);
    if (!IpAddress.isValid(addressText)) {
      return null;
    }
    IpAddress address = IpAddress.parse(addressText);
    int length = Integer.parseInt(bits);
    if (length > address.bitLength()) {
      return null;
    }
    return new Cidr(address, length);
  }

  IpAddress ip() {
    return address;
  }

  long prefixLength() {
    return prefixLength;
  }

  Cidr masked() {
    return new Cidr(new IpAddress(mask(address.bytes())), prefixLength);
  }

  boolean containsIp(IpAddress ip) {
    if (ip.bitLength() != address.bitLength()) {
      return false;
    }
    return java.util.Arrays.equals(mask(ip.bytes()), mask(address.bytes()));
  }

  boolean containsCidr(Cidr other) {
    return other.prefixLength >= prefixLength && containsIp(other.address);
  }

  private byte[] mask(byte[] bytes) {
    for (int i = 0; i < bytes.length; i++) {
      int keep = Math.max(0, Math.min(8, prefixLength - 8 * i));
      bytes[i] = (byte) (bytes[i] & (0xff << (8 - keep)));
    }
    return bytes;
  }

  @Override
  public Object value() {
    return this;
  }

  @Override
  public OpaqueType celType() {
    return KubeTypes.CIDR;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr c && prefixLength == c.prefixLength && address.equals(c.address);
  }

  @Override
  public int hashCode() {
    return address.hashCode() * 31 + prefixLength;
  }

  @Override
  public String toString() {
    return address + "/" + prefixLength;
  }
}
