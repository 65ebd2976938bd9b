package dev.celador.engine.eval;

/**
 * One end of a connection: the calling workload ({@code source}) or the called one ({@code
 * destination}).
 *
 * @param principal the peer's identity, usually a SPIFFE ID {@code spiffe://td/ns/N/sa/S}; "" if
 *     unknown
 */
public record Peer(String address, long port, String principal) {

  public static final Peer UNKNOWN = new Peer("", 0, "");

  public Peer {
    address = address == null ? "" : address;
    principal = principal == null ? "" : principal;
  }

  /** The namespace part of a Kubernetes SPIFFE ID, or "". */
  public String namespace() {
    return spiffeSegment("ns");
  }

  /** The service-account part of a Kubernetes SPIFFE ID, or "". */
  public String serviceAccount() {
    return spiffeSegment("sa");
  }

  private String spiffeSegment(String key) {
    if (!principal.startsWith("spiffe://")) {
      return "";
    }
    String[] parts = principal.substring("spiffe://".length()).split("/", -1);
    // parts[0] is the trust domain; the rest alternate key/value: ns/<ns>/sa/<sa>.
    for (int i = 1; i + 1 < parts.length; i += 2) {
      if (parts[i].equals(key)) {
        return parts[i + 1];
      }
    }
    return "";
  }
}
