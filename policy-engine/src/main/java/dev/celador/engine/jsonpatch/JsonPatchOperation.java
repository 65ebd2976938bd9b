package dev.celador.engine.jsonpatch;

/**
 * One RFC 6902 operation. {@code value} is parsed JSON (maps, lists, strings, numbers, booleans,
 * null); {@code hasValue} tells an absent value from JSON null.
 *
 * @param from the source pointer of {@code move} and {@code copy}; "" when absent
 */
public record JsonPatchOperation(
    String op, String path, String from, Object value, boolean hasValue) {}
