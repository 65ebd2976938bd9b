package dev.celador.ratelimit.redis;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys and arguments of one run of gcra-acquire-batch.lua for a batch of requests: each bucket
 * once, with its rate, then each request as bucket numbers. Under load the requests of a batch
 * mostly check the same few buckets (one per tenant, or one for a whole route), so this sends, and
 * Redis parses, a key once per batch instead of once per request, and the script reads and writes
 * it once.
 */
record ScriptCall(String[] keys, String[] args) {

  /** A bucket at one rate: during a policy reload one key may be checked at two. */
  private record Bucket(String key, long intervalMicros, long signedBurst) {}

  static ScriptCall of(List<CheckBatcher.Pending> batch) {
    int checks = 0;
    for (CheckBatcher.Pending p : batch) {
      checks += p.keys().length;
    }
    Map<Bucket, Integer> numbers = new HashMap<>();
    int[] numberOfCheck = new int[checks];
    int c = 0;
    for (CheckBatcher.Pending p : batch) {
      for (int i = 0; i < p.keys().length; i++) {
        Bucket bucket = new Bucket(p.keys()[i], p.rates()[2 * i], p.rates()[2 * i + 1]);
        Integer number = numbers.putIfAbsent(bucket, numbers.size() + 1);
        numberOfCheck[c++] = number == null ? numbers.size() : number;
      }
    }
    String[] keys = new String[numbers.size()];
    String[] args = new String[1 + 2 * keys.length + batch.size() + checks];
    args[0] = Integer.toString(batch.size());
    for (Map.Entry<Bucket, Integer> e : numbers.entrySet()) {
      int b = e.getValue();
      keys[b - 1] = e.getKey().key();
      args[2 * b - 1] = Long.toString(e.getKey().intervalMicros());
      args[2 * b] = Long.toString(e.getKey().signedBurst());
    }
    int a = 1 + 2 * keys.length;
    c = 0;
    for (CheckBatcher.Pending p : batch) {
      args[a++] = Integer.toString(p.keys().length);
      for (int i = 0; i < p.keys().length; i++) {
        args[a++] = Integer.toString(numberOfCheck[c++]);
      }
    }
    return new ScriptCall(keys, args);
  }
}
