package dev.celador.engine.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;

class JsonTextTest {

  @Test
  void quote_controlCharacters_shortEscapesElseLowerCaseHex() {
    assertThat(JsonText.quote("a\"b\\c\nd\re\tf\bg\fh\u0001i\u001Bj"))
        .isEqualTo("\"a\\\"b\\\\c\\nd\\re\\tf\\bg\\fh\\u0001i\\u001bj\"");
  }

  @Test
  void quote_lineAndParagraphSeparators_escaped() {
    assertThat(JsonText.quote("a\u2028b\u2029c")).isEqualTo("\"a\\u2028b\\u2029c\"");
  }

  @Test
  void quote_otherNonAscii_keptAsIs() {
    assertThat(JsonText.quote("é→\uD83D\uDE00/")).isEqualTo("\"é→\uD83D\uDE00/\"");
  }

  @Test
  void write_plainStyle_leavesHtmlCharactersAlone() {
    assertThat(JsonText.write(JsonText.Style.PLAIN, "<a & b>")).isEqualTo("\"<a & b>\"");
  }

  @Test
  void write_goStyle_escapesHtmlCharactersAsEncodingJsonDoes() {
    assertThat(JsonText.write(JsonText.Style.GO, Map.of("k<", "<a & b>\u2028")))
        .isEqualTo("{\"k\\u003c\":\"\\u003ca \\u0026 b\\u003e\\u2028\"}");
  }

  @Test
  void write_mapsListsAndScalars_compactInIterationOrder() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("z", 1);
    value.put("a", List.of(2L, 1.5, true, "s"));
    value.put("n", null);
    value.put("big", new BigInteger("123456789012345678901234567890"));
    value.put("nested", Map.of("k", List.of()));

    assertThat(JsonText.write(JsonText.Style.PLAIN, value))
        .isEqualTo(
            "{\"z\":1,\"a\":[2,1.5,true,\"s\"],\"n\":null,"
                + "\"big\":123456789012345678901234567890,\"nested\":{\"k\":[]}}");
  }

  @Test
  void write_notJsonLike_refused() {
    assertThatThrownBy(() -> JsonText.write(JsonText.Style.PLAIN, new Object()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a JSON value");
  }

  @Test
  void pretty_nestedValues_twoSpacesEmptyBracketsAndFinalNewline() {
    StringWriter out = new StringWriter();

    JsonText.pretty(
        out,
        json -> {
          json.writeStartObject();
          json.writeNumberProperty("n", 1);
          json.writeNumberProperty("percent", 100.0);
          json.writeArrayPropertyStart("empty");
          json.writeEndArray();
          json.writeArrayPropertyStart("items");
          json.writeStartObject();
          json.writeStringProperty("a", "b");
          json.writeEndObject();
          json.writeEndArray();
          json.writeObjectPropertyStart("none");
          json.writeEndObject();
          json.writeEndObject();
        });

    assertThat(out.toString())
        .isEqualTo(
            """
            {
              "n": 1,
              "percent": 100.0,
              "empty": [],
              "items": [
                {
                  "a": "b"
                }
              ],
              "none": {}
            }
            """);
  }

  @Test
  void nonEmptyArray_emptyOrNot_writesOnlyWhenThereAreValues() {
    String json =
        JsonText.compact(
            g -> {
              g.writeStartObject();
              JsonText.nonEmptyArray(g, "none", List.of());
              JsonText.nonEmptyArray(g, "some", List.of("a", "b"));
              g.writeEndObject();
            });

    assertThat(json).isEqualTo("{\"some\":[\"a\",\"b\"]}");
  }

  @Test
  void quote_anyText_readsBackUnchanged() {
    Random random = new Random(20);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      StringBuilder text = new StringBuilder();
      for (int j = random.nextInt(12); j > 0; j--) {
        // Mostly ASCII and controls, some of the BMP; lone surrogates are not text.
        int c = random.nextInt(4) == 0 ? random.nextInt(0xD800) : random.nextInt(0x80);
        text.append((char) c);
      }
      texts.add(text.toString());
    }

    for (String text : texts) {
      try (JsonParser parser =
          JsonText.factory().createParser(ObjectReadContext.empty(), JsonText.quote(text))) {
        assertThat(parser.nextToken()).isEqualTo(JsonToken.VALUE_STRING);
        assertThat(parser.getString()).isEqualTo(text);
      }
    }
  }
}
