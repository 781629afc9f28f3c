#!/usr/bin/env bash
# What the decision log costs, alternating in one run: the image with EGRESS_DECISION_LOG=all and
# =none, once with Docker's default json-file log driver (stdout piped to the engine and written to a
# file, as a kubelet's runtime does) and once with --log-driver none; wrk -c16 keep-alive through
# proxy.lua to nginx's 1 KiB file, ROUNDS alternating rounds of DURATION each, medians.
#
#   [ROUNDS=3] [DURATION=8s] [IMAGE=...] bench/egress-proxy/decision-log-ab.sh   (as root)
set -euo pipefail
cd "$(dirname "$0")"
HERE=$PWD
ROUNDS=${ROUNDS:-3}; DURATION=${DURATION:-8s}
IMAGE=${IMAGE:-127.0.0.1:5000/sidecars/egress-proxy:bench}
NAME=upstream.bench.test; BACKEND=18380
WORK=$(mktemp -d /tmp/ab-egress-XXXX); chmod 755 "$WORK"
CONTAINERS=()
cleanup() { for c in "${CONTAINERS[@]}"; do docker rm -f "$c" >/dev/null 2>&1 || true; done; nginx -c "$WORK/backend.conf" -s stop 2>/dev/null || true; }
trap cleanup EXIT
grep -q " $NAME\$" /etc/hosts || echo "127.0.0.1 $NAME" >> /etc/hosts
mkdir -p "$WORK/www"; head -c 1024 /dev/urandom | base64 -w0 | head -c 1024 > "$WORK/www/small"
cat > "$WORK/backend.conf" <<CONF
worker_processes 1; pid $WORK/backend.pid; error_log $WORK/backend.err; daemon on;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 1000000; server { listen 127.0.0.1:$BACKEND; root $WORK/www; } }
CONF
taskset -c 0 nginx -c "$WORK/backend.conf"
declare -A PORT=([all-jsonfile]=18381 [none-jsonfile]=18382 [all-nodriver]=18383 [none-nodriver]=18384)
for v in all-jsonfile none-jsonfile all-nodriver none-nodriver; do
  driver=json-file; [ "${v#*-}" = nodriver ] && driver=none
  c="egress-ab-$v"; docker rm -f "$c" >/dev/null 2>&1 || true
  docker run -d --name "$c" --network host --cpuset-cpus 0 --log-driver "$driver" --add-host "$NAME:127.0.0.1" \
    -e EGRESS_LISTEN="127.0.0.1:${PORT[$v]}" -e EGRESS_ADMIN_LISTEN="127.0.0.1:$(( ${PORT[$v]} + 100 ))" \
    -e EGRESS_ALLOW="$NAME:$BACKEND" -e EGRESS_ALLOW_CIDRS=127.0.0.0/8 -e EGRESS_MAX_CONNECTIONS=100000 \
    -e EGRESS_DECISION_LOG="${v%%-*}" -e EGRESS_LOG_LEVEL=warn "$IMAGE" >/dev/null
  CONTAINERS+=("$c")
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -x "http://127.0.0.1:${PORT[$v]}" "http://$NAME:$BACKEND/small")" = 200 ]; do sleep 0.05; done
done
export PROXY_TARGET="http://$NAME:$BACKEND"
measure() { taskset -c 1 wrk -t1 -c16 -d"$1" --latency -s "$HERE/proxy.lua" "http://127.0.0.1:$2/small" 2>&1 | awk '/Requests\/sec/ {print $2}'; }
for v in "${!PORT[@]}"; do measure 8s "${PORT[$v]}" >/dev/null; done   # warm-up
declare -A R
for _ in $(seq "$ROUNDS"); do for v in all-jsonfile none-jsonfile all-nodriver none-nodriver; do R[$v]+="$(measure "$DURATION" "${PORT[$v]}") "; done; done
for v in all-jsonfile none-jsonfile all-nodriver none-nodriver; do
  printf '%-14s %s  median %s\n' "$v" "${R[$v]}" "$(tr ' ' '\n' <<<"${R[$v]}" | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
done
echo "load_average=$(cut -d' ' -f1-3 /proc/loadavg)"
