#!/usr/bin/env bash
# Isolation: what a stalled Redis does to a route that has no Redis limit. Starts a redis-server
# and one `celador serve` on the policies of benchmarks/ext-authz.sh with the per-caller limit on
# Redis (failureMode open). h2load keeps the Redis-limited route busy (check.bin) while a second
# h2load measures per-request latency on a route without any limit (check-unlimited.bin), in
# alternating phases: Redis healthy, then Redis stalled for STALL seconds (DEBUG SLEEP: Redis
# answers nothing, connections stay open). Reported: p50/p99/max of the unlimited route in each
# phase (target: stalled p99 <= 1.5x healthy), and the Redis-limited route's throughput.
#
#   benchmarks/redis-stall.sh      # needs h2load and redis-server (nghttp2-client, redis-server)
#
# Env: STALL (seconds, default 5), ROUNDS (2), STREAMS (4: the measured route's concurrency),
#      CELADOR_JAR (default cli/target/celador.jar).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
stall="${STALL:-5}"
rounds="${ROUNDS:-2}"
streams="${STREAMS:-4}"
source "$root/benchmarks/grpc-check-load.sh"
require_tools h2load redis-server redis-cli
build_jars "$root"
work="$(mktemp -d)"; [[ -n "${KEEP:-}" ]] && echo "work dir: $work" >&2
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; [[ -n "${KEEP:-}" ]] || rm -rf "$work"; }
trap cleanup EXIT
java -cp "$root/benchmarks/target/benchmarks.jar" dev.celador.benchmarks.ExtAuthzBenchSetup "$work" redis

redis_port="$(free_port)"
redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no \
  --enable-debug-command local --dir "$work" >"$work/redis.log" 2>&1 &
pids+=($!)
until redis-cli -p "$redis_port" ping >/dev/null 2>&1; do sleep 0.05; done
grpc="$(free_port)"; mgmt="$(free_port)"
java -jar "${CELADOR_JAR:-$root/cli/target/celador.jar}" serve --policies "$work/policies-redis" \
  --set celador.server.host=127.0.0.1 --set celador.management.host=127.0.0.1 \
  --set celador.grpc.port="$grpc" --set celador.http.port="$(free_port)" \
  --set celador.management.port="$mgmt" --set celador.decision-log.enabled=false \
  --set celador.ratelimit.redis.url="redis://127.0.0.1:$redis_port" \
  >/dev/null 2>"$work/celador.err" &
pids+=($!)
until curl -sf "http://127.0.0.1:$mgmt/readyz" >/dev/null; do sleep 0.05; done

# percentiles FILE: p50 p99 max of h2load's per-request log (3rd column: microseconds).
percentiles() {
  awk '{print $3}' "$1" | sort -n | awk '{v[NR]=$1} END {
    i50=int(NR*0.50); if (i50<1) i50=1; i99=int(NR*0.99); if (i99<1) i99=1;
    printf "%d %d %d %d", v[i50], v[i99], v[NR], NR}'
}
# phase NAME: STALL seconds of load on both routes; with NAME=stalled, Redis sleeps meanwhile.
phase() {
  local log="$work/$1-$2.log" limited sleeper=
  h2load -D "$stall" -c 1 -m 16 -d "$work/check.bin" -H 'content-type: application/grpc' \
    -H 'te: trailers' "http://127.0.0.1:$grpc/envoy.service.auth.v3.Authorization/Check" \
    >"$work/limited.out" 2>&1 &
  limited=$!
  sleep 0.2
  if [[ "$1" == stalled ]]; then
    redis-cli -p "$redis_port" debug sleep "$stall" >/dev/null &
    sleeper=$!
  fi
  h2load -D "$stall" -c 1 -m "$streams" -d "$work/check-unlimited.bin" --log-file="$log" \
    -H 'content-type: application/grpc' -H 'te: trailers' \
    "http://127.0.0.1:$grpc/envoy.service.auth.v3.Authorization/Check" | ok
  wait "$limited"
  [[ -z "$sleeper" ]] || wait "$sleeper"
  echo "$(percentiles "$log") $(rps <"$work/limited.out")"
}
phase healthy 0 >/dev/null # warm-up
declare -A p99
for round in $(seq "$rounds"); do
  for name in healthy stalled; do
    read -r p50 p99v max n limited_rps <<<"$(phase "$name" "$round")"
    echo "round $round $name: unlimited route p50 ${p50} us, p99 ${p99v} us, max ${max} us ($n requests); redis-limited route ${limited_rps} req/s" >&2
    p99[$name]="$(min "${p99[$name]:-}" "$p99v")"
  done
done
errors="$(curl -sf "http://127.0.0.1:$mgmt/metrics" | awk '/^celador_ratelimit_store_errors_total/ {s += $2} END {print s + 0}')"
echo "redis stall benchmark: $(nproc) cores, $(java -version 2>&1 | head -1), $(redis-server --version | cut -d' ' -f1-3); load: $(uptime | sed 's/.*load/load/')"
echo "store errors (timeouts while stalled, failureMode open admitted them): $errors"
printf 'unlimited route p99 (best of %d): healthy %s us, Redis stalled %ss %s us, ratio %.2f (target <= 1.5)\n' \
  "$rounds" "${p99[healthy]}" "$stall" "${p99[stalled]}" "$(echo "${p99[stalled]} / ${p99[healthy]}" | bc -l)"
