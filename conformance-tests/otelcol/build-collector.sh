#!/usr/bin/env bash
# Builds the OpenTelemetry Collector the tracing tests send spans to (main.go here: the OTLP
# receiver and the debug exporter) into a cache directory and prints the binary's path. A second
# run finds it there and builds nothing.
#
#   conformance-tests/otelcol/build-collector.sh     # prints e.g. ~/.cache/celador/otelcol/v0.165.0-1a2b3c4d/celador-otelcol
#
# Why from source: no collector binary can be downloaded here, only Go modules (like the
# kube-apiserver of conformance-tests/kube/build-binaries.sh). The directory's name carries a hash
# of main.go, go.mod and go.sum, so an edit to any of them builds a new binary.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
version=v0.165.0 # go.opentelemetry.io/collector/otelcol in go.mod; every collector module at one release
hash="$(cat "$here/main.go" "$here/go.mod" "$here/go.sum" | sha256sum | cut -c1-8)"
cache_root="${CELADOR_OTELCOL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/celador/otelcol}"
out="$cache_root/$version-$hash"
bin="$out/celador-otelcol"
if [[ -x "$bin" ]]; then
  echo "$bin"
  exit 0
fi
command -v go >/dev/null || { echo "build-collector.sh: 'go' is not on PATH; install Go >= 1.26" >&2; exit 2; }
mkdir -p "$out"
echo "building the OpenTelemetry Collector $version for the tracing tests (first time: ~1 min)" >&2
(
  cd "$here"
  export GOFLAGS=-mod=readonly GOTOOLCHAIN=local CGO_ENABLED=0
  go build -trimpath -ldflags "-s -w" -o "$bin.tmp" .
)
# Published under its final name only when complete, so an interrupted build is never reused.
mv "$bin.tmp" "$bin"
echo "$bin"
