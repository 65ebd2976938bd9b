package dev.celador.engine.internal.jwt;

/** Told about every new key set of a {@link KeySource}, on the thread that fetched it. */
interface KeySetListener {

  void keysChanged(KeySource source, KeySet keys);
}
