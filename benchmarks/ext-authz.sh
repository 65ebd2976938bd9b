#!/usr/bin/env bash
# ext_authz load benchmark: h2load sends gRPC-framed CheckRequests to
#   (a) a no-op Check server on the same grpc-java stack (NoopCheckServer), and
#   (b) `celador serve` with 20 access rules, a required JwtAuthentication (RS256, one claim
#       forwarded) and a local per-caller rate limit on the target + 500 policies for other
#       targets, serve's default settings,
# then prints both and their ratio, plus the p99 of the first 1,000 requests after /readyz.
# Both servers get as many warm-up requests as are measured, so the comparison is between
# JIT-compiled steady states (C2 needs far more calls for celador's path than for a no-op; with
# 50,000 warm-up calls on a loaded 2-core machine celador was still partly interpreted).
#
#   benchmarks/ext-authz.sh            # needs h2load: apt-get install nghttp2-client
#
# Env: REQUESTS (default 200000), STREAMS (64, split over 2 connections), LATENCY_REQUESTS (20000),
#      ROUNDS (5: alternating measurement rounds; throughput: the best round of each server;
#      latency: the median of each round's celador/no-op ratio),
#      CELADOR_JAR (default cli/target/celador.jar, e.g. to compare two builds).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
requests="${REQUESTS:-200000}"
streams="${STREAMS:-64}"
latency_requests="${LATENCY_REQUESTS:-20000}"
rounds="${ROUNDS:-5}"
command -v h2load >/dev/null || { echo "h2load missing: apt-get install nghttp2-client" >&2; exit 1; }
source "$root/benchmarks/grpc-check-load.sh"

if [[ ! -f "$root/benchmarks/target/benchmarks.jar" || ! -f "$root/cli/target/celador.jar" ]]; then
  (cd "$root" && ./mvnw -B -q -pl cli,benchmarks -am package -DskipTests) >&2
fi
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
java -cp "$root/benchmarks/target/benchmarks.jar" dev.celador.benchmarks.ExtAuthzBenchSetup "$work"

noop_port="$(free_port)"; grpc_port="$(free_port)"; http_port="$(free_port)"; mgmt_port="$(free_port)"

java -cp "$root/benchmarks/target/benchmarks.jar" dev.celador.benchmarks.NoopCheckServer "$noop_port" 2>/dev/null &
pids+=($!)
java -jar "${CELADOR_JAR:-$root/cli/target/celador.jar}" serve --policies "$work/policies" \
  --set celador.server.host=127.0.0.1 --set celador.management.host=127.0.0.1 \
  --set celador.grpc.port="$grpc_port" --set celador.http.port="$http_port" \
  --set celador.management.port="$mgmt_port" >/dev/null 2>"$work/celador.err" &
pids+=($!)

# p99 of the first 1,000 requests once /readyz says ready.
until curl -sf "http://127.0.0.1:$mgmt_port/readyz" >/dev/null; do sleep 0.02; done
h2() { h2load_check "$work/check.bin" "$@"; } # port n conns streams [logfile]
h2 "$grpc_port" 1000 1 1 "$work/first.log" >/dev/null
p99_first="$(awk '{print $3}' "$work/first.log" | sort -n | awk '{a[NR]=$1} END {print a[int(NR*0.99)]/1000}')"

until h2load -n 1 -c 1 -d "$work/check.bin" -H 'content-type: application/grpc' \
  "http://127.0.0.1:$noop_port/envoy.service.auth.v3.Authorization/Check" >/dev/null 2>&1; do sleep 0.1; done

# Warm both JITs under the measured load shape, then measure in alternating rounds. Throughput:
# each server's best round, as on a shared machine other load only ever makes a round slower.
# Latency at 1 stream: each round runs both servers back to back and the ratio of that pair is
# kept; the median ratio is reported. A lone no-op round that caught an idle machine (its mean
# swings 80-130 us here from one round to the next) would otherwise set the baseline for all of
# them. Every round is printed.
for port in "$noop_port" "$grpc_port"; do h2 "$port" "$requests" 2 $((streams / 2)) >/dev/null; done
rps_noop=0; rps_celador=0; ratios=()
for round in $(seq "$rounds"); do
  out="$(h2 "$noop_port" "$requests" 2 $((streams / 2)))"; echo "$out" | ok; a="$(echo "$out" | rps)"
  out="$(h2 "$grpc_port" "$requests" 2 $((streams / 2)))"; echo "$out" | ok; b="$(echo "$out" | rps)"
  c="$(h2 "$noop_port" "$latency_requests" 1 1 | mean_us)"
  d="$(h2 "$grpc_port" "$latency_requests" 1 1 | mean_us)"
  ratio="$(echo "$d / $c" | bc -l)"; ratios+=("$ratio")
  printf 'round %d: req/s no-op %s celador %s; mean us no-op %s celador %s (ratio %.2f)\n' \
    "$round" "$a" "$b" "$c" "$d" "$ratio" >&2
  rps_noop="$(max "$rps_noop" "$a")"; rps_celador="$(max "$rps_celador" "$b")"
done
median_ratio="$(printf '%s\n' "${ratios[@]}" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}')"

# gRPC answers a denial with status OK too: make sure celador allowed what it was sent.
denied="$(curl -sf "http://127.0.0.1:$mgmt_port/metrics" | awk '/^celador_decisions_total/ && !/decision="allow"/ {n += $2} END {print n + 0}')"
[[ "$denied" == 0 ]] || { echo "celador denied or failed $denied benchmark requests" >&2; exit 1; }

echo "ext_authz benchmark: $(nproc) cores, $(java -version 2>&1 | head -1)"
echo "policies: 20 access rules + required JWT (RS256, cached) + local rate limit on the target + 500 policies for other targets"
echo "load: $(uptime | sed 's/.*load/load/')"
printf 'throughput @%d streams (best of %d): no-op %s req/s, celador %s req/s, ratio %.2f (target >= 0.80)\n' \
  "$streams" "$rounds" "$rps_noop" "$rps_celador" "$(echo "$rps_celador / $rps_noop" | bc -l)"
printf 'mean latency @1 stream: median of %d paired rounds, celador/no-op ratio %.2f (target <= 1.30)\n' \
  "$rounds" "$median_ratio"
echo "p99 of the first 1000 requests after /readyz: ${p99_first} ms (target <= 20 ms)"
