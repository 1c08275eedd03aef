#!/usr/bin/env bash
# Chat fan-out on this machine: 1 chat-server with the in-process room vs 3 chat-servers sharing
# the room through a local redis-server. Not a test: prints the numbers (one JSON line per setup,
# measured after one warm-up run on the same servers).
# usage: samples/benchmarks/chat-fanout.sh [clients] [lines]   (after mvn package; needs node, redis-server)
set -euo pipefail
cd "$(dirname "$0")/../.."
CLIENTS=${1:-30}
LINES=${2:-100}
JAR=samples/target/reactive-net-samples.jar
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Starts a chat-server with the given extra options; sets PORT (not in a $(...) subshell: PIDS must stay ours).
chat() {
  local out="$WORK/chat-$RANDOM.out"
  java -Xmx256m -jar "$JAR" chat-server --port 0 "$@" >"$out" 2>"$out.err" &
  PIDS+=($!)
  for _ in $(seq 1 600); do
    if grep -q '^listening on' "$out" 2>/dev/null; then PORT=$(sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$out"); return; fi
    sleep 0.1
  done
  echo "chat-server did not start: $(cat "$out.err")" >&2; exit 1
}

echo "1 instance, in-process room:"
chat; P1=$PORT
node samples/benchmarks/chat-fanout.js "$P1" "$CLIENTS" "$LINES" >/dev/null   # warm-up
node samples/benchmarks/chat-fanout.js "$P1" "$CLIENTS" "$LINES"
kill "${PIDS[0]}"

RP=$(free_port)
redis-server --port "$RP" --bind 127.0.0.1 --save '' --appendonly no --dir "$WORK" --logfile "$WORK/redis.log" &
PIDS+=($!)
sleep 0.5
echo "3 instances, room shared through redis:"
chat --redis "redis://127.0.0.1:$RP"; A=$PORT
chat --redis "redis://127.0.0.1:$RP"; B=$PORT
chat --redis "redis://127.0.0.1:$RP"; C=$PORT
node samples/benchmarks/chat-fanout.js "$A,$B,$C" "$CLIENTS" "$LINES" >/dev/null   # warm-up
node samples/benchmarks/chat-fanout.js "$A,$B,$C" "$CLIENTS" "$LINES"
