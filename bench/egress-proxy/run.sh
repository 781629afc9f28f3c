#!/usr/bin/env bash
# egress-proxy against tinyproxy 1.11 and Squid 5 (Debian) and a direct connection, in one run on one
# machine, to the same nginx upstream on loopback (a 1 KiB and a 100 KiB file over HTTP; the same
# files plus 100 MiB over HTTPS for CONNECT).
#
#   [DURATION=10s] [CONNS=16] [REPEAT=3] [WARMUP=10s] [TUNNELS=300] [VARIANTS="direct ours ..."]
#   [CASES="small:keepalive 100kib:keepalive small:close"]
#   [IMAGE=127.0.0.1:5000/sidecars/egress-proxy:bench] bench/egress-proxy/run.sh      (as root)
#
# Ours runs from the image (`docker run --network host`, the image's JVM flags, no memory limit,
# `--log-driver none` so the decision log lines go nowhere after the pipe), twice: with
# EGRESS_DECISION_LOG=all (the default, one JSON line per request) as "ours", and =none as
# "ours-nolog". tinyproxy and squid log one line per connection/request to /dev/null.
# All proxies and the upstream are pinned to CPU 0, the clients (wrk, curl) to CPU 1.
#
# HTTP: wrk -t1 -cCONNS with keep-alive and proxy.lua (absolute-form request line), medians of REPEAT.
# tinyproxy closes every client connection after one response, so through it wrk reconnects per
# request: that is tinyproxy's real behaviour for a keep-alive client, not a set-up artefact (wrk
# counts the failed reuse as a read error, shown in "errors"). Mode "close" sends "Connection: close",
# a new connection per request for every variant: tinyproxy's own model, and the fair row for it.
# CONNECT: (a) new tunnels/s: one curl process fetching /small TUNNELS times with "Connection: close",
# so every fetch is a new CONNECT + TLS handshake; (b) tunnel throughput: /100mib through one tunnel.
# Start-up: from exec (docker run for ours) to the first proxied 200. RSS: after that first request
# (idle) and after all the load.
#
# Needs (Debian): nginx tinyproxy squid wrk curl openssl; docker and the image. Adds the name
# upstream.bench.test to /etc/hosts (127.0.0.1) if missing, so every proxy resolves a name.
set -euo pipefail
cd "$(dirname "$0")"
HERE=$PWD
DURATION=${DURATION:-10s}
CONNS=${CONNS:-16}
REPEAT=${REPEAT:-3}
WARMUP=${WARMUP:-10s}
TUNNELS=${TUNNELS:-300}
VARIANTS=${VARIANTS:-direct ours ours-nolog tinyproxy squid}
CASES=${CASES:-small:keepalive 100kib:keepalive small:close}
IMAGE=${IMAGE:-127.0.0.1:5000/sidecars/egress-proxy:bench}
NAME=upstream.bench.test
BACKEND=18180; BACKEND_TLS=18543; OURS=18181; OURS_NOLOG=18182; TINY=18183; SQUID=18184; ADMIN=18981
WORK=$(mktemp -d /tmp/bench-egress-XXXX); chmod 755 "$WORK"
PIDS=(); CONTAINERS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for c in "${CONTAINERS[@]}"; do docker rm -f "$c" >/dev/null 2>&1 || true; done
  nginx -c "$WORK/backend.conf" -s stop 2>/dev/null || true
}
trap cleanup EXIT
grep -q " $NAME\$" /etc/hosts || echo "127.0.0.1 $NAME" >> /etc/hosts

# Upstream: nginx, one worker, plain HTTP and HTTPS (self-signed P-256 certificate for the name).
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$WORK/tls.key" -out "$WORK/tls.crt" \
  -subj "/CN=$NAME" -addext "subjectAltName=DNS:$NAME" -days 2 2>/dev/null
mkdir -p "$WORK/www"
head -c 1024 /dev/urandom | base64 -w0 | head -c 1024 > "$WORK/www/small"
head -c 102400 /dev/urandom > "$WORK/www/100kib"
head -c 104857600 /dev/urandom > "$WORK/www/100mib"
cat > "$WORK/backend.conf" <<CONF
worker_processes 1; pid $WORK/backend.pid; error_log $WORK/backend.err; daemon on;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 1000000;
  server { listen 127.0.0.1:$BACKEND; listen 127.0.0.1:$BACKEND_TLS ssl; root $WORK/www;
    ssl_certificate $WORK/tls.crt; ssl_certificate_key $WORK/tls.key; ssl_protocols TLSv1.2 TLSv1.3; } }
CONF
taskset -c 0 nginx -c "$WORK/backend.conf"

rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
now_ns() { date +%s%N; }
wait_proxied() { # proxy port: until a request through it is answered 200
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -x "http://127.0.0.1:$1" "http://$NAME:$BACKEND/small")" = 200 ]; do sleep 0.02; done
}
declare -A PID START_MS IDLE_RSS PORT=([ours]=$OURS [ours-nolog]=$OURS_NOLOG [tinyproxy]=$TINY [squid]=$SQUID)

start_ours() { # variant port admin decision-log
  local t0 c="egress-bench-$1"
  docker rm -f "$c" >/dev/null 2>&1 || true
  t0=$(now_ns)
  docker run -d --name "$c" --network host --cpuset-cpus 0 --log-driver none --add-host "$NAME:127.0.0.1" \
    -e EGRESS_LISTEN="127.0.0.1:$2" -e EGRESS_ADMIN_LISTEN="127.0.0.1:$3" \
    -e EGRESS_ALLOW="$NAME:$BACKEND,$NAME:$BACKEND_TLS" -e EGRESS_ALLOW_CIDRS=127.0.0.0/8 \
    -e EGRESS_CONNECT_PORTS="$BACKEND_TLS" -e EGRESS_MAX_CONNECTIONS=100000 -e EGRESS_MAX_TUNNELS=100000 \
    -e EGRESS_DECISION_LOG="$4" -e EGRESS_LOG_LEVEL=warn "$IMAGE" >/dev/null
  CONTAINERS+=("$c")
  wait_proxied "$2"
  START_MS[$1]=$(( ($(now_ns) - t0) / 1000000 ))
  PID[$1]=$(docker inspect -f '{{.State.Pid}}' "$c")
}
start_tinyproxy() {
  local t0
  sed -e "s/@PORT@/$TINY/" -e "s/@TLS_PORT@/$BACKEND_TLS/" "$HERE/tinyproxy.conf.in" > "$WORK/tinyproxy.conf"
  t0=$(now_ns)
  taskset -c 0 tinyproxy -d -c "$WORK/tinyproxy.conf" 2>"$WORK/tinyproxy.err" & PIDS+=($!); PID[tinyproxy]=$!
  wait_proxied $TINY
  START_MS[tinyproxy]=$(( ($(now_ns) - t0) / 1000000 ))
}
start_squid() {
  local t0
  mkdir -p "$WORK/squid"; chown proxy:proxy "$WORK/squid"
  sed -e "s/@PORT@/$SQUID/" -e "s/@TLS_PORT@/$BACKEND_TLS/" -e "s#@WORK@#$WORK#g" "$HERE/squid.conf.in" > "$WORK/squid.conf"
  t0=$(now_ns)
  taskset -c 0 squid -N -f "$WORK/squid.conf" 2>"$WORK/squid.err" & PIDS+=($!); PID[squid]=$!
  wait_proxied $SQUID
  START_MS[squid]=$(( ($(now_ns) - t0) / 1000000 ))
}
for v in $VARIANTS; do
  case $v in
    ours) start_ours ours $OURS $ADMIN all ;;
    ours-nolog) start_ours ours-nolog $OURS_NOLOG $((ADMIN + 1)) none ;;
    tinyproxy) start_tinyproxy ;;
    squid) start_squid ;;
  esac
  [ "$v" = direct ] || IDLE_RSS[$v]=$(rss_kib "${PID[$v]}")
done
for v in $VARIANTS; do [ "$v" = direct ] || echo "start_to_first_request_ms[$v]=${START_MS[$v]} idle_rss_kib[$v]=${IDLE_RSS[$v]}"; done
echo "load_average_before=$(cut -d' ' -f1-3 /proc/loadavg)"

# One wrk run: prints "requests/s p99_ms errors".
measure() { # variant file mode(keepalive|close)
  local out args=()
  [ "${3:-}" = close ] && args=(-H "Connection: close")
  if [ "$1" = direct ]; then args+=("http://127.0.0.1:$BACKEND/$2")
  else args+=(-s "$HERE/proxy.lua" "http://127.0.0.1:${PORT[$1]}/$2"); fi
  out=$(PROXY_TARGET="http://$NAME:$BACKEND" taskset -c 1 wrk -t1 -c"$CONNS" -d"$DURATION" --latency "${args[@]}" 2>&1)
  awk '/Requests\/sec/ {rps=$2}
       $1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; p99=v}
       /Socket errors/ {gsub(/,/,""); e+=$4+$6+$8+$10}
       /Non-2xx/ {e+=$NF}
       END {printf "%s %s %d\n", rps, p99, e}' <<<"$out"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

for v in $VARIANTS; do [ "$v" = direct ] || DURATION=$WARMUP measure "$v" small >/dev/null; done
# Rounds alternate the variants, so that the other users' load falls on all of them alike.
declare -A RPS RS PS ES
printf '%-11s %-7s %-9s %12s %10s %8s\n' variant file mode req_per_s p99_ms errors
for case in $CASES; do
  file=${case%:*}; mode=${case#*:}
  for _ in $(seq "$REPEAT"); do
    for v in $VARIANTS; do
      read -r r p e < <(measure "$v" "$file" "$mode"); RS[$v]+="$r "; PS[$v]+="$p "; ES[$v]+="$e/"
    done
  done
  for v in $VARIANTS; do
    RPS[$v.$case]=$(tr ' ' '\n' <<<"${RS[$v]}" | grep . | median)
    printf '%-11s %-7s %-9s %12s %10s %8s\n' "$v" "$file" "$mode" "${RPS[$v.$case]}" "$(tr ' ' '\n' <<<"${PS[$v]}" | grep . | median)" "${ES[$v]%/}"
    RS[$v]=; PS[$v]=; ES[$v]=
  done
done
echo "load_average_after_http=$(cut -d' ' -f1-3 /proc/loadavg)"
for case in $CASES; do
  for v in ours ours-nolog; do
    for a in tinyproxy squid direct; do
      [ -n "${RPS[$v.$case]:-}" ] && [ -n "${RPS[$a.$case]:-}" ] && \
        awk -v x="${RPS[$v.$case]}" -v y="${RPS[$a.$case]}" -v n="$v/$a[$case]" 'BEGIN {printf "ratio %-28s %.2f\n", n, x / y}'
    done
  done
done

# CONNECT. (a) new tunnels/s: one curl, TUNNELS fetches, each a new tunnel and TLS handshake.
for i in $(seq "$TUNNELS"); do printf 'url = "https://%s:%s/small"\noutput = "/dev/null"\n' "$NAME" "$BACKEND_TLS"; done > "$WORK/tunnels.curlrc"
tunnels() { # variant: prints tunnels/s
  local t0 t1 proxy=()
  [ "$1" = direct ] || proxy=(-x "http://127.0.0.1:${PORT[$1]}")
  t0=$(now_ns)
  taskset -c 1 curl -sf --cacert "$WORK/tls.crt" "${proxy[@]}" -H "Connection: close" -K "$WORK/tunnels.curlrc"
  t1=$(now_ns)
  awk -v n="$TUNNELS" -v ns="$((t1 - t0))" 'BEGIN {printf "%.0f\n", n / (ns / 1e9)}'
}
bulk() { # variant: prints MB/s for 100 MiB through one tunnel
  local proxy=()
  [ "$1" = direct ] || proxy=(-x "http://127.0.0.1:${PORT[$1]}")
  taskset -c 1 curl -sf --cacert "$WORK/tls.crt" "${proxy[@]}" -o /dev/null -w '%{speed_download}' "https://$NAME:$BACKEND_TLS/100mib" \
    | awk '{printf "%.0f\n", $1 / 1048576}'
}
declare -A TS BS
for _ in $(seq "$REPEAT"); do for v in $VARIANTS; do TS[$v]+="$(tunnels "$v") "; BS[$v]+="$(bulk "$v") "; done; done
printf '%-11s %14s %18s\n' variant tunnels_per_s tunnel_MiB_per_s
for v in $VARIANTS; do
  printf '%-11s %14s %18s\n' "$v" "$(tr ' ' '\n' <<<"${TS[$v]}" | grep . | median)" "$(tr ' ' '\n' <<<"${BS[$v]}" | grep . | median)"
done
for v in $VARIANTS; do [ "$v" = direct ] || echo "loaded_rss_kib[$v]=$(rss_kib "${PID[$v]}")"; done
echo "load_average_after=$(cut -d' ' -f1-3 /proc/loadavg)"
