package dev.celador.engine.internal.jwt;

import java.util.concurrent.CompletableFuture;

/**
 * Where an issuer's keys come from. Two implementations: keys fixed by the policy (inline JWKS, a
 * JWKS file, an HMAC secret) and keys fetched over HTTP in the background.
 */
public interface KeySource {

  /** The current keys; never blocks, empty before the first successful fetch. */
  KeySet current();

  /**
   * Asks for fresh keys because a token named a key that {@link #current()} lacks. Returns the
   * fetch to wait for (started now or already running, shared by every request that asks while it
   * runs), or null when no fetch may start (the source is fixed, or the minimum interval between
   * fetches has not passed). The future completes when the fetch ends, or exceptionally with a
   * {@link java.util.concurrent.TimeoutException} once the fetch timeout has passed since the first
   * request began waiting for it; waiting on it never takes longer. It may complete on the source's
   * own thread: whoever waits on it continues there.
   */
  CompletableFuture<KeySet> refreshForUnknownKey();

  /** Starts background fetching, if this source fetches at all; idempotent. */
  void start();

  /**
   * Completes when the first fetch has finished, successfully or not (at once for keys fixed by the
   * policy); starts fetching if that has not happened yet.
   */
  CompletableFuture<KeySet> firstFetch();

  /**
   * Tells {@code listener} about every new key set. Held weakly, so registering does not keep a
   * replaced policy set alive; keys fixed by the policy never change and never call it.
   */
  void addListener(KeySetListener listener);

  /** Counters for metrics and readiness. */
  KeySourceStats stats();

  /** Stops background fetching; {@link #current()} keeps answering with the last keys. */
  void close();
}
