#!/usr/bin/env bash
# What one admission review costs the webhook, against POST /noop on the same server, TLS and
# servlet stack: CPU time and bytes allocated per request, measured by the JVM itself
# (JvmCounters.java) around N sequential requests (h2load, one client, one stream), alternating
# /noop and /validate for several rounds after a warm-up. Unlike latency percentiles these hardly
# move with other load on the machine; the minimum over rounds is the least disturbed.
#
#   benchmarks/load/webhook-cost.sh [N=2500] [ROUNDS=5]
#
# JAVA=/path/to/java picks the server's JDK (default: java on the PATH). Columns: process CPU
# (all threads, JIT and GC included), the servlet worker threads' CPU (from /proc), allocation.
# Builds the webhook first. Not part of CI.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
n="${1:-2500}"
rounds="${2:-5}"
java="${JAVA:-java}"
work="$(mktemp -d)"
source "$root/benchmarks/load/webhook-server.sh"
trap 'stop_webhook; rm -rf "$work"' EXIT

command -v h2load >/dev/null || { echo "h2load missing: apt-get install -y nghttp2-client" >&2; exit 1; }

cd "$root"
port=18444
start_webhook "$port"

review="$root/benchmarks/load/deployment-review.json"
requests() { # path count
  h2load -n "$2" -c 1 -m 1 -H 'Content-Type: application/json' -d "$review" \
    "https://localhost:$port$1" >"$work/h2load.out" 2>&1
  grep -q "$2 succeeded, 0 failed" "$work/h2load.out" || { cat "$work/h2load.out" >&2; exit 1; }
}
counters() { "$java" "$root/benchmarks/load/JvmCounters.java" "$pid"; }
workers() { # CPU ticks of the servlet worker threads
  # A thread may exit between listing and reading; its ticks are lost to both endpoints alike.
  { cat /proc/"$pid"/task/*/stat 2>/dev/null || true; } |
    awk '$2 ~ /https/ {t += $14 + $15} END {print t + 0}'
}
hz=$(getconf CLK_TCK)

echo "warm-up (JIT) ..." >&2
for _ in 1 2 3; do requests /noop 4000; requests /validate 4000; done
counters >/dev/null

for round in $(seq 1 "$rounds"); do
  for path in /noop /validate; do
    read -r a0 c0 < <(counters); w0=$(workers)
    requests "$path" "$n"
    w1=$(workers); read -r a1 c1 < <(counters)
    awk -v p="$path" -v n="$n" -v a=$((a1 - a0)) -v c=$((c1 - c0)) -v w=$((w1 - w0)) -v hz="$hz" \
      'BEGIN { printf "%s %.1f %.1f %.1f\n", p, c / n / 1000, w * 1e6 / hz / n, a / n / 1024 }' \
      >>"$work/results"
  done
done

stat() { # path column -> "min median"
  awk -v p="$1" -v c="$2" '$1 == p {print $c}' "$work/results" | sort -n |
    awk '{a[NR] = $1} END {printf "%7.1f %7.1f", a[1], a[int((NR + 1) / 2)]}'
}
printf '%-10s %19s %19s %10s\n' "" "cpu us/req" "workers us/req" "KB/req"
printf '%-10s %9s %9s %9s %9s %10s\n' endpoint min median min median min
for path in /noop /validate; do
  printf '%-10s %s   %s %10s\n' "$path" "$(stat "$path" 2)" "$(stat "$path" 3)" \
    "$(awk -v p="$path" '$1 == p {print $4}' "$work/results" | sort -n | head -1)"
done
echo "requests: $n x $rounds rounds each; java: $("$java" -version 2>&1 | head -1);" \
  "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
