#!/usr/bin/env bash
# Runs celador for the pre-commit hooks (.pre-commit-hooks.yaml) and the GitHub Action
# (action.yml): `integrations/celador.sh check|test ARGS...`.
#
# Which celador: $CELADOR if set (a command, e.g. "celador" or "java -jar /opt/celador.jar"),
# else `celador` on PATH, else the ./celador launcher of the checkout this script is in, which
# builds the jar from source on first use (JDK 17+). Exits with celador's exit code.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ -n "${CELADOR:-}" ]]; then
  read -r -a celador <<<"$CELADOR"
elif command -v celador >/dev/null 2>&1; then
  celador=(celador)
else
  celador=("$here/../celador")
fi
exec "${celador[@]}" "$@"
