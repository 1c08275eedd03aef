#!/usr/bin/env bash
# The end-to-end echo harness in one command: reactive-net vs raw Reactor Netty vs Node's net.
# Builds the benchmarks jar if it is missing (or if --build is given), then runs the harness from
# the repository root; results go to benchmarks/results/ (results.json, results.md, *.png).
# Extra arguments go to the harness (e.g. --quick for a smoke run, --rounds 5).
# Needs: JDK 17+, Maven, node (v20), taskset (util-linux) for pinning on 2+ cores.
set -euo pipefail

cd "$(dirname "$0")/.."
JAR=benchmarks/target/benchmarks.jar

build=0
args=()
for a in "$@"; do
  if [[ "$a" == "--build" ]]; then build=1; else args+=("$a"); fi
done
if [[ $build == 1 || ! -f $JAR ]]; then
  mvn -B -q -pl benchmarks -am package -DskipTests
fi
command -v node >/dev/null || { echo "run.sh: node is required (Node's net is one of the servers)" >&2; exit 1; }

# The harness ends its children itself (finally); this trap is the second line of defence for a
# harness killed from outside: every process in this script's process group goes with it.
harness_pid=""
cleanup() {
  if [[ -n "$harness_pid" ]] && kill -0 "$harness_pid" 2>/dev/null; then
    kill "$harness_pid" 2>/dev/null || true
    sleep 2
    kill -9 "$harness_pid" 2>/dev/null || true
  fi
  # children of the harness read their stdin: once the harness is gone they quit on EOF
  pkill -P $$ 2>/dev/null || true
}
trap cleanup EXIT INT TERM

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
# 11 minutes is the hard stop; the harness budgets itself to finish well inside 10
timeout --kill-after=10 660 java -Xmx1g -cp "$JAR" io.reactivenet.bench.harness.Harness \
  --jar "$JAR" --node-script benchmarks/node/echo.js --out benchmarks/results --commit "$commit" \
  ${args[@]+"${args[@]}"} &
harness_pid=$!
wait "$harness_pid"
