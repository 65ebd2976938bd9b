package dev.celador.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

class JsonLineEncoderTest {

  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
  private final Logger logger = context.getLogger("dev.celador.cli.serve.ServeRuntime");
  private final JsonLineEncoder encoder = new JsonLineEncoder();
  private final ObjectMapper json = new ObjectMapper();

  private LoggingEvent event(Level level, String msg, Throwable thrown) {
    LoggingEvent event = new LoggingEvent("fqcn", logger, level, msg, thrown, null);
    event.setInstant(Instant.parse("2026-12-07T08:30:00.123456Z"));
    return event;
  }

  private String encode(LoggingEvent event) {
    return new String(encoder.encode(event), StandardCharsets.UTF_8);
  }

  @Test
  void encode_infoWithFields_oneJsonLineWithTimeLevelLoggerMsgAndTypedFields() {
    LoggingEvent event = event(Level.INFO, "listening", null);
    event.addKeyValuePair(new KeyValuePair("grpc_port", 9191));
    event.addKeyValuePair(new KeyValuePair("grpc_socket", ""));
    event.addKeyValuePair(new KeyValuePair("warm", true));

    String line = encode(event);

    assertThat(line)
        .isEqualTo(
            "{\"time\":\"2026-12-07T08:30:00.123456Z\",\"level\":\"info\","
                + "\"logger\":\"dev.celador.cli.serve.ServeRuntime\",\"msg\":\"listening\","
                + "\"grpc_port\":9191,\"grpc_socket\":\"\",\"warm\":true}\n");
  }

  @Test
  void encode_lineBreakingCharacters_escapedSoTheLineStaysOne() {
    String hostile = "a\nb\r\"c\u2028d\u2029e\u0000f\u001b[31m\\g";
    LoggingEvent event = event(Level.WARN, hostile, null);
    event.addKeyValuePair(new KeyValuePair("error", hostile));

    String line = encode(event);

    assertThat(line).endsWith("}\n");
    assertThat(line.substring(0, line.length() - 1))
        .doesNotContain("\n", "\r", "\u2028", "\u2029", "\u0000", "\u001b")
        .contains("\\u2028", "\\u2029", "\\u0000", "\\u001b", "\\n", "\\r", "\\\"", "\\\\");
    JsonNode parsed = json.readTree(line);
    assertThat(parsed.get("msg").asString()).isEqualTo(hostile);
    assertThat(parsed.get("error").asString()).isEqualTo(hostile);
    assertThat(parsed.get("level").asString()).isEqualTo("warn");
  }

  @Test
  void encode_exception_stackTraceAsOneStringField() {
    IllegalStateException thrown =
        new IllegalStateException("outer", new java.io.IOException("inner"));

    JsonNode parsed = json.readTree(encode(event(Level.ERROR, "policy reload failed", thrown)));

    assertThat(parsed.get("level").asString()).isEqualTo("error");
    assertThat(parsed.get("exception").asString())
        .startsWith("java.lang.IllegalStateException: outer")
        .contains("\tat dev.celador.logging.JsonLineEncoderTest")
        .contains("Caused by: java.io.IOException: inner");
  }

  @Test
  void encode_fieldNamedLikeAReservedOne_writtenWithUnderscoreSoItCannotHideIt() {
    LoggingEvent event = event(Level.INFO, "the real message", null);
    event.addKeyValuePair(new KeyValuePair("msg", "forged"));
    event.addKeyValuePair(new KeyValuePair("level", "error"));
    event.setMDCPropertyMap(Map.of("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736"));

    JsonNode parsed = json.readTree(encode(event));

    assertThat(parsed.get("msg").asString()).isEqualTo("the real message");
    assertThat(parsed.get("level").asString()).isEqualTo("info");
    assertThat(parsed.get("_msg").asString()).isEqualTo("forged");
    assertThat(parsed.get("_level").asString()).isEqualTo("error");
    assertThat(parsed.get("trace_id").asString()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
  }

  @Test
  void encode_formattedMessageWithArguments_msgIsTheFormattedText() {
    LoggingEvent event =
        new LoggingEvent(
            "fqcn", logger, Level.INFO, "reloaded: {} policies", null, new Object[] {3});

    assertThat(json.readTree(encode(event)).get("msg").asString())
        .isEqualTo("reloaded: 3 policies");
  }
}
