package dev.celador.engine.internal.cel.k8s;

import com.google.errorprone.annotations.Immutable;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.values.OpaqueValue;
import java.util.List;
import java.util.function.Function;

/** One of the named formats of {@code format.*}; {@code validate} lists what is wrong. */
@Immutable
final class NamedFormat extends OpaqueValue {

  private final String name;

  @SuppressWarnings("Immutable") // stateless validator functions
  private final Function<String, List<String>> validator;

  NamedFormat(String name, Function<String, List<String>> validator) {
    this.name = name;
    this.validator = validator;
  }

  /** The problems of {@code text} in this format; empty when it is valid. */
  List<String> validate(String text) {
    return validator.apply(text);
  }

  @Override
  public Object value() {
    return this;
  }

  @Override
  public OpaqueType celType() {
    return KubeTypes.FORMAT;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NamedFormat f && f.name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return name;
  }
}
