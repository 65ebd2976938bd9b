package dev.celador.engine.parse;

import dev.celador.engine.source.SourceFile;

/** Reads Kubernetes-style policy YAML into model records, keeping the position of every node. */
public final class PolicyParser {

  public ParseResult parse(SourceFile file) {
    throw new UnsupportedOperationException("not yet implemented");
  }
}
