package dev.celador.engine.api;

/**
 * One end of a connection: the calling workload ({@code source}) or the called one ({@code
 * destination}).
 *
 * @param principal the peer's identity, usually a SPIFFE ID {@code spiffe://td/ns/N/sa/S}; "" if
 *     unknown
 * @param namespace the namespace part of a Kubernetes SPIFFE ID, or ""; always derived from the
 *     principal (a passed value is ignored) once, as target matching reads it many times
 * @param serviceAccount the service-account part of a Kubernetes SPIFFE ID, or ""; derived likewise
 */
public record Peer(
    String address, long port, String principal, String namespace, String serviceAccount) {

  public static final Peer UNKNOWN = new Peer("", 0, "");

  public Peer {
    address = address == null ? "" : address;
    principal = principal == null ? "" : principal;
    namespace = spiffeSegment(principal, "ns");
    serviceAccount = spiffeSegment(principal, "sa");
  }

  public Peer(String address, long port, String principal) {
    this(address, port, principal, null, null);
  }

  private static String spiffeSegment(String principal, String key) {
    if (!principal.startsWith("spiffe://")) {
      return "";
    }
    // Segments after the trust domain alternate key/value: /ns/<ns>/sa/<sa>. Scanned with indexOf,
    // not split, because this runs for every request.
    int start = principal.indexOf('/', "spiffe://".length());
    while (start >= 0) {
      int keyEnd = principal.indexOf('/', start + 1);
      if (keyEnd < 0) {
        return "";
      }
      int valueEnd = principal.indexOf('/', keyEnd + 1);
      int end = valueEnd < 0 ? principal.length() : valueEnd;
      if (principal.regionMatches(start + 1, key, 0, key.length())
          && keyEnd - start - 1 == key.length()) {
        return principal.substring(keyEnd + 1, end);
      }
      start = valueEnd;
    }
    return "";
  }
}
