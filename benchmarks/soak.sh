#!/usr/bin/env bash
# Soak of the echo-server sample (docs/reliability.md, "Soak"): the server runs as a child process on
# its JVM settings while the soak holds 10,000 idle connections plus connect/echo/close churn and
# request/response traffic for 10 minutes, sampling the server's RSS, live heap, descriptors and
# threads every second; then the clients leave and every figure must come back. Writes soak.csv,
# soak.png and soak-summary.txt (default benchmarks/results/soak/); exits non-zero if a bound broke.
#
#   benchmarks/soak.sh [--build] [--duration 10m] [--idle 10000] [--churn 100] [--rr 1000] ...
#   benchmarks/soak.sh --help        (every option and its default)
#
# Builds the samples jar when missing or when --build is given. Needs JDK 17+ and Maven; no
# plotting package (the PNG is drawn by the JDK). Descriptors: N idle connections cost N on each side
# (client and server are separate processes), so the soft `ulimit -n` is raised to the hard limit
# here; the soak refuses to start (exit 2) if that is still too low for --idle.
set -euo pipefail

cd "$(dirname "$0")/.."
JAR=samples/target/reactive-net-samples.jar

build=0
args=()
for a in "$@"; do
  case "$a" in
    --build) build=1 ;;
    --help|-h) args+=(--help) ;;
    *) args+=("$a") ;;
  esac
done

if [[ $build == 1 || ! -f $JAR ]]; then
  mvn -B -q -pl samples -am package -DskipTests
fi

hard=$(ulimit -Hn)
if [[ "$hard" == unlimited ]]; then ulimit -n 1048576 2>/dev/null || true; else ulimit -n "$hard"; fi
echo "soak.sh: open files limit $(ulimit -n) (hard $hard)"

exec java -Xmx1g -Djava.awt.headless=true -cp "$JAR" io.reactivenet.samples.soak.Soak \
  --jar "$JAR" ${args[@]+"${args[@]}"}
