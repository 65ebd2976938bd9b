package dev.celador.verify;

import dev.celador.engine.internal.source.SourceLocation;
import dev.celador.verify.request.FieldReader;
import dev.celador.verify.request.InputNode;

/**
 * A suite value given either inline or as a fixture's name: {@code object: {kind: Pod, ...}} or
 * {@code object: privileged-pod} (read from {@code testdata/privileged-pod.yaml}). Errors about the
 * value then point into whichever file holds it.
 */
final class InlineOrFixture {

  /** The value's tree and the file it is in, for positions. */
  record Value(String file, InputNode tree) {}

  private final String file;
  private final Fixtures fixtures;

  InlineOrFixture(String file, Fixtures fixtures) {
    this.file = file;
    this.fixtures = fixtures;
  }

  /** {@code node} itself, or the fixture it names when it is a string. */
  Value resolve(InputNode node) {
    if (node.kind() != InputNode.Kind.STRING) {
      return new Value(file, node);
    }
    SourceLocation at = new SourceLocation(file, node.position().line(), node.position().column());
    Fixtures.Fixture loaded = fixtures.load(node.text(), at);
    return new Value(loaded.file(), loaded.tree());
  }

  /** An object given inline or by fixture; fails at the value when it is anything else. */
  Value object(FieldReader parent, String field) {
    InputNode node = parent.field(field).orElseThrow();
    Value value = resolve(node);
    if (!value.tree().isObject()) {
      throw parent.error(
          node.position(),
          "'"
              + parent.qualified(field)
              + "' must be an object or a fixture's name, found "
              + value.tree().kind().description()
              + (value.file().equals(file) ? "" : " in " + value.file()));
    }
    return value;
  }
}
