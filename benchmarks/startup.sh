#!/usr/bin/env bash
# Start-up of the CLI with and without its AppCDS archive (issue 22): wall time of
#   ./celador check policies/examples/orders-rbac.yaml     (one file)
#   ./celador test policies                                (every suite)
# ROUNDS times each (default 10), alternating with (CELADOR_CDS=1) and without (CELADOR_CDS=0)
# the archive in every round, so load on a shared machine hits both alike. Prints min and median
# per command and mode, and the ratio of the medians.
#
#   benchmarks/startup.sh [ROUNDS]
#
# Builds the jar and archive first when needed (./celador does). The archive must exist: the
# script stops otherwise, rather than compare a run with itself.
set -euo pipefail
cd "$(dirname "$0")/.."

rounds="${1:-10}"
./celador --version >/dev/null
[[ -f cli/target/celador.jsa && cli/target/celador.jsa -nt cli/target/celador.jar ]] || {
  echo "startup.sh: no fresh cli/target/celador.jsa; see cli/cds-archive.sh" >&2
  exit 1
}

declare -A times=()
commands=("check policies/examples/orders-rbac.yaml" "test policies")

# One run's wall time in milliseconds; the command must succeed.
run_ms() {
  local cds="$1" start end
  shift
  start=$(date +%s%N)
  CELADOR_CDS="$cds" ./celador "$@" >/dev/null
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}

for ((round = 1; round <= rounds; round++)); do
  for command in "${commands[@]}"; do
    read -r -a args <<<"$command"
    # Which mode goes first alternates too.
    for cds in $((round % 2)) $(((round + 1) % 2)); do
      times["$command|$cds"]+="$(run_ms "$cds" "${args[@]}") "
    done
  done
done

stats() { # min and median of the numbers given
  sort -n | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%d %d\n", v[1], m }'
}
printf '%-52s %-8s %8s %11s\n' "command ($rounds rounds)" archive "min ms" "median ms"
for command in "${commands[@]}"; do
  read -r off_min off_median < <(tr ' ' '\n' <<<"${times["$command|0"]}" | grep . | stats)
  read -r on_min on_median < <(tr ' ' '\n' <<<"${times["$command|1"]}" | grep . | stats)
  printf '%-52s %-8s %8d %11d\n' "celador $command" without "$off_min" "$off_median"
  printf '%-52s %-8s %8d %11d   (median %.2fx of without)\n' "celador $command" with \
    "$on_min" "$on_median" "$(awk -v a="$on_median" -v b="$off_median" 'BEGIN { print a / b }')"
done
