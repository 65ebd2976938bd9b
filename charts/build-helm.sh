#!/usr/bin/env bash
# Builds helm from its Go module (helm.sh/helm/v3) into a versioned cache directory and prints the
# path of the binary. A second run finds it there and builds nothing.
#
#   charts/build-helm.sh        # prints e.g. ~/.cache/celador/helm/v3.22.0/bin/helm
#
# Why from source: no download site but the Go module proxy is reachable, so no release tarball.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=helm-version.env
source "$here/helm-version.env"

cache_root="${CELADOR_HELM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/celador/helm}"
bin="$cache_root/$HELM_VERSION/bin"
if [[ -x "$bin/helm" ]]; then
  echo "$bin/helm"
  exit 0
fi
command -v go >/dev/null || { echo "build-helm.sh: 'go' is not on PATH; install Go to build helm $HELM_VERSION" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work" "$bin.tmp"' EXIT
mkdir -p "$bin.tmp"
export GOFLAGS=-mod=mod GOTOOLCHAIN=local CGO_ENABLED=0
# A wrapper module, so helm's own go.mod decides every dependency version.
printf 'module celador.dev/helm-binary\ngo 1.25.0\nrequire helm.sh/helm/v3 %s\n' "$HELM_VERSION" >"$work/go.mod"
cat >"$work/tools.go" <<'GO'
//go:build tools

package tools

import _ "helm.sh/helm/v3/cmd/helm"
GO
(
  cd "$work"
  echo "building helm $HELM_VERSION (first time: a few minutes)" >&2
  go mod download helm.sh/helm/v3
  # As helm's Makefile does: the Kubernetes version `helm template` and `helm lint` assume is the
  # one its client-go speaks (client-go v0.N.x is Kubernetes 1.N); without it they assume 1.20.
  client_go="$(go list -m -f '{{.Version}}' k8s.io/client-go)"
  kube_minor="$(cut -d. -f2 <<<"$client_go")"
  ld="-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION"
  for pkg in helm.sh/helm/v3/pkg/chartutil helm.sh/helm/v3/pkg/lint/rules; do
    ld="$ld -X $pkg.k8sVersionMajor=1 -X $pkg.k8sVersionMinor=$kube_minor"
  done
  go build -trimpath -ldflags "$ld" -o "$bin.tmp/helm" helm.sh/helm/v3/cmd/helm
)
# Publish at once so an interrupted build never leaves a half-filled cache.
rm -rf "$bin" && mv "$bin.tmp" "$bin"
"$bin/helm" version --short >&2
echo "$bin/helm"
