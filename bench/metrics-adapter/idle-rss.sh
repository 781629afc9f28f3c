#!/usr/bin/env bash
# Idle RSS of the metrics-adapter IMAGE (a real container, host network, as in a pod) against
# Debian's prometheus-elasticsearch-exporter (prometheus-json-exporter is not packaged in Debian),
# both started and left alone for SETTLE seconds with no scrape. The adapter runs three ways: the
# timecheck config (file health check + log counter, which polls its file every second), the
# Elasticsearch config of bench.sh (adapter.yaml), and the latter under a 256 MiB memory limit (the
# JVM sizes its heap from the cgroup). RSS is VmRSS of the container's java process (host PID).
# The floor: the family's base image running a class whose main only sleeps, with the images' JVM
# flags: what any JVM sidecar costs before it loads a line of its own code.
#
# Usage: bench/metrics-adapter/idle-rss.sh [RUNS] [SETTLE]
# Needs: docker with the image pushed (./mvnw -Pimages install -DskipTests -pl metrics-adapter -am),
# prometheus-elasticsearch-exporter, curl, python3, a JDK's javac in JAVA_HOME (for the floor's class).
set -euo pipefail

RUNS=${1:-3}
SETTLE=${2:-10}
HERE=$(cd "$(dirname "$0")" && pwd)
IMAGE=${IMAGE:-127.0.0.1:5000/sidecars/metrics-adapter:0.1.0-SNAPSHOT}
BASE=${BASE:-127.0.0.1:5000/sidecars/base:25}
WORK=$(mktemp -d /tmp/bench-idle-rss.XXXXXX)
CONTAINERS=()
PIDS=()
cleanup() {
  for c in "${CONTAINERS[@]}"; do docker rm -f "$c" >/dev/null 2>&1 || true; done
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
rss_mib() { awk '/VmRSS/ { printf "%.1f\n", $2 / 1024 }' "/proc/$1/status"; }
await_http() { for _ in $(seq 1 300); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.1; done; echo "no answer from $1" >&2; return 1; }
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

mkdir -p "$WORK/shared" "$WORK/config"
chmod 777 "$WORK/shared" "$WORK/config"
echo "2026-11-22T01:00:00 Environment: bench time check" > "$WORK/shared/timecheck.log"
cp "$HERE/adapter.yaml" "$WORK/config/adapter.yaml"
chmod 644 "$WORK/shared/timecheck.log" "$WORK/config/adapter.yaml"
docker pull -q "$IMAGE" >/dev/null
docker pull -q "$BASE" >/dev/null
mkdir -p "$WORK/floor"
echo 'public class Sleep { public static void main(String[] a) throws Exception { Thread.sleep(3_600_000); } }' > "$WORK/floor/Sleep.java"
"$JAVA_HOME/bin/javac" --release 25 -d "$WORK/floor" "$WORK/floor/Sleep.java"
# The JVM flags of the images' entrypoint (Jib's, from the root pom), read from the image itself.
mapfile -t JVM_FLAGS < <(docker inspect -f '{{range .Config.Entrypoint}}{{println .}}{{end}}' "$IMAGE" | grep '^-XX:\|^-Xm\|^-Xss')

# adapter NAME [docker run options...]: starts the image idle, prints the RSS after SETTLE seconds
adapter() {
  local name=$1; shift
  local listen admin id pid
  listen=$(free_port); admin=$(free_port)
  id=$(docker run -d --network host -v "$WORK/shared:/shared:ro" -v "$WORK/config:/config:ro" \
    -e ADAPTER_LISTEN="127.0.0.1:$listen" -e ADAPTER_ADMIN_LISTEN="127.0.0.1:$admin" "$@" "$IMAGE")
  CONTAINERS+=("$id")
  await_http "http://127.0.0.1:$admin/readyz"
  sleep "$SETTLE"
  pid=$(docker inspect -f '{{.State.Pid}}' "$id")
  rss_mib "$pid"
  docker rm -f "$id" >/dev/null
}

floor() {
  local id pid
  id=$(docker run -d --network none -v "$WORK/floor:/floor:ro" --entrypoint /opt/java/bin/java "$BASE" \
    "${JVM_FLAGS[@]}" -cp /floor Sleep)
  CONTAINERS+=("$id")
  sleep "$SETTLE"
  pid=$(docker inspect -f '{{.State.Pid}}' "$id")
  rss_mib "$pid"
  docker rm -f "$id" >/dev/null
}

exporter() {
  local port pid
  port=$(free_port)
  # the exporter needs no Elasticsearch until it is scraped
  prometheus-elasticsearch-exporter --es.uri="http://127.0.0.1:9" --web.listen-address="127.0.0.1:$port" \
    --log.level=warn > "$WORK/exporter.log" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  await_http "http://127.0.0.1:$port/"
  sleep "$SETTLE"
  rss_mib "$pid"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

for run in $(seq 1 "$RUNS"); do
  exporter >> "$WORK/exporter.runs"
  floor >> "$WORK/floor.runs"
  adapter timecheck -e ADAPTER_HEALTH_CHECK="file:/shared/timecheck.log;modified=30s" \
    -e ADAPTER_APP_LOG=/shared/timecheck.log -e "ADAPTER_APP_LOG_COUNT=timecheck_total=Environment: .* time check" \
    >> "$WORK/timecheck.runs"
  adapter es -e ADAPTER_UPSTREAM=http://127.0.0.1:9 -e ADAPTER_CONFIG_FILE=/config/adapter.yaml >> "$WORK/es.runs"
  adapter es-256m --memory=256m -e ADAPTER_UPSTREAM=http://127.0.0.1:9 -e ADAPTER_CONFIG_FILE=/config/adapter.yaml \
    >> "$WORK/es-256m.runs"
  echo "run $run: exporter $(tail -1 "$WORK/exporter.runs"), JVM floor $(tail -1 "$WORK/floor.runs"), adapter timecheck $(tail -1 "$WORK/timecheck.runs")," \
    "es $(tail -1 "$WORK/es.runs"), es 256m $(tail -1 "$WORK/es-256m.runs") MiB" >&2
done

e=$(median < "$WORK/exporter.runs")
echo "| process (idle ${SETTLE}s, no scrape) | RSS MiB (median of $RUNS) | / exporter |"
echo "|---|---|---|"
echo "| prometheus-elasticsearch-exporter | $e | 1.00 |"
f=$(median < "$WORK/floor.runs")
echo "| the JVM floor: base image, images' flags, a main that sleeps | $f | $(awk -v a="$f" -v b="$e" 'BEGIN { printf "%.2f", a / b }') |"
for n in timecheck es es-256m; do
  m=$(median < "$WORK/$n.runs")
  echo "| metrics-adapter image, $n | $m | $(awk -v a="$m" -v b="$e" 'BEGIN { printf "%.2f", a / b }') |"
done
