#!/usr/bin/env bash
# The GitHub Action's one step (action.yml): `celador check` with GitHub annotations, then
# `celador test`, on the paths in $CELADOR_POLICIES (space-separated). The action passes its
# inputs as these variables, so a test runs this script exactly as the action does:
#   CELADOR_POLICIES   paths to check and test (default: policies)
#   CELADOR_TEST       "false" skips celador test
#   CELADOR_STRICT     "true" adds --strict to check (warnings fail)
#   CELADOR_TEST_ARGS  more arguments for celador test, e.g. "--coverage-min 100"
# Exits non-zero when either command fails; both run, so one run shows every problem.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
read -r -a paths <<<"${CELADOR_POLICIES:-policies}"
check=(check --format github)
[[ "${CELADOR_STRICT:-false}" == true ]] && check+=(--strict)

status=0
echo "::group::celador ${check[*]} ${paths[*]}"
"$here/celador.sh" "${check[@]}" "${paths[@]}" || status=$?
echo "::endgroup::"
if [[ "${CELADOR_TEST:-true}" != false ]]; then
  read -r -a test_args <<<"${CELADOR_TEST_ARGS:-}"
  test=(test "${test_args[@]}" "${paths[@]}")
  echo "::group::celador ${test[*]}"
  "$here/celador.sh" "${test[@]}"
  code=$?
  ((status != 0)) || status=$code
  echo "::endgroup::"
fi
exit "$status"
