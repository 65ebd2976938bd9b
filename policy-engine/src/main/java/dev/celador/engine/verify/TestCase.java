package dev.celador.engine.verify;

import dev.celador.engine.source.SourceLocation;

/**
 * One case of a {@link PolicyTestSuite}: an input for the engine and what it must decide. Each kind
 * of input is its own record with its own expectation, so a new kind (admission requests, which
 * expect warnings and audit annotations) is a new record here and a new branch in {@link
 * CaseRunner}, without reshaping the existing ones.
 */
public sealed interface TestCase permits HttpCase {

  /** The case's name, unique within its suite; reporters show it as {@code suite/name}. */
  String name();

  /** Where the case starts in the suite file. */
  SourceLocation location();
}
