package dev.celador.webhook;

import dev.celador.engine.internal.admission.BadReviewException;
import dev.celador.engine.internal.cel.JsonValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an AdmissionReview's JSON in one pass: the envelope into maps, lists and scalars exactly as
 * Jackson's untyped reading gives them, and {@code request.object}, {@code oldObject} and {@code
 * options} straight into the engine's CEL values ({@link JsonValues#jsonObject}), which the engine
 * would otherwise build by copying the parsed tree once more. Anything unusual (empty or trailing
 * input, a parse error) is read again with {@link JsonMapper#readValue}, so errors are Jackson's. A
 * key that appears twice in one object, anywhere, is refused: which of the two a reader keeps
 * differs between JSON libraries, and a policy must see what the API server meant.
 */
final class ReviewJson {

  /** The fields of {@code request} the policies see as CEL values. */
  private static final Set<String> CEL_FIELDS = Set.of("object", "oldObject", "options");

  private ReviewJson() {}

  static Object read(JsonMapper json, byte[] body) throws JacksonException, BadReviewException {
    try (JsonParser parser = json.createParser(body)) {
      JsonToken first = parser.nextToken();
      if (first != null) {
        Object review = envelope(parser, first, 0);
        if (parser.nextToken() == null) {
          return review;
        }
      }
    } catch (JacksonException | IllegalStateException e) {
      // Read again below, for Jackson's own error.
    } catch (DuplicateKey e) {
      throw new BadReviewException(e.path + ": duplicate key");
    }
    return json.readValue(body, Object.class);
  }

  /** Depth 0 is the review, 1 its {@code request}. */
  private static Object envelope(JsonParser parser, JsonToken token, int depth) {
    switch (token) {
      case START_OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
          String name = parser.currentName();
          JsonToken value = parser.nextToken();
          int size = map.size();
          try {
            if (depth == 1 && CEL_FIELDS.contains(name)) {
              map.put(name, value == JsonToken.VALUE_NULL ? null : cel(parser, value));
            } else {
              map.put(name, envelope(parser, value, depth == 0 && name.equals("request") ? 1 : 2));
            }
          } catch (DuplicateKey e) {
            throw e.under(name);
          }
          DuplicateKey.check(map, size, name);
        }
        return map;
      }
      case START_ARRAY -> {
        List<Object> list = new ArrayList<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
          try {
            list.add(envelope(parser, t, 2));
          } catch (DuplicateKey e) {
            throw e.under(list.size());
          }
        }
        return list;
      }
      default -> {
        return scalar(parser, token);
      }
    }
  }

  /** A JSON value as {@link JsonValues#toCel} would convert it from the untyped tree. */
  private static Object cel(JsonParser parser, JsonToken token) {
    switch (token) {
      case START_OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
          String name = parser.currentName();
          int size = map.size();
          try {
            map.put(name, cel(parser, parser.nextToken()));
          } catch (DuplicateKey e) {
            throw e.under(name);
          }
          DuplicateKey.check(map, size, name);
        }
        return JsonValues.jsonObject(map);
      }
      case START_ARRAY -> {
        List<Object> list = new ArrayList<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
          try {
            list.add(cel(parser, t));
          } catch (DuplicateKey e) {
            throw e.under(list.size());
          }
        }
        return JsonValues.jsonArray(list);
      }
      default -> {
        return JsonValues.toCel(scalar(parser, token));
      }
    }
  }

  /** A scalar as Jackson's untyped reading gives it (Integer, Long or BigInteger; Double). */
  private static Object scalar(JsonParser parser, JsonToken token) {
    return switch (token) {
      case VALUE_STRING -> parser.getString();
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getNumberValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      default -> throw new IllegalStateException("unexpected JSON token " + token);
    };
  }

  /**
   * A key seen twice, with its path built while unwinding ({@code request.object.spec}); not an
   * IllegalStateException, so {@link #read} does not mistake it for a parse error.
   */
  private static final class DuplicateKey extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String path;

    private DuplicateKey(String path) {
      super(path, null, false, false);
      this.path = path;
    }

    /** Throws when putting {@code name} left {@code map} at its {@code sizeBefore}. */
    static void check(Map<String, Object> map, int sizeBefore, String name) {
      if (map.size() == sizeBefore) {
        throw new DuplicateKey(name);
      }
    }

    DuplicateKey under(String name) {
      return new DuplicateKey(name + (path.startsWith("[") ? "" : ".") + path);
    }

    DuplicateKey under(int index) {
      return new DuplicateKey("[" + index + "]" + (path.startsWith("[") ? "" : ".") + path);
    }
  }
}
