package dev.celador.engine.internal.model;

import dev.celador.engine.internal.source.SourceLocation;

/** One YAML document of a known kind, as the parser read it. */
public interface PolicyDocument {

  /** The API group and version this parser accepts for Celador's own kinds. */
  String API_VERSION = "celador.dev/v1alpha1";

  String kind();

  Metadata metadata();

  /** Where the document starts (its first key). */
  SourceLocation location();
}
