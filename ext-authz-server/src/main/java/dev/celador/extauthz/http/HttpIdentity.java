package dev.celador.extauthz.http;

import java.util.Locale;

/**
 * Where HTTP mode learns the identities that gRPC mode gets from Envoy's {@code CheckRequest}: an
 * HTTP authorization request carries none, so each source is trusted only when configured.
 *
 * @param trustXfcc read the caller's SPIFFE ID (URI SAN) from {@code x-forwarded-client-cert}; only
 *     safe when Envoy sets that header itself ({@code forward_client_cert_details: SANITIZE_SET},
 *     or {@code APPEND_FORWARD}, whose last element is Envoy's own)
 * @param destination the protected workload's principal when one Celador serves one workload; ""
 *     for none
 * @param destinationHeader a request header Envoy sets with {@code
 *     authorization_request.headers_to_add} (which replaces a client's copy) holding the
 *     destination principal; "" for none. Wins over {@code destination} when present
 */
public record HttpIdentity(boolean trustXfcc, String destination, String destinationHeader) {

  /** No identity: sources and destinations are unknown in HTTP mode. */
  public static final HttpIdentity NONE = new HttpIdentity(false, "", "");

  public HttpIdentity {
    destination = destination == null ? "" : destination.trim();
    destinationHeader =
        destinationHeader == null ? "" : destinationHeader.trim().toLowerCase(Locale.ROOT);
  }

  /** True when HTTP mode can know the destination workload. */
  public boolean knowsDestination() {
    return !destination.isEmpty() || !destinationHeader.isEmpty();
  }
}
