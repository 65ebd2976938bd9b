package dev.celador.webhook;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.UpgradeProtocol;
import org.apache.coyote.http2.Http2Protocol;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.stereotype.Component;

/**
 * The HTTP/2 initial window size the webhook announces ({@code
 * celador.webhook.http2.initial-window-size}, default Tomcat's 65535). Tomcat allocates two buffers
 * of this size for every request body it reads, so with the default each review costs 128 KB of
 * garbage before any policy runs; a smaller window costs large bodies more round trips instead.
 */
@Component
class Http2WindowSize implements TomcatConnectorCustomizer {

  private final int initialWindowSize;

  Http2WindowSize(
      @Value("${celador.webhook.http2.initial-window-size:65535}") int initialWindowSize) {
    this.initialWindowSize = initialWindowSize;
  }

  @Override
  public void customize(Connector connector) {
    for (UpgradeProtocol protocol : connector.findUpgradeProtocols()) {
      if (protocol instanceof Http2Protocol http2) {
        http2.setInitialWindowSize(initialWindowSize);
      }
    }
  }
}
