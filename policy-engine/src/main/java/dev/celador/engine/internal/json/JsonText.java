package dev.celador.engine.internal.json;

import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.PrettyPrinter;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.CharacterEscapes;
import tools.jackson.core.io.SerializedString;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.core.util.Separators;

/**
 * Celador's one JSON writer: Jackson's streaming generator with one escaping policy, for every JSON
 * text celador writes (deny bodies, log lines, {@code /readyz}, admission responses and audit
 * annotations, the test report; the CLI builds its ObjectMapper on {@link #factory()}).
 *
 * <p>Beyond what RFC 8259 requires, U+2028 and U+2029 are escaped (JavaScript line terminators: a
 * body or log line pasted into a script must not end a string early) and {@code \\u} escapes use
 * lower-case hex, as Go's encoding/json writes them. {@link Style#GO} also escapes {@code <},
 * {@code >} and {@code &} as encoding/json does, for text compared byte for byte with
 * kube-apiserver's.
 *
 * <p>No data binding: writers name each field, so no reflection runs per request.
 */
public final class JsonText {

  /** Which characters beyond the required ones are escaped. */
  public enum Style {
    /** RFC 8259 plus U+2028/U+2029. */
    PLAIN,
    /** As Go's encoding/json: PLAIN plus {@code <}, {@code >} and {@code &}. */
    GO
  }

  private static final JsonFactory PLAIN = factory(false);
  private static final JsonFactory GO = factory(true);

  /** Two-space indentation, {@code "name": value}, {@code []} and {@code {}} when empty. */
  private static final DefaultPrettyPrinter PRETTY =
      new DefaultPrettyPrinter(
              Separators.createDefaultInstance()
                  .withObjectNameValueSpacing(Separators.Spacing.AFTER)
                  .withObjectEmptySeparator("")
                  .withArrayEmptySeparator(""))
          .withArrayIndenter(new DefaultIndenter("  ", "\n"))
          .withObjectIndenter(new DefaultIndenter("  ", "\n"));

  private static final ObjectWriteContext PRETTY_CONTEXT =
      new ObjectWriteContext.Base() {
        @Override
        public PrettyPrinter getPrettyPrinter() {
          return PRETTY.createInstance(); // it counts nesting, so one per generator
        }

        @Override
        public boolean hasPrettyPrinter() {
          return true;
        }
      };

  private JsonText() {}

  /** The factory behind every JSON writer ({@link Style#PLAIN}), for ObjectMappers built on it. */
  public static JsonFactory factory() {
    return PLAIN;
  }

  /** The compact JSON text {@code body} writes. */
  public static String compact(Consumer<JsonGenerator> body) {
    return compact(Style.PLAIN, body);
  }

  public static String compact(Style style, Consumer<JsonGenerator> body) {
    TextCapture out = new TextCapture();
    try (JsonGenerator json =
        (style == Style.GO ? GO : PLAIN).createGenerator(ObjectWriteContext.empty(), out)) {
      body.accept(json);
    }
    return out.text();
  }

  /** Writes {@code body}'s JSON to {@code out} indented for people, with a final newline. */
  public static void pretty(Writer out, Consumer<JsonGenerator> body) {
    try (JsonGenerator json = PLAIN.createGenerator(PRETTY_CONTEXT, out)) {
      body.accept(json);
    }
    try {
      out.write('\n');
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** {@code text} as a JSON string literal. */
  public static String quote(String text) {
    return compact(json -> json.writeString(text));
  }

  /** {@code value} (maps, lists, strings, numbers, booleans, null) as compact JSON text. */
  public static String write(Style style, Object value) {
    return compact(style, json -> writeValue(json, value));
  }

  /**
   * Writes a JSON-like value: maps (keys in their iteration order, as strings), iterables, strings,
   * numbers, booleans and null.
   */
  public static void writeValue(JsonGenerator json, Object value) {
    if (value == null) {
      json.writeNull();
    } else if (value instanceof String s) {
      json.writeString(s);
    } else if (value instanceof Boolean b) {
      json.writeBoolean(b);
    } else if (value instanceof Long || value instanceof Integer || value instanceof Short) {
      json.writeNumber(((Number) value).longValue());
    } else if (value instanceof Double || value instanceof Float) {
      json.writeNumber(((Number) value).doubleValue());
    } else if (value instanceof BigInteger big) {
      json.writeNumber(big);
    } else if (value instanceof BigDecimal decimal) {
      json.writeNumber(decimal);
    } else if (value instanceof Number number) {
      json.writeNumber(number.toString());
    } else if (value instanceof Map<?, ?> map) {
      json.writeStartObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        json.writeName(String.valueOf(e.getKey()));
        writeValue(json, e.getValue());
      }
      json.writeEndObject();
    } else if (value instanceof Iterable<?> items) {
      json.writeStartArray();
      for (Object item : items) {
        writeValue(json, item);
      }
      json.writeEndArray();
    } else {
      throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
    }
  }

  /** Writes {@code name: [values...]}, or nothing when {@code values} is empty. */
  public static void nonEmptyArray(JsonGenerator json, String name, List<String> values) {
    if (values.isEmpty()) {
      return;
    }
    json.writeArrayPropertyStart(name);
    for (String value : values) {
      json.writeString(value);
    }
    json.writeEndArray();
  }

  private static JsonFactory factory(boolean go) {
    return JsonFactory.builder()
        // Per thread, as Jackson 2 did: the default pool allocates a queue node per generator,
        // and every generator here lives and dies on one request thread.
        .recyclerPool(JsonRecyclerPools.threadLocalPool())
        .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
        .characterEscapes(new Escapes(go))
        .build();
  }

  /** The standard JSON escapes, U+2028/U+2029, and for Go {@code < > &}. */
  private static final class Escapes extends CharacterEscapes {

    private static final long serialVersionUID = 1L;
    private static final SerializableString LINE_SEPARATOR = new SerializedString("\\u2028");
    private static final SerializableString PARAGRAPH_SEPARATOR = new SerializedString("\\u2029");

    private final int[] ascii;

    Escapes(boolean go) {
      ascii = CharacterEscapes.standardAsciiEscapesForJSON();
      if (go) {
        ascii['<'] = CharacterEscapes.ESCAPE_STANDARD;
        ascii['>'] = CharacterEscapes.ESCAPE_STANDARD;
        ascii['&'] = CharacterEscapes.ESCAPE_STANDARD;
      }
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return ch == 0x2028 ? LINE_SEPARATOR : ch == 0x2029 ? PARAGRAPH_SEPARATOR : null;
    }
  }
}
