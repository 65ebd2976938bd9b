package dev.celador.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.http2.Http2Protocol;
import org.junit.jupiter.api.Test;

class Http2WindowSizeTest {

  @Test
  void customize_http2Connector_announcesTheConfiguredWindow() {
    Connector connector = new Connector();
    Http2Protocol http2 = new Http2Protocol();
    connector.addUpgradeProtocol(http2);

    new Http2WindowSize(16384).customize(connector);

    assertThat(http2.getInitialWindowSize()).isEqualTo(16384);
  }
}
