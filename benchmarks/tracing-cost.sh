#!/usr/bin/env bash
# What tracing costs ext_authz: ext-authz.sh's load (h2load, gRPC Checks, the same policy set) on
#   base     BASE_JAR (e.g. a build of the commit before tracing), serve's defaults
#   off      this build, tracing off (the default: no SDK)
#   on-1%    this build exporting to a real OpenTelemetry Collector, default sample ratio 0.01
#   on-100%  the same with every request traced (celador.tracing.sample-ratio=1)
# all running at once, measured in ROUNDS alternating rounds after an equal warm-up. Prints each
# round and, per server, the best throughput and its ratio to base's best, and the median of each
# round's 1-stream latency ratio to base's in the same round (as ext-authz.sh pairs its rounds). The collector (conformance-tests/otelcol) uses its debug exporter at basic verbosity.
#
#   BASE_JAR=/tmp/base/cli/target/celador.jar benchmarks/tracing-cost.sh
#
# Env: REQUESTS (100000), STREAMS (64, over 2 connections), LATENCY_REQUESTS (10000), ROUNDS (3).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
requests="${REQUESTS:-100000}"
streams="${STREAMS:-64}"
latency_requests="${LATENCY_REQUESTS:-10000}"
rounds="${ROUNDS:-3}"
[[ -f "${BASE_JAR:-}" ]] || { echo "BASE_JAR must name the baseline celador.jar" >&2; exit 1; }
source "$root/benchmarks/grpc-check-load.sh"
require_tools h2load
build_jars "$root"
collector_bin="$(bash "$root/conformance-tests/otelcol/build-collector.sh")"
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
java -cp "$root/benchmarks/target/benchmarks.jar" dev.celador.benchmarks.ExtAuthzBenchSetup "$work"

otlp_port="$(free_port)"
cat >"$work/otelcol.yaml" <<EOF
receivers: {otlp: {protocols: {http: {endpoint: "127.0.0.1:$otlp_port"}}}}
exporters: {debug: {verbosity: basic}}
service:
  telemetry: {metrics: {level: none}}
  pipelines: {traces: {receivers: [otlp], exporters: [debug]}}
EOF
"$collector_bin" --config="$work/otelcol.yaml" 2>"$work/otelcol.log" &
pids+=($!)

names=(base off on-1% on-100%)
declare -A grpc mgmt
start() { # name jar settings...
  local name="$1" jar="$2"; shift 2
  grpc[$name]="$(free_port)"; mgmt[$name]="$(free_port)"
  local args=()
  for s in "$@"; do args+=(--set "$s"); done
  java -jar "$jar" serve --policies "$work/policies" \
    --set celador.server.host=127.0.0.1 --set celador.management.host=127.0.0.1 \
    --set celador.grpc.port="${grpc[$name]}" --set celador.http.port=-1 \
    --set celador.management.port="${mgmt[$name]}" "${args[@]}" \
    >/dev/null 2>"$work/$name.err" &
  pids+=($!)
}
jar="$root/cli/target/celador.jar"
start base "$BASE_JAR"
start off "$jar"
start on-1% "$jar" "celador.tracing.otlp.endpoint=http://127.0.0.1:$otlp_port"
start on-100% "$jar" "celador.tracing.otlp.endpoint=http://127.0.0.1:$otlp_port" \
  celador.tracing.sample-ratio=1
for name in "${names[@]}"; do
  until curl -sf "http://127.0.0.1:${mgmt[$name]}/readyz" >/dev/null; do sleep 0.1; done
done

h2() { h2load_check "$work/check.bin" "$@"; } # port n conns streams
for name in "${names[@]}"; do h2 "${grpc[$name]}" "$requests" 2 $((streams / 2)) >/dev/null; done
declare -A best lat ratio
for round in $(seq "$rounds"); do
  line="round $round:"
  for name in "${names[@]}"; do
    out="$(h2 "${grpc[$name]}" "$requests" 2 $((streams / 2)))"; echo "$out" | ok
    r="$(echo "$out" | rps)"; best[$name]="$(max "${best[$name]:-0}" "$r")"
    l="$(h2 "${grpc[$name]}" "$latency_requests" 1 1 | mean_us)"; lat[$name]="${lat[$name]:-} $l"
    [[ "$name" == base ]] && base_l="$l"
    ratio[$name]="${ratio[$name]:-} $(echo "$l / $base_l" | bc -l)"
    line="$line $name ${r} req/s ${l} us;"
  done
  echo "$line" >&2
done
median() { printf '%s\n' $1 | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
exported="$(curl -sf "http://127.0.0.1:${mgmt[on-100%]}/metrics" | awk '/^celador_tracing_spans_exported/ {print $2}')"
echo "tracing cost: $(nproc) cores, $(java -version 2>&1 | head -1), load: $(uptime | sed 's/.*load/load/')"
for name in "${names[@]}"; do
  m="$(median "${lat[$name]}")"
  printf '%-8s best %8.0f req/s (%.2f x base); mean latency @1 stream: median %7.1f us, median of the rounds'"'"' ratios to base %.2f\n' \
    "$name" "${best[$name]}" "$(echo "${best[$name]} / ${best[base]}" | bc -l)" \
    "$m" "$(median "${ratio[$name]}")"
done
echo "spans exported by on-100%: ${exported:-?}"
