#!/usr/bin/env bash
# What a TLS handshake costs the webhook's JDK (HandshakeCost.java): CPU µs of the server side per
# signature (ECDSA P-256, RSA-2048), per key exchange (X25519, P-256) and per whole TLS 1.3
# handshake with an ECDSA P-256 and an RSA-2048 certificate, against a client that does not resume.
# CPU time, not wall time, so a busy machine barely moves it. JAVA picks the JDK.
#
#   benchmarks/load/tls-handshake-cost.sh [N=2000]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
java="${JAVA:-java}"
keytool="$("$java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.home/ {print $2}')/bin/keytool"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$keytool" -genkeypair -alias webhook -keyalg EC -groupname secp256r1 -dname CN=localhost \
  -keystore "$work/ecdsa-p256.p12" -storetype PKCS12 -storepass changeit >/dev/null 2>&1
"$keytool" -genkeypair -alias webhook -keyalg RSA -keysize 2048 -dname CN=localhost \
  -keystore "$work/rsa-2048.p12" -storetype PKCS12 -storepass changeit >/dev/null 2>&1
cd "$work"
"$java" "$here/HandshakeCost.java" "${1:-2000}" ecdsa-p256.p12 rsa-2048.p12
