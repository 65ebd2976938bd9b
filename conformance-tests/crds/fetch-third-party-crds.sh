#!/usr/bin/env bash
# Fetches the third-party CRDs the chart and docs tests install into the conformance kube-apiserver
# (Istio, cert-manager, Prometheus Operator's ServiceMonitor, the wg-policy PolicyReport kinds as
# Kyverno ships them) from Go modules into a versioned
# cache directory, and prints that directory. A second run finds them there and fetches nothing.
#
#   conformance-tests/crds/fetch-third-party-crds.sh   # prints e.g. ~/.cache/celador/crds/istio-v1.32.0-...
#
# The directory holds istio.yaml, cert-manager.yaml, monitoring.yaml and policyreport.yaml, each a
# multi-document YAML of CustomResourceDefinitions, and istio-protos/ (Istio's mesh, networking and type .protos).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=versions.env
source "$here/versions.env"

cache_root="${CELADOR_CRD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/celador/crds}"
out="$cache_root/istio-$ISTIO_API_VERSION-cert-manager-$CERT_MANAGER_VERSION-monitoring-$PROMETHEUS_OPERATOR_APIS_VERSION-kyverno-$KYVERNO_VERSION"
if [[ -s "$out/istio.yaml" && -s "$out/cert-manager.yaml" && -s "$out/monitoring.yaml" && -s "$out/policyreport.yaml" && -d "$out/istio-protos/mesh" ]]; then
  echo "$out"
  exit 0
fi
command -v go >/dev/null || { echo "fetch-third-party-crds.sh: 'go' is not on PATH" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work" "$out.tmp"' EXIT
mkdir -p "$out.tmp"
export GOFLAGS=-mod=mod GOTOOLCHAIN=local CGO_ENABLED=0

module_dir() { # MODULE@VERSION → its directory in the module cache (downloaded if needed)
  (cd "$work" && go mod download -json "$1" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
}

istio="$(module_dir "istio.io/api@$ISTIO_API_VERSION")"
cp "$istio/kubernetes/customresourcedefinitions.gen.yaml" "$out.tmp/istio.yaml"
# The .proto sources of Istio's MeshConfig and what they import (google/api/* from common-protos),
# to check mesh config as protos; protobuf's own well-known types come from protobuf-java.
mkdir -p "$out.tmp/istio-protos"
(cd "$istio" && find analysis mesh meta networking type -name '*.proto' -print0 |
  xargs -0 cp --parents -t "$out.tmp/istio-protos")
(cd "$istio/common-protos" && find google/api -name '*.proto' -print0 |
  xargs -0 cp --parents -t "$out.tmp/istio-protos")

cert_manager="$(module_dir "github.com/cert-manager/cert-manager@$CERT_MANAGER_VERSION")"
for kind in certificates issuers; do
  cat "$cert_manager/deploy/crds/cert-manager.io_$kind.yaml"
  echo "---"
done >"$out.tmp/cert-manager.yaml"

kyverno="$(module_dir "github.com/kyverno/kyverno@$KYVERNO_VERSION")"
for kind in policyreports clusterpolicyreports; do
  cat "$kyverno/config/crds/policyreport/wgpolicyk8s.io_$kind.yaml"
  echo "---"
done >"$out.tmp/policyreport.yaml"

mkdir -p "$work/monitoring"
(
  cd "$work/monitoring"
  printf 'module celador.dev/monitoring-crds\ngo 1.25.0\nrequire (\n\tsigs.k8s.io/controller-tools %s\n\tgithub.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring %s\n)\n' \
    "$CONTROLLER_TOOLS_VERSION" "$PROMETHEUS_OPERATOR_APIS_VERSION" >go.mod
  printf '//go:build tools\n\npackage tools\n\nimport (\n\t_ "sigs.k8s.io/controller-tools/cmd/controller-gen"\n\t_ "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"\n)\n' >tools.go
  echo "building controller-gen $CONTROLLER_TOOLS_VERSION for the ServiceMonitor CRD (first time: a few minutes)" >&2
  go mod tidy >&2
  go build -o controller-gen sigs.k8s.io/controller-tools/cmd/controller-gen
  ./controller-gen crd paths=github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1 \
    output:crd:dir=generated
)
cp "$work/monitoring/generated/monitoring.coreos.com_servicemonitors.yaml" "$out.tmp/monitoring.yaml"

# Publish all at once so an interrupted fetch never leaves a half-filled cache.
rm -rf "$out" && mv "$out.tmp" "$out"
echo "$out"
