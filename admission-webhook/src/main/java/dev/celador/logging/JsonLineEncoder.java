package dev.celador.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import dev.celador.engine.internal.json.JsonText;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.event.KeyValuePair;
import tools.jackson.core.JsonGenerator;

/**
 * Celador's operational log format, one JSON object per line, for {@code celador serve}, the
 * admission webhook (standalone and inside serve) and the cluster sources alike: {@code time} (RFC
 * 3339, UTC), {@code level} (lower case), {@code logger}, {@code msg}, then the event's key/value
 * pairs ({@code log.atInfo().addKeyValue("policies", 5).log("listening")}) and MDC entries as
 * fields, and {@code exception}, the stack trace as one string. Written by the one JSON writer,
 * {@link JsonText}: control characters and U+2028/U+2029 are escaped, so a value can never break a
 * line. A field named like one of the five is written with a leading underscore, so it cannot hide
 * them. Configured in the {@code logback.xml} files; docs/serve.md#log describes the format.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {

  private static final Set<String> RESERVED = Set.of("time", "level", "logger", "msg", "exception");
  private static final byte[] NONE = new byte[0];

  @Override
  public byte[] headerBytes() {
    return NONE;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    String line = JsonText.compact(json -> write(json, event));
    return (line + "\n").getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public byte[] footerBytes() {
    return NONE;
  }

  private static void write(JsonGenerator json, ILoggingEvent event) {
    json.writeStartObject();
    json.writeStringProperty("time", event.getInstant().toString());
    json.writeStringProperty("level", event.getLevel().toString().toLowerCase(Locale.ROOT));
    json.writeStringProperty("logger", event.getLoggerName());
    String msg = event.getFormattedMessage();
    json.writeStringProperty("msg", msg == null ? "" : msg);
    List<KeyValuePair> pairs = event.getKeyValuePairs();
    if (pairs != null) {
      for (KeyValuePair pair : pairs) {
        field(json, pair.key, pair.value);
      }
    }
    Map<String, String> mdc = event.getMDCPropertyMap();
    if (mdc != null) {
      mdc.forEach((k, v) -> field(json, k, v));
    }
    IThrowableProxy thrown = event.getThrowableProxy();
    if (thrown != null) {
      json.writeStringProperty("exception", ThrowableProxyUtil.asString(thrown));
    }
    json.writeEndObject();
  }

  /** Numbers and booleans as JSON numbers and booleans, everything else as its string. */
  private static void field(JsonGenerator json, String key, Object value) {
    json.writeName(RESERVED.contains(key) ? "_" + key : key);
    if (value == null) {
      json.writeNull();
    } else if (value instanceof Number || value instanceof Boolean) {
      JsonText.writeValue(json, value);
    } else {
      json.writeString(String.valueOf(value));
    }
  }
}
