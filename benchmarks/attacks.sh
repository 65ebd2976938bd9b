#!/usr/bin/env bash
# The attack table of issue 17: each hostile input against a fresh `celador serve` with the chart's
# JVM flags (heap capped at 512 MiB, exit on OutOfMemoryError, the costly lane at nice 19), its heap
# sampled every 100 ms by jstat. Prints a Markdown table: attack, outcome, mean time per request,
# slowest request, peak heap used, whether the process stayed up and ready. Then the policies that
# must not load at all, through `celador check`.
#
#   benchmarks/attacks.sh          # needs jstat (a JDK) and curl
#
# Env: CELADOR_JAR. Not part of CI (about 3 minutes).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/benchmarks/grpc-check-load.sh"
build_jars "$root"
jar="${CELADOR_JAR:-$root/cli/target/celador.jar}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/policies"
cp "$root/conformance-tests/src/test/resources/hostile/policies.yaml" "$work/policies/"
chart_jvm=(-Xmx512m -XX:+ExitOnOutOfMemoryError -XX:ThreadPriorityPolicy=1
  -XX:JavaPriority1_To_OSPriority=19)

echo "| attack | outcome | time per request | slowest | peak heap | process |"
echo "| --- | --- | --- | --- | --- | --- |"
for attack in keys join regex-flood crlf body-4mib body-5mib headers-10k; do
  grpc_port="$(free_port)"; mgmt_port="$(free_port)"
  java "${chart_jvm[@]}" -jar "$jar" serve --policies "$work/policies" \
    --set celador.server.host=127.0.0.1 --set celador.management.host=127.0.0.1 \
    --set celador.grpc.port="$grpc_port" --set celador.http.port=-1 \
    --set celador.management.port="$mgmt_port" --set celador.decision-log.enabled=false \
    >/dev/null 2>"$work/err" &
  pid=$!
  until curl -sf "http://127.0.0.1:$mgmt_port/readyz" >/dev/null; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/err" >&2; exit 1; }
    sleep 0.1
  done
  jstat -gc "$pid" 100 >"$work/jstat" 2>/dev/null &
  sampler=$!
  row="$(java -cp "$root/benchmarks/target/benchmarks.jar" dev.celador.benchmarks.AttackTable \
    "$grpc_port" "$attack")"
  sleep 0.3
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  # Used heap: survivor 0 and 1, eden, old (KiB columns S0U S1U EU OU).
  peak="$(awk 'NR > 1 && $1 ~ /^[0-9]/ {u = $3 + $4 + $6 + $8; if (u > m) m = u} END {printf "%.0f MiB", m / 1024}' "$work/jstat")"
  if kill -0 "$pid" 2>/dev/null && curl -sf "http://127.0.0.1:$mgmt_port/readyz" >/dev/null; then
    state="up and ready"
  else
    state="DOWN"
  fi
  echo "$row $peak | $state |"
  kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
done

# Policies whose worst case is unbounded in practice: refused at load, at the expression.
cat >"$work/bind-ladder.yaml" <<'YAML'
apiVersion: celador.dev/v1alpha1
kind: AccessPolicy
metadata: {name: ladder}
spec:
  target: {hosts: [a.test]}
  action: ALLOW
  rules:
    - name: ladder
      when: >-
        cel.bind(a, request.headers["x"] + request.headers["x"],
        cel.bind(b, a + a + a + a, cel.bind(c, b + b + b + b,
        [c, c, c, c, c, c, c, c, c, c, c, c, c, c, c, c].join("").size() > 0)))
YAML
cat >"$work/sets.yaml" <<'YAML'
apiVersion: celador.dev/v1alpha1
kind: AccessPolicy
metadata: {name: sets}
spec:
  target: {hosts: [a.test]}
  action: ALLOW
  rules:
    - name: sets
      when: sets.contains(request.headers["a"].split(","), request.headers["b"].split(","))
YAML
cat >"$work/request-regex.yaml" <<'YAML'
apiVersion: celador.dev/v1alpha1
kind: AccessPolicy
metadata: {name: request-regex}
spec:
  target: {hosts: [a.test]}
  action: ALLOW
  rules:
    - name: theirs
      when: request.url_path.matches(request.headers["x-re"])
YAML
echo
echo "| policy | celador check (exit code, first diagnostic) | time |"
echo "| --- | --- | --- |"
for p in bind-ladder sets request-regex; do
  start="$(date +%s%N)"
  set +e
  out="$(java -Xmx512m -XX:+ExitOnOutOfMemoryError -jar "$jar" check "$work/$p.yaml" 2>&1)"
  code=$?
  set -e
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  echo "| $p | exit $code: $(echo "$out" | grep -m1 'error' | sed "s|$work/||; s/|/\\\\|/g") | ${ms} ms |"
done
