#!/usr/bin/env bash
# Runs the whole test suite, as the README says and as CI does (.ci/run calls this script).
# 1. installs the Node test clients (real OpenTelemetry JS SDK) from tests/js/package-lock.json;
# 2. builds the solution once (Release);
# 3. runs every test project (xunit v3 on Microsoft.Testing.Platform);
# 4. prints the totals as the last line: "tests: N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "scripts/test.sh: node and npm are needed for the JS client tests (apt-get install nodejs npm)" >&2
  exit 1
fi

if [ ! -f tests/js/node_modules/.package-lock.json ] || ! cmp -s tests/js/package-lock.json tests/js/node_modules/.tb-installed-lock.json; then
  (cd tests/js && npm ci --no-audit --no-fund --loglevel=error) || { echo "scripts/test.sh: npm ci failed" >&2; exit 1; }
  cp tests/js/package-lock.json tests/js/node_modules/.tb-installed-lock.json
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT

if ! dotnet build TraceBackend.sln -c Release -nologo >"$log" 2>&1; then
  grep -E "error|rror\(s\)" "$log" >&2
  echo "scripts/test.sh: build failed" >&2
  echo "tests: 0 passed, 1 failed"
  exit 1
fi

dotnet test --solution TraceBackend.sln -c Release --no-build 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}

# The runner ends with one summary for the whole run ("total: N / failed: N / succeeded: N / skipped: N").
read -r passed failed skipped < <(awk '
  /^[[:space:]]*succeeded:[[:space:]]*[0-9]+/ { p = $2 }
  /^[[:space:]]*failed:[[:space:]]*[0-9]+/    { f = $2 }
  /^[[:space:]]*skipped:[[:space:]]*[0-9]+/   { s = $2 }
  END { printf "%d %d %d\n", p, f, s }' "$log")
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1   # the runner failed without counting a test failure (crash, build output missing): never report green
fi
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
[ "$rc" -eq 0 ] && [ "$failed" -eq 0 ]
