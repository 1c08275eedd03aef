#!/usr/bin/env bash
# The end-to-end echo harness in one command: reactive-net vs raw Reactor Netty (default loops and
# ours), Vert.x NetServer, Node's net and a C epoll echo (the ceiling), loaded by a native epoll load
# generator that verifies every echoed byte.
# Builds the C tools (gcc -O2, into benchmarks/target/native) and the benchmarks jar when missing or
# when --build is given, then runs the harness from the repository root; results go to
# benchmarks/results/ (results.json, results.md, *.png).
# Extra arguments go to the harness: --quick (a few seconds per scenario), --rounds n,
# --transport auto|nio|epoll|io_uring (our server's transport), --servers a,b, --scenarios a,b,
# --loadgen java (the old JVM generator), --budget-s s, --out dir (default benchmarks/results),
# --tls (the TLS run: TLS stream echo and handshakes, ours vs Reactor Netty secure() vs Node's tls,
# into benchmarks/results/tls-<provider>), --tls-provider jdk|openssl (the JVM servers' TLS engine).
# --profile kind=file.html (async-profiler flame graph of a JVM server, e.g. --profile reactive-net=ours.html),
# --jfr kind=file.jfr (the same with Flight Recorder).
# Needs: JDK 17+, Maven, gcc, node (v20), taskset (util-linux) for pinning on 2+ cores; for the TLS
# scenarios (tls-*) also OpenSSL's headers and library (Debian/Ubuntu: libssl-dev) for the load
# generator and the openssl command (the throwaway certificate); without them those scenarios are left out.
set -euo pipefail

cd "$(dirname "$0")/.."
JAR=benchmarks/target/benchmarks.jar
NATIVE=benchmarks/target/native

build=0
budget=720
args=()
prev=""
for a in "$@"; do
  if [[ "$a" == "--build" ]]; then build=1; else args+=("$a"); fi
  if [[ "$prev" == "--budget-s" ]]; then budget="$a"; fi
  prev="$a"
done

command -v gcc >/dev/null || { echo "run.sh: gcc is required (the load generator and the C echo are built here)" >&2; exit 1; }
mkdir -p "$NATIVE"
for tool in loadgen echo; do
  if [[ $build == 1 || ! -x $NATIVE/$tool || benchmarks/loadgen/$tool.c -nt $NATIVE/$tool ]]; then
    if [[ $tool == loadgen ]]; then
      rm -f "$NATIVE/loadgen.no-tls"
      if ! gcc -O2 -Wall -o "$NATIVE/loadgen" benchmarks/loadgen/loadgen.c -lssl -lcrypto 2>/dev/null; then
        echo "run.sh: no OpenSSL headers (install libssl-dev): the load generator is built without TLS, the tls-* scenarios are left out" >&2
        gcc -O2 -Wall -DLOADGEN_NO_TLS -o "$NATIVE/loadgen" benchmarks/loadgen/loadgen.c
        echo "built without OpenSSL (install libssl-dev)" > "$NATIVE/loadgen.no-tls"
      fi
    else
      gcc -O2 -Wall -o "$NATIVE/$tool" "benchmarks/loadgen/$tool.c"
    fi
  fi
done
command -v openssl >/dev/null || echo "run.sh: no openssl command: the tls-* scenarios are left out" >&2
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
# the hard stop is the harness's own budget (--budget-s, 720 s unless given) plus two minutes
timeout --kill-after=10 $((budget + 120)) java -Xmx1g -cp "$JAR" io.reactivenet.bench.harness.Harness \
  --jar "$JAR" --node-script benchmarks/node/echo.js --native-dir "$NATIVE" \
  --commit "$commit" ${args[@]+"${args[@]}"} &
harness_pid=$!
wait "$harness_pid"
