#!/usr/bin/env bash
# Isolation benchmark (issue 17): the p99 latency of a well-behaved route, alone and while another
# route is hammered with requests that cost its accepted-but-hostile policy milliseconds of CPU
# each (a regex over a 60 KiB header). Both through `celador serve`'s gRPC port, both routes in one
# policy set. Measured in alternating rounds: baseline, under attack, baseline, ...; each round's
# ratio (p99 under attack / p99 of the baseline just before it) is printed, and their median.
#
#   benchmarks/hostile-route.sh            # needs h2load: apt-get install nghttp2-client
#
# Env: REQUESTS (default 20000, the well-behaved client's requests per measurement, 1 stream),
#      ATTACK_STREAMS (4: concurrent hostile requests), ROUNDS (5), ATTACK_WARMUP (20 s of attack
#      before the first round), CELADOR_JAR;
#      CELADOR_COSTLY_CPU_SHARE and other CELADOR_* settings reach the server.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
requests="${REQUESTS:-20000}"
attack_streams="${ATTACK_STREAMS:-4}"
rounds="${ROUNDS:-5}"
attack_warmup="${ATTACK_WARMUP:-20}"
source "$root/benchmarks/grpc-check-load.sh"
require_tools h2load
build_jars "$root"
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
java -cp "$root/benchmarks/target/benchmarks.jar" dev.celador.benchmarks.HostileRouteBenchSetup "$work"

grpc_port="$(free_port)"; http_port="$(free_port)"; mgmt_port="$(free_port)"
# The chart's JVM flags: a capped heap, exit on OutOfMemoryError, the costly lane at nice 19.
java -Xmx512m -XX:+ExitOnOutOfMemoryError -XX:ThreadPriorityPolicy=1 \
  -XX:JavaPriority1_To_OSPriority=19 -jar "${CELADOR_JAR:-$root/cli/target/celador.jar}" \
  serve --policies "$work/policies" \
  --set celador.server.host=127.0.0.1 --set celador.management.host=127.0.0.1 \
  --set celador.grpc.port="$grpc_port" --set celador.http.port="$http_port" \
  --set celador.management.port="$mgmt_port" >/dev/null 2>"$work/celador.err" &
celador_pid=$!
pids+=("$celador_pid")
until curl -sf "http://127.0.0.1:$mgmt_port/readyz" >/dev/null; do
  kill -0 "$celador_pid" 2>/dev/null || { cat "$work/celador.err" >&2; exit 1; }
  sleep 0.05
done

p99_us() { awk '{print $3}' "$1" | sort -n | awk '{a[NR]=$1} END {print a[int(NR*0.99)]}'; }
plain() { # LOGFILE: the well-behaved client, one request at a time
  h2load_check "$work/plain.bin" "$grpc_port" "$requests" 1 1 "$1" | ok
}

attack() { # SECONDS: the attacker, in the background; its pid in $attacker
  h2load -D "$1" -c 1 -m "$attack_streams" -d "$work/hostile.bin" \
    -H 'content-type: application/grpc' -H 'te: trailers' \
    "http://127.0.0.1:$grpc_port/envoy.service.auth.v3.Authorization/Check" >"$work/attack.out" 2>&1 &
  attacker=$!
}

# Warm both routes' code paths. The costly lane decides only its CPU share of the attack, so its
# code needs seconds, not a request count, before the JIT has compiled it: what is measured is
# the steady state of an attack, not the JIT's work at its start.
h2load_check "$work/plain.bin" "$grpc_port" "$requests" 1 4 >/dev/null
attack "$attack_warmup"; wait "$attacker" || true

ratios=()
for round in $(seq "$rounds"); do
  plain "$work/base.log"; base="$(p99_us "$work/base.log")"
  # The attacker runs for as long as the measurement, and a little longer.
  attack 600
  sleep 1
  plain "$work/attacked.log"; attacked="$(p99_us "$work/attacked.log")"
  kill -KILL "$attacker" 2>/dev/null || true; wait "$attacker" 2>/dev/null || true
  ratio="$(echo "$attacked / $base" | bc -l)"; ratios+=("$ratio")
  printf 'round %d: well-behaved p99 %s us alone, %s us under attack (ratio %.2f)\n' \
    "$round" "$base" "$attacked" "$ratio" >&2
done
median="$(printf '%s\n' "${ratios[@]}" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}')"

kill -0 "$celador_pid" || { echo "celador died" >&2; exit 1; }
curl -sf "http://127.0.0.1:$mgmt_port/metrics" >"$work/metrics.txt"
hostile="$(awk '/^celador_decisions_total/ {n += $2} END {print n + 0}' "$work/metrics.txt")"
grep "^celador_decisions_total" "$work/metrics.txt" >&2
echo "hostile-route benchmark: $(nproc) cores, $(java -version 2>&1 | head -1), load $(uptime | sed 's/.*load average: //')"
echo "decisions served in all: $hostile"
printf 'well-behaved route p99 under attack / alone: median of %d rounds %.2f (target <= 1.50)\n' \
  "$rounds" "$median"
