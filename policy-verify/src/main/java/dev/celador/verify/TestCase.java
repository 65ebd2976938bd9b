package dev.celador.verify;

import dev.celador.engine.internal.source.SourceLocation;

/**
 * One case of a {@link PolicyTestSuite}: an input for the engine and what it must decide. Each kind
 * of input is its own record with its own expectation: {@link HttpCase} goes to the HTTP
 * authorization engine, {@link AdmissionCase} to the admission policies; {@link CaseRunner} routes.
 */
public sealed interface TestCase permits HttpCase, AdmissionCase {

  /** The case's name, unique within its suite; reporters show it as {@code suite/name}. */
  String name();

  /** Where the case starts in the suite file. */
  SourceLocation location();
}
