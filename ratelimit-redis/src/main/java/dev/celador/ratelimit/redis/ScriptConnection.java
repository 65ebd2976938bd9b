package dev.celador.ratelimit.redis;

import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;

/**
 * A connection to one Redis server or to a Redis Cluster, as far as the store uses it: scripts. The
 * cluster connection sends each script to the master of its keys' slot.
 */
record ScriptConnection(
    StatefulConnection<String, String> connection,
    RedisScriptingAsyncCommands<String, String> scripts) {

  static ScriptConnection of(StatefulRedisConnection<String, String> redis) {
    return new ScriptConnection(redis, redis.async());
  }

  static ScriptConnection of(StatefulRedisClusterConnection<String, String> cluster) {
    return new ScriptConnection(cluster, cluster.async());
  }

  boolean isOpen() {
    return connection.isOpen();
  }

  void close() {
    connection.close();
  }
}
