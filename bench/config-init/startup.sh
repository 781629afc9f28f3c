#!/usr/bin/env bash
# config-init start-up: where the time to exit goes, on the jar, and what a JDK 25 AOT cache
# (JEP 483/514/515) gains. Medians of N runs (default 10) of wall time to exit, same run for all rows.
#   JAVA_HOME=<jdk25> bench/config-init/startup.sh     (needs python3; builds nothing: run
#   `./mvnw -q package -DskipTests -pl config-init -am` first)
# Variants: "noop" (no variable set: JVM start, config validation, logging) and "merge" (the 1 MB
# base.json of gen.py plus 100 overrides). Class path: the image's (runtime scope).
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${N:-10}
JAVA_HOME=${JAVA_HOME:?set JAVA_HOME to a JDK 25}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/config-init/gen.py "$work"
./mvnw -B -q dependency:build-classpath -pl config-init -DincludeScope=runtime -Dmdep.outputFile="$work/cp.txt" >/dev/null
CP="config-init/target/config-init-0.1.0-SNAPSHOT.jar:$(cat "$work/cp.txt")"
# The image's JVM flags (root pom's Jib config plus config-init's).
FLAGS=(-XX:+UseSerialGC -XX:+UseCompactObjectHeaders -XX:MaxRAMPercentage=75 -Xss512k -XX:ReservedCodeCacheSize=32m -XX:TieredStopAtLevel=1)
mapfile -t OVR < "$work/overrides.env"
MERGE=(env "${OVR[@]}" CONFIG_INIT_SOURCES="$work/base.json" CONFIG_INIT_ENV_PREFIX=APP_ CONFIG_INIT_OUTPUT="$work/out.json")
JAVA=("$JAVA_HOME/bin/java" "${FLAGS[@]}" -cp "$CP")
MAIN=dev.sidecars.configinit.ConfigInitMain

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
timeit() { # label, command...
  local label=$1; shift
  local times=()
  "$@" >/dev/null 2>&1 # warm-up (page cache)
  for _ in $(seq "$N"); do
    local t0=$(date +%s%N); "$@" >/dev/null 2>&1; local t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000000 )))
  done
  printf '%-28s %5s ms   (runs: %s)\n' "$label" "$(printf '%s\n' "${times[@]}" | median)" "${times[*]}"
}

# Training runs: one cache per workload, as an image would train on its own typical run.
"${MERGE[@]}" "${JAVA[@]}" -XX:AOTCacheOutput="$work/merge.aot" $MAIN >/dev/null 2>&1
"${JAVA[@]}" -XX:AOTCacheOutput="$work/noop.aot" $MAIN >/dev/null 2>&1

echo "classes loaded: noop $("${JAVA[@]}" -Xlog:class+load $MAIN 2>/dev/null | grep -c 'class,load'), merge $("${MERGE[@]}" "${JAVA[@]}" -Xlog:class+load $MAIN 2>/dev/null | grep -c 'class,load')"
timeit noop "${JAVA[@]}" $MAIN
timeit noop+aot "${JAVA[@]}" -XX:AOTCache="$work/noop.aot" $MAIN
timeit merge "${MERGE[@]}" "${JAVA[@]}" $MAIN
timeit merge+aot "${MERGE[@]}" "${JAVA[@]}" -XX:AOTCache="$work/merge.aot" $MAIN
timeit merge+aot-noop-trained "${MERGE[@]}" "${JAVA[@]}" -XX:AOTCache="$work/noop.aot" $MAIN
echo "aot cache sizes: noop $(du -h "$work/noop.aot" | cut -f1), merge $(du -h "$work/merge.aot" | cut -f1)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
