package dev.celador.extauthz.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts protobuf values into the JSON-like maps and lists the engine's {@code object} reads. */
final class ProtoValues {

  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().omittingInsignificantWhitespace();

  private ProtoValues() {}

  /** {@code message} in proto3 JSON form (camelCase names), as plain maps and lists. */
  static Map<String, Object> toMap(MessageOrBuilder message) {
    try {
      Struct.Builder struct = Struct.newBuilder();
      JsonFormat.parser().merge(PRINTER.print(message), struct);
      return toMap(struct.build());
    } catch (InvalidProtocolBufferException e) {
      // Typed metadata (Any) of unknown types cannot be printed: expose what we can.
      return Map.of();
    }
  }

  static Map<String, Object> toMap(Struct struct) {
    Map<String, Object> map = new LinkedHashMap<>(Math.max(4, struct.getFieldsCount() * 2));
    struct.getFieldsMap().forEach((k, v) -> map.put(k, toPlain(v)));
    return map;
  }

  static Object toPlain(Value value) {
    return switch (value.getKindCase()) {
      case NULL_VALUE, KIND_NOT_SET -> null;
      case NUMBER_VALUE -> value.getNumberValue();
      case STRING_VALUE -> value.getStringValue();
      case BOOL_VALUE -> value.getBoolValue();
      case STRUCT_VALUE -> toMap(value.getStructValue());
      case LIST_VALUE -> toList(value.getListValue());
    };
  }

  private static List<Object> toList(ListValue list) {
    List<Object> out = new ArrayList<>(list.getValuesCount());
    list.getValuesList().forEach(v -> out.add(toPlain(v)));
    return out;
  }
}
