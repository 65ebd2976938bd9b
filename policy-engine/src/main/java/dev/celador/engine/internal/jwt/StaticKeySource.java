package dev.celador.engine.internal.jwt;

import java.util.concurrent.CompletableFuture;

/** Keys fixed when the policies load: an inline JWKS, a JWKS file, or an HMAC secret. */
final class StaticKeySource implements KeySource {

  private final String name;
  private final KeySet keys;

  StaticKeySource(String name, KeySet keys) {
    this.name = name;
    this.keys = keys;
  }

  @Override
  public KeySet current() {
    return keys;
  }

  @Override
  public CompletableFuture<KeySet> refreshForUnknownKey() {
    return null;
  }

  @Override
  public void start() {}

  @Override
  public CompletableFuture<KeySet> firstFetch() {
    return CompletableFuture.completedFuture(keys);
  }

  @Override
  public void addListener(KeySetListener listener) {}

  @Override
  public KeySourceStats stats() {
    return KeySourceStats.fixed(name, keys.size());
  }

  @Override
  public void close() {}
}
