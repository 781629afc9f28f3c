#!/usr/bin/env bash
# Where a new CONNECT tunnel spends its time: N sequential `curl -x` fetches of a 1 KiB file from
# the https nginx, each a new tunnel, through ours (image, decision log on), tinyproxy and squid;
# medians of curl's time_connect (TCP to the proxy), time_appconnect (CONNECT answered + TLS
# handshake through the tunnel) and time_total, in ms. Same pinning as run.sh.
#
#   [N=40] [WARM=200] [IMAGE=...] bench/egress-proxy/tunnel-timing.sh   (as root; WARM tunnels through ours first)
set -euo pipefail
cd "$(dirname "$0")"
HERE=$PWD
N=${N:-40}
IMAGE=${IMAGE:-127.0.0.1:5000/sidecars/egress-proxy:bench}
NAME=upstream.bench.test; BACKEND_TLS=18643; OURS=18681; TINY=18683; SQUID=18684
WORK=$(mktemp -d /tmp/tt-egress-XXXX); chmod 755 "$WORK"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; docker rm -f egress-tt >/dev/null 2>&1 || true; nginx -c "$WORK/backend.conf" -s stop 2>/dev/null || true; }
trap cleanup EXIT
grep -q " $NAME\$" /etc/hosts || echo "127.0.0.1 $NAME" >> /etc/hosts
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$WORK/tls.key" -out "$WORK/tls.crt" \
  -subj "/CN=$NAME" -addext "subjectAltName=DNS:$NAME" -days 2 2>/dev/null
mkdir -p "$WORK/www"; head -c 1024 /dev/urandom | base64 -w0 | head -c 1024 > "$WORK/www/small"
cat > "$WORK/backend.conf" <<CONF
worker_processes 1; pid $WORK/backend.pid; error_log $WORK/backend.err; daemon on;
events { worker_connections 4096; }
http { access_log off; server { listen 127.0.0.1:$BACKEND_TLS ssl; root $WORK/www;
  ssl_certificate $WORK/tls.crt; ssl_certificate_key $WORK/tls.key; } }
CONF
taskset -c 0 nginx -c "$WORK/backend.conf"
docker rm -f egress-tt >/dev/null 2>&1 || true
docker run -d --name egress-tt --network host --cpuset-cpus 0 --log-driver none --add-host "$NAME:127.0.0.1" \
  -e EGRESS_LISTEN="127.0.0.1:$OURS" -e EGRESS_ADMIN_LISTEN="127.0.0.1:18691" -e EGRESS_ALLOW="$NAME:$BACKEND_TLS" \
  -e EGRESS_ALLOW_CIDRS=127.0.0.0/8 -e EGRESS_CONNECT_PORTS="$BACKEND_TLS" -e EGRESS_LOG_LEVEL=warn "$IMAGE" >/dev/null
sed -e "s/@PORT@/$TINY/" -e "s/@TLS_PORT@/$BACKEND_TLS/" "$HERE/tinyproxy.conf.in" > "$WORK/tinyproxy.conf"
taskset -c 0 tinyproxy -d -c "$WORK/tinyproxy.conf" 2>/dev/null & PIDS+=($!)
mkdir -p "$WORK/squid"; chown proxy:proxy "$WORK/squid"
sed -e "s/@PORT@/$SQUID/" -e "s/@TLS_PORT@/$BACKEND_TLS/" -e "s#@WORK@#$WORK#g" "$HERE/squid.conf.in" > "$WORK/squid.conf"
taskset -c 0 squid -N -f "$WORK/squid.conf" 2>/dev/null & PIDS+=($!)
fetch() { taskset -c 1 curl -s --cacert "$WORK/tls.crt" -x "http://127.0.0.1:$1" -o /dev/null \
  -w '%{http_code} %{time_connect} %{time_appconnect} %{time_total}\n' "https://$NAME:$BACKEND_TLS/small"; }
for p in $OURS $TINY $SQUID; do until [ "$(fetch $p | cut -d' ' -f1)" = 200 ]; do sleep 0.1; done; done
for _ in $(seq ${WARM:-200}); do fetch $OURS >/dev/null; done   # warm the JVM's tunnel path
declare -A OUT
for _ in $(seq "$N"); do for v in ours tinyproxy squid; do
  case $v in ours) p=$OURS ;; tinyproxy) p=$TINY ;; squid) p=$SQUID ;; esac
  OUT[$v]+="$(fetch $p)"$'\n'
done; done
printf '%-10s %16s %19s %14s\n' variant connect_ms appconnect_ms total_ms
for v in ours tinyproxy squid; do
  med() { grep . | awk -v c="$1" '{print $c * 1000}' | sort -n | awk '{a[NR]=$1} END {printf "%.2f", a[int((NR+1)/2)]}'; }
  printf '%-10s %16s %19s %14s\n' "$v" "$(med 2 <<<"${OUT[$v]}")" "$(med 3 <<<"${OUT[$v]}")" "$(med 4 <<<"${OUT[$v]}")"
done
echo "load_average=$(cut -d' ' -f1-3 /proc/loadavg)"
