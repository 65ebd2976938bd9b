#!/usr/bin/env bash
# Slow clients against the admission webhook: a well-behaved client's POST /validate (the 19 Pod
# Security Standards policies on a Deployment review, vegeta over HTTP/1.1 at RATE per second) with
# nothing else on the server (baseline), against the same with TRICKLERS (default 600) TLS
# connections open that each send the start of a request and then one header byte every
# INTERVAL_MS (default 3000, under the 10 s read timeout), reconnecting whenever the server cuts
# them off (Trickle.java). Rounds alternate baseline and attack (ABBA, ROUNDS default 4). In each
# the client runs first and keeps its connections, as kube-apiserver does; in attack rounds the
# tricklers start SETTLE (5) s later, and the ROUND_SECONDS (30) measured begin 15 s after that,
# once every trickler is connected or waiting in the backlog. Prints p50/p99 of each, the p99
# ratio attack/baseline (acceptance: at most 2), failed requests, p99 over every request of the
# rounds, the time a fresh connection takes to get an answer while the tricklers run (curl, 10 per
# round: the wait for a free connection slot) and what the tricklers saw.
#
#   benchmarks/load/webhook-slow-clients.sh [RATE=100]
#
# The server runs with its defaults (max-connections 512, header-timeout 10s,
# header-timeout-when-full 10s) and the chart's admission JVM (a 768 Mi limit at 70 %: a 537 MB
# heap, generational ZGC, and its flags: exit on OutOfMemoryError, Java's lowest thread priority as
# nice 19, which the TLS handshake lane runs at); SERVER_ARGS adds settings, JVM_ARGS replaces the
# JVM options, JAVA picks the JDK (the image runs Java 25). Before the rounds, WARMUP (120) s of the
# client alone and TRICKLE_WARMUP (60) s with the tricklers warm up the review, handshake and
# cut-off paths, as in a server that has served: with 30 s of each, the server's CPU per round
# still fell from about 20 % of a core in the first rounds to 12 % (the JIT compilers at work),
# and the first attack round was the worst of every run.
# A real attacker's 600 TLS clients run on its own machines, so their CPU must not come out of the
# server's: the tricklers run under SCHED_IDLE (TRICKLE_SCHED=idle, the default: `chrt --idle 0`),
# where they get only CPU that nothing else wants and never hold a core a server thread wakes up
# for. TRICKLE_SCHED=nice runs them at nice TRICKLE_NICE (19) instead, as earlier versions did;
# under the kernel's EEVDF scheduler a nice-19 process still keeps a core for its time slice when
# a server thread wakes, and it competes as an equal with the server's nice-19 handshake threads.
# Trickle.java reports its handshakes and its own CPU time, so a run shows the attack was at full
# strength. KEEP=1 keeps the work directory. Run from anywhere; builds the webhook first. Not part
# of CI.
set -euo pipefail
export JVM_ARGS="${JVM_ARGS:--Xms537m -Xmx537m -XX:+UseZGC -XX:+ExitOnOutOfMemoryError -XX:ThreadPriorityPolicy=1 -XX:JavaPriority1_To_OSPriority=19 --enable-native-access=ALL-UNNAMED}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rate="${1:-100}"
tricklers="${TRICKLERS:-600}"
interval="${INTERVAL_MS:-3000}"
rounds="${ROUNDS:-4}"
per_round="${ROUND_SECONDS:-30}"
settle="${SETTLE:-5}"
java="${JAVA:-java}"
work="$(mktemp -d)"
source "$root/benchmarks/load/webhook-server.sh"
trickle_pid=""
stop_trickle() {
  [[ -n "$trickle_pid" ]] || return 0
  kill "$trickle_pid" 2>/dev/null && wait "$trickle_pid" 2>/dev/null || true
  trickle_pid=""
}
cleanup() {
  stop_trickle
  stop_webhook
  [[ -n "${KEEP:-}" ]] || rm -rf "$work"
}
trap cleanup EXIT

ensure_vegeta
cd "$root"
port=18444
start_webhook "$port"
review="$root/benchmarks/load/deployment-review.json"
targets() { printf 'POST https://localhost:%s/validate\nContent-Type: application/json\n@%s\n\n' "$port" "$review"; }
# fresh LOG: 10 requests, each on a new TLS connection; their total times in µs to LOG.
fresh() {
  : >"$1"
  for _ in $(seq 1 10); do
    # A failed attempt (no answer within 30 s, or the connection closed) counts as 30 s.
    { curl -sfk --http1.1 -o /dev/null -m 30 -w '%{time_total}\n' -H 'Content-Type: application/json' \
      --data-binary "@$review" "https://localhost:$port/validate" || echo 30; } | awk '{print $1 * 1e6}' >>"$1"
  done
}
# Starts the tricklers and returns once every one of them has tried to connect, plus 3 s.
start_trickle() {
  local sched=(chrt --idle 0)
  [[ "${TRICKLE_SCHED:-idle}" == idle ]] || sched=(nice -n "${TRICKLE_NICE:-19}")
  "${sched[@]}" "$java" "$root/benchmarks/load/Trickle.java" "$port" "$tricklers" "$interval" 3600 >"$1" 2>&1 &
  trickle_pid=$!
  for _ in $(seq 1 120); do
    grep -q '^ready' "$1" && { sleep 3; return 0; }
    kill -0 "$trickle_pid" 2>/dev/null || { cat "$1" >&2; return 1; }
    sleep 1
  done
  echo "tricklers did not get ready; log: $1" >&2
  return 1
}

warmup="${WARMUP:-120}"
echo "work: $work; warm-up (JIT): $warmup s ..." >&2
targets | vegeta_run "$rate" "$warmup" 0 "$work/warm"
# A server in service has handshaken and cut off connections before: warm those paths up too, or
# the first attack round measures the JIT compiling them.
trickle_warmup="${TRICKLE_WARMUP:-60}"
if ((trickle_warmup > 0)); then
  echo "warm-up with the tricklers: $trickle_warmup s ..." >&2
  start_trickle "$work/trickle-warm.log"
  targets | vegeta_run "$rate" "$trickle_warmup" 0 "$work/warm-trickle"
  stop_trickle
  sleep "$settle"
fi

: >"$work/baseline"
: >"$work/attack"
: >"$work/baseline.all"
: >"$work/attack.all"
: >"$work/baseline.fresh"
: >"$work/attack.fresh"
: >"$work/baseline.bad"
: >"$work/attack.bad"
round_p99=()
round_cpu=()
# The server's CPU time so far in clock ticks (user + system, /proc/PID/stat fields 14 and 15).
server_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
ramp=15 # seconds from the tricklers' start to the measured window
for ((i = 1; i <= rounds; i++)); do
  kind=baseline
  (((i % 4) == 2 || (i % 4) == 3)) && kind=attack # ABBA: baseline attack attack baseline ...
  echo "round $i: $kind" >&2
  ticks0=$(server_ticks)
  seconds0=$SECONDS
  # The client connects first, as kube-apiserver holds its connections; in attack rounds the
  # tricklers start SETTLE s later, and only requests sent RAMP s after that are measured.
  (targets | vegeta_run "$rate" "$per_round" "$((settle + ramp))" "$work/$kind-$i" ||
    true) &
  client=$!
  sleep "$settle"
  if [[ "$kind" == attack ]]; then
    started=$SECONDS
    start_trickle "$work/trickle-$i.log"
    (((SECONDS - started) < ramp)) || echo "tricklers took $((SECONDS - started)) s, more than $ramp" >&2
  fi
  wait "$client"
  round_cpu+=("$kind:$(awk -v t="$(($(server_ticks) - ticks0))" -v s="$((SECONDS - seconds0))" -v hz="$(getconf CLK_TCK)" \
    'BEGIN {printf "%.0f", 100 * t / hz / s}')")
  fresh "$work/$kind-$i.fresh"
  if [[ "$kind" == attack ]]; then
    stop_trickle # prints its counts on the way out
    cat "$work/trickle-$i.log" >&2
  fi
  cat "$work/$kind-$i" >>"$work/$kind"
  cat "$work/$kind-$i.all" >>"$work/$kind.all"
  cat "$work/$kind-$i.fresh" >>"$work/$kind.fresh"
  touch "$work/$kind-$i.bad"
  cat "$work/$kind-$i.bad" >>"$work/$kind.bad"
  round_p99+=("$kind:$(percentiles "$work/$kind-$i" | cut -d' ' -f2)")
done

read -r b50 b99 bc < <(percentiles "$work/baseline")
read -r a50 a99 ac < <(percentiles "$work/attack")
read -r _ ball _ < <(percentiles "$work/baseline.all")
read -r _ aall _ < <(percentiles "$work/attack.all")
fresh_stats() { sort -n "$1" | awk '{a[NR]=$1} END {printf "p50 %.1f ms, max %.1f ms", a[int((NR+1)/2)]/1000, a[NR]/1000}'; }
printf '%-9s %8s %8s %8s %14s\n' round p50_ms p99_ms requests p99_all_ms
printf '%-9s %8s %8s %8s %14s\n' baseline "$b50" "$b99" "$bc" "$ball"
printf '%-9s %8s %8s %8s %14s\n' attack "$a50" "$a99" "$ac" "$aall"
awk -v a="$a99" -v b="$b99" 'BEGIN { printf "p99 ratio attack/baseline: %.2f (acceptance: <= 2)\n", a / b }'
awk -v a="$aall" -v b="$ball" 'BEGIN { printf "p99 ratio over every request of the rounds: %.2f\n", a / b }'
echo "failed requests in the measured windows: baseline $(wc -l <"$work/baseline.bad"), attack $(wc -l <"$work/attack.bad")"
echo "fresh connection + review: baseline $(fresh_stats "$work/baseline.fresh"); attack $(fresh_stats "$work/attack.fresh")"
echo "p99 per round in ms: ${round_p99[*]}"
echo "server CPU per round, % of one core: ${round_cpu[*]}"
echo "rate $rate/s; $tricklers tricklers (${TRICKLE_SCHED:-idle}), a byte every $interval ms; server args: ${SERVER_ARGS:-none}; java: $("$java" -version 2>&1 | head -1); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
