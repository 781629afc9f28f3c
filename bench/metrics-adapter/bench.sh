#!/usr/bin/env bash
# metrics-adapter against prometheus-elasticsearch-exporter, in the same run, on the same data:
# nginx serves Elasticsearch-shaped JSON (gen.py); the exporter (default collectors: cluster health
# and the local node's stats) and the adapter (adapter.yaml: one /metrics endpoint whose two sources,
# cluster health and node stats, are fetched concurrently) both translate it on every scrape, one
# request per scrape for each. Servers are pinned to CPU 0, the load to CPU 1.
#
# Reports medians over RUNS of: scrape latency p50/p99 (SCRAPES sequential scrapes after WARMUP),
# CPU ms per scrape, RSS after the run; then health endpoint requests/s and p99 with wrk against
# nginx returning a static 200 (the floor).
#
# Usage: JAVA_HOME=/path/to/jdk25 bench/metrics-adapter/bench.sh [SCRAPES] [RUNS]
# Needs: the built module (./mvnw -q install -DskipTests -pl metrics-adapter -am), nginx, wrk, curl,
# prometheus-elasticsearch-exporter, python3.
set -euo pipefail

SCRAPES=${1:-300}
RUNS=${2:-3}
WARMUP=200
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
JAVA=${JAVA_HOME:?set JAVA_HOME to a JDK 25}/bin/java
WORK=$(mktemp -d /tmp/bench-metrics-adapter.XXXXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
TICKS=$(getconf CLK_TCK)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
rss_mib() { awk '/VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
await_http() { for _ in $(seq 1 300); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.1; done; echo "no answer from $1" >&2; return 1; }
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

CP_FILE="$WORK/cp.txt"
(cd "$ROOT" && ./mvnw -B -q dependency:build-classpath -pl metrics-adapter -Dmdep.outputFile="$CP_FILE" >/dev/null)
CP="$ROOT/metrics-adapter/target/classes:$(cat "$CP_FILE")"
# the image's JVM flags (pom.xml, jib jvmFlags), in a pod with a 256 MiB memory limit: in a container the JVM
# sizes its heap from the cgroup limit; MaxRAM stands in for it here
# The image's JVM flags (root pom), a 256 MiB pod limit, and ADAPTER_JAVA_OPTS for experiments.
JVM_FLAGS=(-XX:+UseSerialGC -XX:+UseCompactObjectHeaders -XX:MaxRAMPercentage=75 -Xms8m -Xss512k -XX:ReservedCodeCacheSize=32m -XX:MaxRAM=256m)
read -r -a EXTRA_FLAGS <<< "${ADAPTER_JAVA_OPTS:-}"
JVM_FLAGS+=("${EXTRA_FLAGS[@]}")

# nginx: the Elasticsearch stand-in, and the static-200 floor for the health comparison
python3 "$HERE/gen.py" "$WORK/es"
chmod -R a+rX "$WORK" # nginx's workers run as an unprivileged user
NGINX_PORT=$(free_port)
cat > "$WORK/nginx.conf" <<CONF
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 1024; }
# temp paths of our own: the defaults under /var/lib/nginx may not exist or be writable

http {
  access_log off;
  client_body_temp_path $WORK/nginx-body;
  proxy_temp_path $WORK/nginx-proxy;
  fastcgi_temp_path $WORK/nginx-fastcgi;
  uwsgi_temp_path $WORK/nginx-uwsgi;
  scgi_temp_path $WORK/nginx-scgi;
  default_type application/json;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/es;
    location = / { try_files /index.json =404; }
    location = /static200 { return 200 '{"status":"up"}'; }
  }
}
CONF
taskset -c 0 nginx -c "$WORK/nginx.conf" -g 'daemon off;' &
PIDS+=($!)
await_http "http://127.0.0.1:$NGINX_PORT/_cluster/health" || { cat "$WORK/nginx-error.log" >&2; exit 1; }

EXPORTER_PORT=$(free_port)
taskset -c 0 prometheus-elasticsearch-exporter --es.uri="http://127.0.0.1:$NGINX_PORT" \
  --web.listen-address="127.0.0.1:$EXPORTER_PORT" --log.level=warn > "$WORK/exporter.log" 2>&1 &
EXPORTER=$!
PIDS+=($EXPORTER)

ADAPTER_PORT=$(free_port)
START=$(date +%s%N)
ADAPTER_LISTEN=127.0.0.1:$ADAPTER_PORT ADAPTER_ADMIN_LISTEN=127.0.0.1:0 ADAPTER_UPSTREAM="http://127.0.0.1:$NGINX_PORT" \
  ADAPTER_CONFIG_FILE="$HERE/adapter.yaml" ADAPTER_LOG_LEVEL=warn \
  taskset -c 0 "$JAVA" "${JVM_FLAGS[@]}" -cp "$CP" dev.sidecars.adapter.AdapterMain > "$WORK/adapter.log" 2>&1 &
ADAPTER=$!
PIDS+=($ADAPTER)
await_http "http://127.0.0.1:$ADAPTER_PORT/health"
echo "adapter ready in $(( ($(date +%s%N) - START) / 1000000 )) ms (JVM start included)"
await_http "http://127.0.0.1:$EXPORTER_PORT/metrics"

series() { curl -fsS "$1" | grep -vc '^#'; }
echo "series per scrape: exporter $(series "http://127.0.0.1:$EXPORTER_PORT/metrics"), adapter $(series "http://127.0.0.1:$ADAPTER_PORT/metrics")"

# scrape NAME PID URL...: one "scrape" fetches every URL in turn; prints p50 ms, p99 ms, CPU ms/scrape, RSS MiB
scrape() {
  local name=$1 pid=$2; shift 2
  local out="$WORK/$name.times"
  for _ in $(seq 1 "$WARMUP"); do for u in "$@"; do curl -fsS -o /dev/null "$u"; done; done
  local c0; c0=$(cpu_ticks "$pid")
  : > "$out"
  for _ in $(seq 1 "$SCRAPES"); do
    local total=0
    for u in "$@"; do
      t=$(taskset -c 1 curl -fsS -o /dev/null -w '%{time_total}' -H 'Accept: text/plain' "$u")
      total=$(echo "$total + $t" | bc -l)
    done
    echo "$total" >> "$out"
  done
  local c1; c1=$(cpu_ticks "$pid")
  sort -g "$out" | awk -v n="$SCRAPES" -v c="$(( c1 - c0 ))" -v hz="$TICKS" -v r="$(rss_mib "$pid")" \
    '{ a[NR] = $1 } END { printf "%.2f %.2f %.2f %s\n", a[int(n * 0.5)] * 1000, a[int(n * 0.99)] * 1000, c / hz * 1000 / n, r }'
}

health() { # wrk: requests/s and p99 ms
  taskset -c 1 wrk -t1 -c8 -d8s --latency "$1" | awk '/Requests\/sec/ { rps = $2 } /^ +99%/ { v = $2; if (v ~ /us$/) { sub(/us/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms/, "", v) } else if (v ~ /s$/) { sub(/s/, "", v); v *= 1000 } p99 = v } END { printf "%.0f %.2f\n", rps, p99 }'
}

for run in $(seq 1 "$RUNS"); do
  scrape exporter "$EXPORTER" "http://127.0.0.1:$EXPORTER_PORT/metrics" >> "$WORK/exporter.runs"
  scrape adapter "$ADAPTER" "http://127.0.0.1:$ADAPTER_PORT/metrics" >> "$WORK/adapter.runs"
  health "http://127.0.0.1:$NGINX_PORT/static200" >> "$WORK/nginx.health"
  health "http://127.0.0.1:$ADAPTER_PORT/health" >> "$WORK/adapter.health"
done

col() { awk -v c="$2" '{ print $c }' "$WORK/$1" | median; }
echo
echo "| scraper | p50 ms | p99 ms | CPU ms/scrape | RSS MiB |"
echo "|---|---|---|---|---|"
for n in exporter adapter; do
  echo "| $n | $(col $n.runs 1) | $(col $n.runs 2) | $(col $n.runs 3) | $(col $n.runs 4) |"
done
echo
echo "| health endpoint | requests/s | p99 ms |"
echo "|---|---|---|"
echo "| nginx static 200 (floor) | $(col nginx.health 1) | $(col nginx.health 2) |"
echo "| adapter /health (http check, 1s cache) | $(col adapter.health 1) | $(col adapter.health 2) |"
echo
awk -v a="$(col adapter.runs 1)" -v e="$(col exporter.runs 1)" -v a99="$(col adapter.runs 2)" -v e99="$(col exporter.runs 2)" \
    -v ar="$(col adapter.runs 4)" -v er="$(col exporter.runs 4)" -v ac="$(col adapter.runs 3)" -v ec="$(col exporter.runs 3)" \
  'BEGIN { printf "ratios adapter/exporter: p50 %.2fx, p99 %.2fx, CPU/scrape %.2fx, RSS %.2fx\n", a / e, a99 / e99, ac / ec, ar / er }'
awk -v a="$(col adapter.health 1)" -v n="$(col nginx.health 1)" 'BEGIN { printf "health requests/s adapter/nginx: %.2fx\n", a / n }'
