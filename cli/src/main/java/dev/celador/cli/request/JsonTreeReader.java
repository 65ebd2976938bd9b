package dev.celador.cli.request;

import dev.celador.verify.request.InputNode;
import dev.celador.verify.request.InputNode.Kind;
import dev.celador.verify.request.InputNode.Member;
import dev.celador.verify.request.InputNode.Position;
import dev.celador.verify.request.RequestFileException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;

/** Reads JSON text into an {@link InputNode} tree that remembers where every value was written. */
final class JsonTreeReader {

  /** Deeper nesting than this is not a request anyone writes; refuse it before the stack does. */
  private static final int MAX_DEPTH = 200;

  private static final JsonFactory FACTORY =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private final String file;

  JsonTreeReader(String file) {
    this.file = file;
  }

  InputNode read(String text) {
    try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new RequestFileException(file + ": the file is empty");
      }
      InputNode root = readValue(parser, 0);
      JsonToken trailing = parser.nextToken();
      if (trailing != null) {
        throw RequestFileException.at(
            file,
            position(parser.currentTokenLocation()),
            "invalid JSON: unexpected content after the end of the document");
      }
      return root;
    } catch (JacksonException e) {
      throw new RequestFileException(
          file + ":" + position(e.getLocation()) + ": invalid JSON: " + e.getOriginalMessage(), e);
    }
  }

  private InputNode readValue(JsonParser parser, int depth) {
    Position at = position(parser.currentTokenLocation());
    if (depth > MAX_DEPTH) {
      throw RequestFileException.at(file, at, "nested deeper than " + MAX_DEPTH + " levels");
    }
    JsonToken token = parser.currentToken();
    return switch (token) {
      case START_OBJECT -> readObject(parser, depth, at);
      case START_ARRAY -> readArray(parser, depth, at);
      case VALUE_STRING ->
          InputNode.scalar(Kind.STRING, parser.getString(), parser.getString(), at);
      case VALUE_NUMBER_INT -> InputNode.scalar(Kind.NUMBER, integer(parser), parser.getText(), at);
      case VALUE_NUMBER_FLOAT ->
          InputNode.scalar(Kind.NUMBER, parser.getDoubleValue(), parser.getText(), at);
      case VALUE_TRUE -> InputNode.scalar(Kind.BOOLEAN, Boolean.TRUE, "true", at);
      case VALUE_FALSE -> InputNode.scalar(Kind.BOOLEAN, Boolean.FALSE, "false", at);
      case VALUE_NULL -> InputNode.scalar(Kind.NULL, null, "null", at);
      default -> throw RequestFileException.at(file, at, "invalid JSON: unexpected " + token);
    };
  }

  private InputNode readObject(JsonParser parser, int depth, Position at) {
    Map<String, Member> members = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
      String name = parser.currentName();
      Position namePosition = position(parser.currentTokenLocation());
      parser.nextToken();
      members.put(name, new Member(name, namePosition, readValue(parser, depth + 1)));
    }
    return InputNode.object(members, at);
  }

  private InputNode readArray(JsonParser parser, int depth, Position at) {
    List<InputNode> items = new ArrayList<>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      items.add(readValue(parser, depth + 1));
    }
    return InputNode.array(items, at);
  }

  private static Object integer(JsonParser parser) {
    return switch (parser.getNumberType()) {
      case INT, LONG -> parser.getLongValue();
      default -> parser.getBigIntegerValue();
    };
  }

  private static Position position(TokenStreamLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return new Position(1, 1);
    }
    return new Position(location.getLineNr(), Math.max(1, location.getColumnNr()));
  }
}
