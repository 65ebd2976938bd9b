#!/usr/bin/env bash
# Rate-limit backends end to end: what a Redis-backed limit adds over a local one in ext_authz.
# Starts a redis-server on a free loopback port and two `celador serve`s, both configured with
# that Redis, on the policies of benchmarks/ext-authz.sh (20 access rules, required JWT, per-caller
# rate limit on the target, 500 other policies) that differ only in the limit's backend: `local`
# vs `redis` (1,000,000 per second: never denies the single benchmark caller). h2load sends the
# same gRPC-framed CheckRequest to both (benchmarks/grpc-check-load.sh), in alternating rounds
# after an equal warm-up, and the best round of each is reported: mean latency at 1 stream and
# the difference (target: Redis adds <= 150 us), and throughput at STREAMS streams.
# The run fails if any request was denied, if the Redis limit saw a store error (failureMode open
# would hide an unreachable Redis behind fast admits), if the checks the store reports (sent in a
# script, or admitted from a token lease) do not add up to the checks answered, if more were
# admitted from leases than Redis granted, or if Redis ran too few scripts for them (one script
# carries up to 64 requests' checks, one lease script grants up to 64 tokens).
#
#   benchmarks/ratelimit-redis.sh      # needs h2load and redis-server (nghttp2-client, redis-server)
#
# Env: REQUESTS (default 100000), STREAMS (64, split over 2 connections), LATENCY_REQUESTS (10000),
#      ROUNDS (3), CELADOR_JAR (default cli/target/celador.jar), REDIS_JAVA_OPTS (JVM options of the
#      Redis-backed serve only, e.g. -XX:StartFlightRecording=filename=/tmp/redis.jfr to profile it),
#      WARMUP (1, warm-up rounds of REQUESTS per backend), REDIS_TIMEOUT (50ms, the default; a
#      machine busy with other work may need more, or checks time out and the run fails),
#      LEASES (true, the default; false: every check of the Redis-backed serve is a script run).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
requests="${REQUESTS:-100000}"
streams="${STREAMS:-64}"
latency_requests="${LATENCY_REQUESTS:-10000}"
rounds="${ROUNDS:-3}"
source "$root/benchmarks/grpc-check-load.sh"
require_tools h2load redis-server redis-cli

build_jars "$root"
work="$(mktemp -d)"; [[ -n "${KEEP:-}" ]] && echo "work dir: $work" >&2
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; [[ -n "${KEEP:-}" ]] || rm -rf "$work"; }
trap cleanup EXIT
java -cp "$root/benchmarks/target/benchmarks.jar" dev.celador.benchmarks.ExtAuthzBenchSetup "$work" local redis

redis_port="$(free_port)"
redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no \
  --dir "$work" >"$work/redis.log" 2>&1 &
pids+=($!)
until redis-cli -p "$redis_port" ping >/dev/null 2>&1; do sleep 0.05; done

declare -A grpc mgmt serve_pid
redis_pid="${pids[0]}"
for backend in local redis; do
  grpc[$backend]="$(free_port)"; mgmt[$backend]="$(free_port)"
  opts=(); [[ "$backend" == redis && -n "${REDIS_JAVA_OPTS:-}" ]] && read -ra opts <<<"$REDIS_JAVA_OPTS"
  java "${opts[@]}" -jar "${CELADOR_JAR:-$root/cli/target/celador.jar}" serve --policies "$work/policies-$backend" \
    --set celador.server.host=127.0.0.1 --set celador.management.host=127.0.0.1 \
    --set celador.grpc.port="${grpc[$backend]}" --set celador.http.port="$(free_port)" \
    --set celador.management.port="${mgmt[$backend]}" \
    --set celador.ratelimit.redis.url="redis://127.0.0.1:$redis_port" \
    --set celador.ratelimit.redis.timeout="${REDIS_TIMEOUT:-50ms}" \
    --set celador.ratelimit.redis.leases="${LEASES:-true}" \
    >/dev/null 2>"$work/celador-$backend.err" &
  pids+=($!); serve_pid[$backend]=$!
done
for backend in local redis; do
  until curl -sf "http://127.0.0.1:${mgmt[$backend]}/readyz" >/dev/null; do sleep 0.05; done
done

# CPU time a process has used, in clock ticks (user + system, all threads); sys_ticks: system only.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
sys_ticks() { awk '{print $15}' "/proc/$1/stat"; }
h2() { h2load_check "$work/check.bin" "$@"; } # port n conns streams
metric() { # backend name: sum of the samples of the shop/orders-limits per-caller limit
  curl -sf "http://127.0.0.1:${mgmt[$1]}/metrics" \
    | awk -v n="$2" '$1 ~ "^"n"\\{" && /policy="shop\/orders-limits"/ && /limit="per-caller"/ {s += $2} END {print s + 0}'
}
store_metric() { # backend name [label filter]: sum of the samples of a store-wide metric
  curl -sf "http://127.0.0.1:${mgmt[$1]}/metrics" \
    | awk -v n="$2" -v f="${3:-}" '($1 == n || $1 ~ "^"n"\\{") && index($1, f) {s += $2} END {printf "%d\n", s}'
}
# Warm-up: with a cold JIT a few Redis checks can exceed the 50 ms timeout; the measured rounds
# must have none.
# WARMUP rounds of REQUESTS each: the Redis path has more code for C2 to compile (Lettuce, the
# reply path on Lettuce's thread), and still compiles after one.
for _ in $(seq "${WARMUP:-1}"); do
  for backend in local redis; do h2 "${grpc[$backend]}" "$requests" 2 $((streams / 2)) >/dev/null; done
done
declare -A warmup_errors
for backend in local redis; do warmup_errors[$backend]="$(metric "$backend" celador_ratelimit_store_errors_total)"; done
declare -A best_rps best_mean serve_cpu serve_sys redis_cpu
for backend in local redis; do
  best_rps[$backend]=0; best_mean[$backend]=; serve_cpu[$backend]=0; serve_sys[$backend]=0; redis_cpu[$backend]=0
done
for round in $(seq "$rounds"); do
  line="round $round:"
  for backend in local redis; do
    serve_before="$(cpu_ticks "${serve_pid[$backend]}")"; sys_before="$(sys_ticks "${serve_pid[$backend]}")"
    redis_before="$(cpu_ticks "$redis_pid")"
    out="$(h2 "${grpc[$backend]}" "$requests" 2 $((streams / 2)))"; echo "$out" | ok
    serve_cpu[$backend]=$((serve_cpu[$backend] + $(cpu_ticks "${serve_pid[$backend]}") - serve_before))
    serve_sys[$backend]=$((serve_sys[$backend] + $(sys_ticks "${serve_pid[$backend]}") - sys_before))
    redis_cpu[$backend]=$((redis_cpu[$backend] + $(cpu_ticks "$redis_pid") - redis_before))
    r="$(echo "$out" | rps)"
    m="$(h2 "${grpc[$backend]}" "$latency_requests" 1 1 | mean_us)"
    best_rps[$backend]="$(max "${best_rps[$backend]}" "$r")"
    best_mean[$backend]="$(min "${best_mean[$backend]}" "$m")"
    line+=" $backend $r req/s, mean $m us;"
  done
  echo "$line" >&2
done

# gRPC answers a denial with status OK too: make sure both allowed everything, and that the Redis
# limit really went to Redis.
for backend in local redis; do
  denied="$(curl -sf "http://127.0.0.1:${mgmt[$backend]}/metrics" | awk '/^celador_decisions_total/ && !/decision="allow"/ {n += $2} END {print n + 0}')"
  [[ "$denied" == 0 ]] || { echo "celador ($backend) denied or failed $denied benchmark requests" >&2; exit 1; }
  errors=$(( $(metric "$backend" celador_ratelimit_store_errors_total) - ${warmup_errors[$backend]} ))
  [[ "$errors" == 0 ]] || { echo "celador ($backend): $errors rate-limit store errors while measuring" >&2; exit 1; }
done
checks_redis="$(metric redis celador_ratelimit_checks_total)"
# Buckets of 1,000,000/s expire within a millisecond, so count the scripts Redis ran instead.
scripts="$(redis-cli -p "$redis_port" info commandstats | sed -n 's/^cmdstat_evalsha:calls=\([0-9]*\),.*/\1/p')"
# Every check the engine counted went one of two ways in the store: sent in a script (which
# carries the checks of every request queued meanwhile, up to 64), or admitted from a token lease
# (tokens Redis spent earlier, up to 64 per lease script). The two must add up to the checks
# answered; the leased admits cannot exceed the tokens Redis granted; and Redis must have run at
# least one script per 64 script checks plus every lease script.
script_checks="$(store_metric redis celador_ratelimit_redis_checks_total 'path="script"')"
leased="$(store_metric redis celador_ratelimit_redis_checks_total 'path="lease"')"
lease_scripts="$(store_metric redis celador_ratelimit_redis_lease_scripts_total)"
granted="$(store_metric redis celador_ratelimit_redis_lease_tokens_total 'event="granted"')"
returned="$(store_metric redis celador_ratelimit_redis_lease_tokens_total 'event="returned"')"
[[ $((script_checks + leased)) == "$checks_redis" ]] \
  || { echo "store counted $script_checks script checks + $leased leased, engine $checks_redis checks" >&2; exit 1; }
[[ "$leased" -le "$granted" ]] || { echo "$leased admits from leases, but Redis granted $granted tokens" >&2; exit 1; }
[[ "${scripts:-0}" -ge $((script_checks / 64 + lease_scripts)) && "${scripts:-0}" -gt 0 ]] \
  || { echo "Redis ran ${scripts:-0} scripts for $script_checks script checks and $lease_scripts lease scripts" >&2; exit 1; }

echo "rate-limit backend benchmark: $(nproc) cores, $(java -version 2>&1 | head -1), $(redis-server --version | cut -d' ' -f1-3)"
echo "policies: ext-authz.sh's set, per-caller limit backend local vs redis (loopback); redis limit checks: $checks_redis ($leased admitted from leases, $script_checks in scripts; EVALSHA calls: $scripts, $lease_scripts of them lease scripts granting $granted tokens, $returned given back unused; $(echo "$checks_redis / $scripts" | bc) checks per script), store errors: ${warmup_errors[redis]} in warm-up, 0 measured"
echo "load: $(uptime | sed 's/.*load/load/')"
printf 'mean latency @1 stream (best of %d): local %s us, redis %s us, redis adds %.1f us (target <= 150), ratio %.2f\n' \
  "$rounds" "${best_mean[local]}" "${best_mean[redis]}" \
  "$(echo "${best_mean[redis]} - ${best_mean[local]}" | bc -l)" \
  "$(echo "${best_mean[redis]} / ${best_mean[local]}" | bc -l)"
# CPU per request in the throughput rounds: what the load costs whatever else runs on the machine.
tick_us="$(echo "1000000 / $(getconf CLK_TCK) / ($rounds * $requests)" | bc -l)"
us() { echo "$1 * $tick_us" | bc -l; }
printf 'CPU per request @%d streams: local serve %.1f us (system %.1f); redis serve %.1f us (system %.1f) + redis-server %.1f us (%s)\n' \
  "$streams" "$(us "${serve_cpu[local]}")" "$(us "${serve_sys[local]}")" \
  "$(us "${serve_cpu[redis]}")" "$(us "${serve_sys[redis]}")" "$(us "${redis_cpu[redis]}")" \
  "$(redis-cli -p "$redis_port" info commandstats | sed -n 's/^cmdstat_evalsha:.*,usec_per_call=\([0-9.]*\).*/EVALSHA usec_per_call \1/p')"
printf 'throughput @%d streams (best of %d): local %s req/s, redis %s req/s, ratio %.2f\n' \
  "$streams" "$rounds" "${best_rps[local]}" "${best_rps[redis]}" \
  "$(echo "${best_rps[redis]} / ${best_rps[local]}" | bc -l)"
