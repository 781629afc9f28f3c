#!/usr/bin/env bash
# config-init: wall time to exit for a ~1 MB base file plus 100 env overrides, against jq doing the
# same merge (`. * $overrides`), all in the same run. Medians of N runs (default 11).
#   bench/config-init/run.sh            (needs: jq, python3, docker, the image pushed by -Pimages install)
# Prints one line per variant: median ms, and the ratio to jq.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${N:-11}
JAVA_HOME=${JAVA_HOME:?set JAVA_HOME to a JDK 25}
IMAGE=${IMAGE:-127.0.0.1:5000/sidecars/config-init:0.1.0-SNAPSHOT}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 0777 "$work"
python3 bench/config-init/gen.py "$work"
chmod 0644 "$work"/*
./mvnw -B -q dependency:build-classpath -pl config-init -DincludeScope=runtime -Dmdep.outputFile="$work/cp.txt" >/dev/null
CP="config-init/target/config-init-0.1.0-SNAPSHOT.jar:$(cat "$work/cp.txt")"
# The image's own JVM flags, so that the jar runs as the image runs it.
FLAGS="-XX:+UseSerialGC -XX:+UseCompactObjectHeaders -XX:MaxRAMPercentage=75 -Xss512k -XX:ReservedCodeCacheSize=32m -XX:TieredStopAtLevel=1"
mapfile -t OVR < "$work/overrides.env"
ENV_ARGS=(); for kv in "${OVR[@]}"; do ENV_ARGS+=(-e "$kv"); done
docker pull -q "$IMAGE" >/dev/null

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
timeit() { # name, command...
  local name=$1; shift
  local times=()
  "$@" >/dev/null 2>&1 # warm-up (page cache)
  for _ in $(seq "$N"); do
    local t0=$(date +%s%N); "$@" >/dev/null 2>&1; local t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | median > "$work/$name.ms"
}

timeit jq sh -c "jq --argjson o \"\$(cat $work/overrides.json)\" '. * \$o' $work/base.json > $work/jq.json"
timeit jar env "${OVR[@]}" CONFIG_INIT_SOURCES="$work/base.json" CONFIG_INIT_ENV_PREFIX=APP_ CONFIG_INIT_OUTPUT="$work/jar.json" \
  "$JAVA_HOME/bin/java" $FLAGS -cp "$CP" dev.sidecars.configinit.ConfigInitMain
timeit jar-noop "$JAVA_HOME/bin/java" $FLAGS -cp "$CP" dev.sidecars.configinit.ConfigInitMain
timeit image docker run --rm --network host -v "$work:/data" "${ENV_ARGS[@]}" -e CONFIG_INIT_SOURCES=/data/base.json \
  -e CONFIG_INIT_ENV_PREFIX=APP_ -e CONFIG_INIT_OUTPUT=/data/image.json "$IMAGE"
timeit image-noop docker run --rm --network host "$IMAGE"

# The image's process alone, without docker's create/teardown: the container's StartedAt..FinishedAt.
proc_times=()
for _ in $(seq "$N"); do
  id=$(docker run -d --network host -v "$work:/data" "${ENV_ARGS[@]}" -e CONFIG_INIT_SOURCES=/data/base.json \
    -e CONFIG_INIT_ENV_PREFIX=APP_ -e CONFIG_INIT_OUTPUT=/data/image.json "$IMAGE")
  docker wait "$id" >/dev/null
  read -r s f < <(docker inspect -f '{{.State.StartedAt}} {{.State.FinishedAt}}' "$id")
  proc_times+=($(( ($(date -d "$f" +%s%N) - $(date -d "$s" +%s%N)) / 1000000 )))
  phases=$(docker logs "$id" 2>&1 | grep -o '"readMs":[0-9]*,"mergeMs":[0-9]*,"writeMs":[0-9]*' || true)
  docker rm "$id" >/dev/null
done
printf '%s\n' "${proc_times[@]}" | median > "$work/image-process.ms"

# The outputs must agree with jq's before any figure counts.
cmp <(jq -S . "$work/jq.json") <(jq -S . "$work/jar.json")
cmp <(jq -S . "$work/jq.json") <(jq -S . "$work/image.json")

jq_ms=$(cat "$work/jq.ms")
echo "input: $(stat -c %s "$work/base.json") bytes base.json + 100 overrides; median of $N runs"
for v in jq jar jar-noop image image-noop image-process; do
  ms=$(cat "$work/$v.ms")
  echo "$v ${ms}ms $(awk -v a="$ms" -v b="$jq_ms" 'BEGIN {printf "x%.1f vs jq", a/b}')"
done
echo "last image run's own phases: $phases"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
