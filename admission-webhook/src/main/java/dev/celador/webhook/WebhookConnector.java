package dev.celador.webhook;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Runs the HTTPS connector with {@link ConnectionDeadlinesProtocol}: a TLS handshake or a request
 * head that takes longer than {@code celador.webhook.header-timeout} (default 10s) is cut off, and
 * while the connector is nearly full, after {@code celador.webhook.header-timeout-when-full}
 * (default 10s, the same: see the README for the trade-off). The other connection limits (read and
 * idle timeouts, connection count, backlog, requests per connection) are Tomcat's own, set in
 * application.properties.
 */
@Component
class WebhookConnector implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

  private final Duration headerTimeout;
  private final Duration whenFull;

  WebhookConnector(
      @Value("${celador.webhook.header-timeout:10s}") Duration headerTimeout,
      @Value("${celador.webhook.header-timeout-when-full:10s}") Duration whenFull) {
    this.headerTimeout = positive("celador.webhook.header-timeout", headerTimeout);
    this.whenFull = positive("celador.webhook.header-timeout-when-full", whenFull);
  }

  private static Duration positive(String setting, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(setting + " must be positive, got " + value);
    }
    return value;
  }

  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    factory.setProtocol(ConnectionDeadlinesProtocol.class.getName());
    factory.addProtocolHandlerCustomizers(
        protocol -> {
          if (protocol instanceof ConnectionDeadlinesProtocol deadlines) {
            deadlines.setHeaderTimeoutMillis(headerTimeout.toMillis());
            deadlines.setWhenFullMillis(whenFull.toMillis());
          }
        });
  }
}
