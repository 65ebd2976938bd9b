package dev.celador.webhook;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Reads a review's body the one way {@code /validate}, {@code /validate-celador} and the {@code
 * /noop} baseline do.
 */
final class RequestBody {

  /** The size limit both endpoints read with; larger bodies get 413 from {@code /validate}. */
  static final String MAX_BYTES_SETTING = "${celador.webhook.max-request-bytes:3145728}";

  /** A body within the limit, or the error response that answers the request instead. */
  record Read(byte[] body, ResponseEntity<byte[]> error) {}

  private RequestBody() {}

  /**
   * The body, or a 400 when it cannot be read and a 413 when it is larger than {@code maxBytes}.
   */
  static Read readWithin(HttpServletRequest http, int maxBytes) {
    byte[] body;
    try {
      body = read(http, maxBytes);
    } catch (IOException e) {
      return new Read(
          null,
          AdmissionReviewController.error(
              HttpStatus.BAD_REQUEST, "cannot read the request body: " + e.getMessage()));
    }
    if (body.length > maxBytes) {
      return new Read(
          null,
          AdmissionReviewController.error(
              HttpStatus.PAYLOAD_TOO_LARGE,
              "request body is larger than the limit of " + maxBytes + " bytes"));
    }
    return new Read(body, null);
  }

  /**
   * The body, or {@code maxBytes + 1} bytes of it when it is larger. With a Content-Length within
   * the limit (kube-apiserver sends one) it is read into an array of that size; otherwise up to one
   * byte over the limit, through the stream's 16 KB chunks. The body is read even when too large:
   * answering before it confuses HTTP/2 clients.
   */
  static byte[] read(HttpServletRequest http, int maxBytes) throws IOException {
    long declared = http.getContentLengthLong();
    try (InputStream in = http.getInputStream()) {
      return in.readNBytes(declared >= 0 && declared <= maxBytes ? (int) declared : maxBytes + 1);
    }
  }
}
