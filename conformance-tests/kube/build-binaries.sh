#!/usr/bin/env bash
# Builds kube-apiserver, kubectl and etcd from their Go modules into a versioned cache directory
# and prints that directory. A second run finds the binaries there and builds nothing.
#
#   conformance-tests/kube/build-binaries.sh            # prints e.g. ~/.cache/celador/kube/v1.36.3-etcd-v3.6.8
#
# Why from source: no Docker engine (so no kind), and no download site other than the Go module
# proxy is reachable. Debian's etcd-server (3.4) is older than Kubernetes 1.36 supports.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=versions.env
source "$here/versions.env"

cache_root="${CELADOR_KUBE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/celador/kube}"
out="$cache_root/$KUBERNETES_VERSION-etcd-$ETCD_VERSION"
bin="$out/bin"
if [[ -x "$bin/kube-apiserver" && -x "$bin/kubectl" && -x "$bin/etcd" ]]; then
  echo "$out"
  exit 0
fi
command -v go >/dev/null || { echo "build-binaries.sh: 'go' is not on PATH; install Go ≥ 1.26 to build kube-apiserver" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/k8s" "$work/etcd" "$bin.tmp"
export GOFLAGS=-mod=mod GOTOOLCHAIN=local CGO_ENABLED=0
ldflags="-s -w"

# k8s.io/kubernetes: the staging modules it requires at v0.0.0 are pointed at their releases.
# k8s.io/sample-cli-plugin is not in the kube-apiserver or kubectl import graph and has no
# v0.36.3 on the proxy, so it is left out.
staging=(api apiextensions-apiserver apimachinery apiserver cli-runtime client-go cloud-provider
  cluster-bootstrap code-generator component-base component-helpers controller-manager cri-api
  cri-client cri-streaming csi-translation-lib dynamic-resource-allocation endpointslice externaljwt
  kms kube-aggregator kube-controller-manager kube-proxy kube-scheduler kubectl kubelet metrics
  mount-utils pod-security-admission sample-apiserver sample-controller streaming)
{
  echo "module celador.dev/kube-binaries"
  echo "go 1.26.0"
  echo "require k8s.io/kubernetes $KUBERNETES_VERSION"
  for m in "${staging[@]}"; do echo "replace k8s.io/$m => k8s.io/$m $KUBERNETES_STAGING_VERSION"; done
} >"$work/k8s/go.mod"
cat >"$work/k8s/tools.go" <<'GO'
//go:build tools

package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
GO
ldk8s="$ldflags -X k8s.io/component-base/version.gitVersion=$KUBERNETES_VERSION -X k8s.io/client-go/pkg/version.gitVersion=$KUBERNETES_VERSION"
major="${KUBERNETES_VERSION#v}"; minor="${major#*.}"; minor="${minor%%.*}"; major="${major%%.*}"
ldk8s="$ldk8s -X k8s.io/component-base/version.gitMajor=$major -X k8s.io/component-base/version.gitMinor=$minor"
(
  cd "$work/k8s"
  echo "building kube-apiserver and kubectl $KUBERNETES_VERSION (first time: ~10 min on 2 cores)" >&2
  go mod download k8s.io/kubernetes
  go build -trimpath -ldflags "$ldk8s" -o "$bin.tmp/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver
  go build -trimpath -ldflags "$ldk8s" -o "$bin.tmp/kubectl" k8s.io/kubernetes/cmd/kubectl
)
(
  cd "$work/etcd"
  printf 'module celador.dev/etcd-binary\ngo 1.26.0\nrequire go.etcd.io/etcd/server/v3 %s\n' "$ETCD_VERSION" >go.mod
  echo "building etcd $ETCD_VERSION" >&2
  go build -trimpath -ldflags "$ldflags" -o "$bin.tmp/etcd" go.etcd.io/etcd/server/v3
)
# Publish all three at once so an interrupted build never leaves a half-filled cache.
rm -rf "$bin" && mv "$bin.tmp" "$bin"
"$bin/kube-apiserver" --version >&2
echo "$out"
