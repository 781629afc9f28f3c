#!/usr/bin/env bash
# Profiles ours under the HTTP keep-alive load of run.sh: the module's jar with the image's JVM flags
# (host JDK), pinned to CPU 0, wrk -c16 on CPU 1 through proxy.lua, a JFR recording (settings=profile)
# of SECONDS of load after a warm-up, then `jfr view` of hot methods, allocations and GC.
# Also prints the jar's start-up time to the first proxied request (no container).
#
#   JAVA_HOME=<jdk 25> [FILE=small] [PROFILE_SECONDS=20] [DECISION_LOG=all] bench/egress-proxy/profile.sh   (as root)
set -euo pipefail
cd "$(dirname "$0")"
HERE=$PWD
: "${JAVA_HOME:?set JAVA_HOME to a JDK 25}"
FILE=${FILE:-small}; SECS=${PROFILE_SECONDS:-20}; DECISION_LOG=${DECISION_LOG:-all}
NAME=upstream.bench.test; BACKEND=18280; OURS=18281; ADMIN=18282
WORK=$(mktemp -d /tmp/prof-egress-XXXX); chmod 755 "$WORK"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; nginx -c "$WORK/backend.conf" -s stop 2>/dev/null || true; }
trap cleanup EXIT
grep -q " $NAME\$" /etc/hosts || echo "127.0.0.1 $NAME" >> /etc/hosts
mkdir -p "$WORK/www"
head -c 1024 /dev/urandom | base64 -w0 | head -c 1024 > "$WORK/www/small"
head -c 102400 /dev/urandom > "$WORK/www/100kib"
cat > "$WORK/backend.conf" <<CONF
worker_processes 1; pid $WORK/backend.pid; error_log $WORK/backend.err; daemon on;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 1000000; server { listen 127.0.0.1:$BACKEND; root $WORK/www; } }
CONF
taskset -c 0 nginx -c "$WORK/backend.conf"

cd ../..
if [ ! -f egress-proxy/target/bench.classpath ]; then
  ./mvnw -B -q -pl common,egress-proxy install -DskipTests >/dev/null
  ./mvnw -B -q -pl egress-proxy dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=runtime >/dev/null
fi
CP="egress-proxy/target/classes:common/target/classes:$(cat egress-proxy/target/bench.classpath)"
t0=$(date +%s%N)
EGRESS_LISTEN=127.0.0.1:$OURS EGRESS_ADMIN_LISTEN=127.0.0.1:$ADMIN EGRESS_ALLOW="$NAME:$BACKEND" \
EGRESS_ALLOW_CIDRS=127.0.0.0/8 EGRESS_MAX_CONNECTIONS=100000 EGRESS_DECISION_LOG=$DECISION_LOG EGRESS_LOG_LEVEL=warn \
  taskset -c 0 "$JAVA_HOME/bin/java" -XX:+UseSerialGC -XX:+UseCompactObjectHeaders -XX:MaxRAMPercentage=75 -Xss512k \
  -XX:ReservedCodeCacheSize=32m -cp "$CP" dev.sidecars.egress.EgressMain >/dev/null 2>"$WORK/ours.err" &
PIDS+=($!); PID=$!
until [ "$(curl -s -o /dev/null -w '%{http_code}' -x "http://127.0.0.1:$OURS" "http://$NAME:$BACKEND/small")" = 200 ]; do sleep 0.02; done
echo "jar_start_to_first_request_ms=$(( ($(date +%s%N) - t0) / 1000000 ))"
export PROXY_TARGET="http://$NAME:$BACKEND"
taskset -c 1 wrk -t1 -c16 -d10s -s "$HERE/proxy.lua" "http://127.0.0.1:$OURS/$FILE" >/dev/null   # warm-up
"$JAVA_HOME/bin/jcmd" "$PID" JFR.start settings=profile duration="${SECS}s" filename="$WORK/ours.jfr" >/dev/null
taskset -c 1 wrk -t1 -c16 -d"${SECS}s" --latency -s "$HERE/proxy.lua" "http://127.0.0.1:$OURS/$FILE" | grep -E 'Requests/sec|99%'
sleep 2
echo "load_average=$(cut -d' ' -f1-3 /proc/loadavg)"
cp "$WORK/ours.jfr" /tmp/egress-ours.jfr
for view in hot-methods allocation-by-class gc-pauses cpu-load; do "$JAVA_HOME/bin/jfr" view --width 160 "$view" "$WORK/ours.jfr" | head -30; done
