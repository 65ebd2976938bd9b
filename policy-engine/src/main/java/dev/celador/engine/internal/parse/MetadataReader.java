package dev.celador.engine.internal.parse;

import dev.celador.engine.internal.model.Metadata;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the Kubernetes-style {@code metadata} block common to every kind. */
final class MetadataReader {

  static final List<String> FIELDS = List.of("name", "namespace", "labels", "annotations");

  /**
   * The metadata in {@code value}, or empty if the name is unusable. The returned location is that
   * of the name's value, since problems with a whole policy (such as a duplicate) read best there.
   */
  Optional<Metadata> read(Value value) {
    Optional<MappingReader> mapping = value.asMapping();
    if (mapping.isEmpty()) {
      return Optional.empty();
    }
    MappingReader metadata = mapping.get().allowOnly(FIELDS);
    Optional<Value> nameValue = metadata.required("name");
    Optional<String> name =
        nameValue.flatMap(v -> v.asString().flatMap(text -> v.check(text, Names.SUBDOMAIN)));
    String namespace =
        metadata
            .optional("namespace")
            .flatMap(v -> v.asString().flatMap(text -> v.check(text, Names.LABEL)))
            .orElse("");
    Map<String, String> labels =
        metadata.optional("labels").flatMap(Value::asStringMap).orElse(Map.of());
    // Annotations are accepted for kubectl and GitOps tools, and otherwise unused.
    metadata.optional("annotations").ifPresent(Value::asStringMap);
    if (name.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Metadata(name.get(), namespace, labels, nameValue.get().location()));
  }
}
