#!/usr/bin/env bash
# End-to-end benchmark: builds Release, then starts the backend as a separate process per GC mode, drives it
# with the load generator at full speed, and prints the figures recorded in docs/benchmarks.md.
# Usage: benchmarks/run-e2e.sh [--duration 20] [--workers 4] [--gc server,workstation,...]
#                              [--storage embedded|memory|cassandra|elasticsearch] [--wal-sync always|interval|none]
#                              [--cassandra-servers host:port] [--es-server-urls http://host:port]
# The embedded store (the default) writes to a temporary --storage-path, deleted after each run; the benchmark
# reports disk bytes per acknowledged span at the end of the run and after a flush + compaction.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build -c Release -nologo -v quiet benchmarks/TraceBackend.E2EBench >/dev/null
exec dotnet run -c Release --no-build --project benchmarks/TraceBackend.E2EBench -- "$@"
