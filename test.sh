#!/usr/bin/env bash
# Runs the whole test suite (the command the README gives and CI calls).
# Prints a closing line "Tests: N passed, N failed, N skipped" summed over all test projects.
set -euo pipefail
cd "$(dirname "$0")"
results="TestResults/run-$(date +%s)"
rm -rf TestResults
set +e
dotnet test SeCo.Host.sln -c Release --logger "trx" --results-directory "$results" "$@"
status=$?
set -e
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(echo "$counters" | sed -n 's/.* passed="\([0-9]*\)".*/\1/p'); f=$(echo "$counters" | sed -n 's/.* failed="\([0-9]*\)".*/\1/p')
  t=$(echo "$counters" | sed -n 's/.* total="\([0-9]*\)".*/\1/p'); e=$(echo "$counters" | sed -n 's/.* executed="\([0-9]*\)".*/\1/p')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
echo
echo "Tests: $passed passed, $failed failed, $skipped skipped"
exit $status
