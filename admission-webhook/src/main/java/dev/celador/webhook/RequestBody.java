package dev.celador.webhook;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;

/** Reads a review's body the one way both {@code /validate} and its {@code /noop} baseline do. */
final class RequestBody {

  /** The size limit both endpoints read with; larger bodies get 413 from {@code /validate}. */
  static final String MAX_BYTES_SETTING = "${celador.webhook.max-request-bytes:3145728}";

  private RequestBody() {}

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
