#!/usr/bin/env bash
# Load test of the admission webhook over HTTPS: POST /validate (the 19 Pod Security Standards
# policies on a Deployment review) against POST /noop (a fixed answer on the same server, TLS and
# servlet stack), one after the other in the same run, at a constant rate. Prints p50/p99 of each
# and the p99 ratio. KEEP=1 keeps the work directory (server log, load generator logs).
#
#   benchmarks/load/webhook-load.sh [RATE=500] [SECONDS=30]
#
# PROTOCOL picks how the load arrives. kube-apiserver calls a webhook behind a Service over
# HTTP/1.1 with several connections (Kubernetes 1.16+), and over HTTP/2 only when the webhook URL
# is localhost or a loopback address (1.30+).
#   h1 (default): vegeta, the same Go HTTP/1.1 client stack kube-apiserver uses (ensure_vegeta and
#       vegeta_run in webhook-server.sh). h2load's HTTP/1.1 mode cannot be used: it counts responses
#       without a reason phrase, which Tomcat sends, as failed.
#   h2: h2load (Debian package nghttp2-client), 10 connections.
# Warm-up: both endpoints in turn, first at a fifth of RATE (a cold JVM at full rate makes the
# client open hundreds of connections, which no API server does), then WARMUP seconds (default 60)
# at RATE, long enough for the JIT to compile the request path: after a 15 s warm-up the C2
# compiler was still busy for most of the measurement. Each endpoint is then measured by one client
# run of SETTLE+SECONDS seconds of which the first SETTLE (default 5) are dropped, so the numbers
# are the steady state on established connections, as an API server keeps them, not the TLS
# handshakes of a client that has just started. The SECONDS per endpoint are split into ROUNDS
# (default 3) that alternate the endpoints, so a noisy spell on a shared machine lands on both
# rather than on whichever endpoint ran then; p50/p99 are over all rounds.
#
# FLOOR=1 also measures nginx (Debian package) answering a fixed body over TLS on the same
# machine with the same client: the latency this machine and load generator give a server that
# does no work and has no JIT or GC, to read the absolute p99 target against.
#
# JVM_ARGS adds JVM options to the server (default: none beyond a 256 MB heap).
# JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java runs the server on another JDK (default: java
# on the PATH; the container image runs 25). The JDK and the load average are printed with the
# results, as both move the numbers. SERVER_ARGS adds webhook settings, the same for both endpoints
# (e.g. SERVER_ARGS=--celador.webhook.http2.initial-window-size=16384).
# Run from anywhere; builds the webhook first. Not part of CI.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rate="${1:-500}"
seconds="${2:-30}"
clients=10
java="${JAVA:-java}"
work="$(mktemp -d)"
source "$root/benchmarks/load/webhook-server.sh"
cleanup() {
  stop_webhook
  [[ -z "${nginx_pid:-}" ]] || kill "$nginx_pid" 2>/dev/null || true
  [[ -n "${KEEP:-}" ]] || rm -rf "$work"
}
trap cleanup EXIT

protocol="${PROTOCOL:-h1}"
case "$protocol" in
  h2) command -v h2load >/dev/null || { echo "h2load missing: apt-get install -y nghttp2-client" >&2; exit 1; } ;;
  h1) ensure_vegeta ;;
  *) echo "PROTOCOL must be h1 or h2" >&2; exit 2 ;;
esac

cd "$root"
port=18443
start_webhook "$port"

review="$root/benchmarks/load/deployment-review.json"
# run PATH SECONDS LOG [RATE] [PORT] [SETTLE]: writes the latency in µs of each request answered
# after the first SETTLE seconds (default 0) of a SETTLE+SECONDS run to LOG, one per line.
run() {
  local r="${4:-$rate}" p="${5:-$port}" settle="${6:-0}"
  if [[ "$protocol" == h2 ]]; then
    h2load -c "$clients" --rps "$((r / clients))" -D "$2" --warm-up-time="${settle}s" \
      -H 'Content-Type: application/json' -d "$review" --log-file "$3.raw" \
      "https://localhost:$p$1" >"$3.out" 2>&1
    grep -E "^requests:|^status codes:" "$3.out" >&2
    awk '{print $3}' "$3.raw" >"$3" # 3rd column of h2load's log: latency in µs
  else
    targets "$1" "$p" | vegeta_run "$r" "$2" "$settle" "$3"
  fi
}
targets() { # PATHS PORT: vegeta targets, one per comma-separated path, used in turn
  local path
  for path in ${1//,/ }; do
    printf 'POST https://localhost:%s%s\nContent-Type: application/json\n@%s\n\n' "$2" "$path" "$review"
  done
}

warmup="${WARMUP:-60}"
settle="${SETTLE:-5}"
echo "warm-up (JIT): $((5 + warmup)) s ..." >&2
echo "work: $work" >&2
if [[ "$protocol" == h2 ]]; then # h2load takes one path per run
  run /noop 5 "$work/warm-slow" "$((rate / 5))"
  run /noop "$((warmup / 2))" "$work/warm-noop"
  run /validate "$((warmup / 2))" "$work/warm-validate"
else
  run /noop,/validate 5 "$work/warm-slow" "$((rate / 5))"
  run /noop,/validate "$warmup" "$work/warm"
fi

rounds="${ROUNDS:-3}"
per_round="$(((seconds + rounds - 1) / rounds))"
echo "measuring $rate req/s, $rounds rounds of $per_round s per endpoint" \
  "(each after $settle s on the same connections) ..." >&2
: >"$work/noop"
: >"$work/validate"
round_p99=()
for ((i = 1; i <= rounds; i++)); do
  order=(noop validate)
  ((i % 2)) || order=(validate noop) # ABBA: neither endpoint always runs first
  for endpoint in "${order[@]}"; do
    run "/$endpoint" "$per_round" "$work/$endpoint-$i" "$rate" "$port" "$settle"
    cat "$work/$endpoint-$i" >>"$work/$endpoint"
  done
  round_p99+=("$(percentiles "$work/noop-$i" | cut -d' ' -f2)/$(percentiles "$work/validate-$i" | cut -d' ' -f2)")
done

if [[ -n "${FLOOR:-}" ]]; then
  stop_webhook # so the floor is not measured beside a JVM still shutting down
  command -v nginx >/dev/null || { echo "FLOOR=1 needs nginx: apt-get install -y nginx" >&2; exit 1; }
  floor_port=18450
  mkdir -p "$work/nginx"
  cat >"$work/nginx/nginx.conf" <<EOF
worker_processes 1;
daemon off;
error_log $work/nginx/error.log;
pid $work/nginx/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body;
  server {
    listen 127.0.0.1:$floor_port ssl http2;
    ssl_certificate $tls/tls.crt;
    ssl_certificate_key $tls/tls.key;
    keepalive_requests 1000000;
    location / {
      default_type application/json;
      return 200 '{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"floor","allowed":true}}';
    }
  }
}
EOF
  nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" 2>"$work/nginx/start.log" &
  nginx_pid=$!
  for _ in $(seq 1 50); do
    curl -sk -o /dev/null "https://localhost:$floor_port/floor" && break
    kill -0 "$nginx_pid" 2>/dev/null || { cat "$work/nginx/start.log" >&2; exit 1; }
    sleep 0.1
  done
  run /floor "$seconds" "$work/floor" "$rate" "$floor_port" "$settle"
fi

read -r n50 n99 nc < <(percentiles "$work/noop")
read -r v50 v99 vc < <(percentiles "$work/validate")
printf '%-10s %8s %8s %8s\n' endpoint p50_ms p99_ms requests
printf '%-10s %8s %8s %8s\n' /noop "$n50" "$n99" "$nc"
printf '%-10s %8s %8s %8s\n' /validate "$v50" "$v99" "$vc"
if [[ -n "${FLOOR:-}" ]]; then
  read -r f50 f99 fc < <(percentiles "$work/floor")
  printf '%-10s %8s %8s %8s   (nginx, fixed answer: this machine and client)\n' floor "$f50" "$f99" "$fc"
fi
awk -v v="$v99" -v n="$n99" 'BEGIN { printf "p99 ratio validate/noop: %.2f\n", v / n }'
echo "p99 per round, /noop/validate in ms: ${round_p99[*]}"
echo "protocol: $protocol; server args: ${SERVER_ARGS:-none}; JVM args: ${JVM_ARGS:-none}; java: $("$java" -version 2>&1 | head -1); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
