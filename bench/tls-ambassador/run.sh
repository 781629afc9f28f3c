#!/usr/bin/env bash
# tls-ambassador against nginx (ssl + proxy_pass, an HTTP proxy), nginx stream (L4 TLS termination),
# HAProxy (mode tcp, TLS termination), stunnel and a direct plain-text connection, in one run on one
# machine, same nginx backend (a small file and a 1 MiB file on 127.0.0.1).
#
#   JAVA_HOME=<jdk 25> [DURATION=10s] [CONNS=16] [REPEAT=3] [VARIANTS="direct nginx ..."] [FILES="small 1mib"]
#   [MODES="keepalive newconn fullhs"] [KEY=ec|rsa] [WARMUP=60s] [OURS_JAVA_OPTS=...] bench/tls-ambassador/run.sh
#
# Modes: "keepalive" is wrk with keep-alive; "newconn" is wrk with "Connection: close", a new TCP and TLS
# connection per request, where wrk offers the previous connection's session (TLS 1.3 ticket), so it
# measures resumed handshakes; "fullhs" is FULLHS_CLIENTS parallel `openssl s_time -new` clients
# (pinned like wrk), each connection a full handshake (no session offered), GET /file over HTTP/1.0.
# WARMUP: each TLS variant first gets this much wrk "newconn" load, unmeasured, so that the JVM has
# compiled the connection and handshake paths (WARMUP=0s shows the cold JVM). Pinned to one core, the
# JIT shares it with the event loops: after 15 s its C2 thread still took a quarter of the core, and
# compilation settles after 50-60 s (bench/RESULTS.md).
#
# Needs (Debian): nginx libnginx-mod-stream haproxy stunnel4 wrk openssl curl. Builds the module's
# classpath with ./mvnw. Before measuring, it prints whether each TLS variant resumes a TLS 1.3 session
# (wrk reuses the session of a closed connection, so "new conn" is a resumption where the server
# issues tickets, and a full handshake where it does not).
# wrk -c CONNS keep-alive gives requests/s with TLS sessions reused; "Connection: close" makes every
# request a new TCP connection and a full TLS handshake (handshakes/s). Medians of REPEAT runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${JAVA_HOME:?set JAVA_HOME to a JDK 25}"
DURATION=${DURATION:-10s}
CONNS=${CONNS:-16}
REPEAT=${REPEAT:-3}
VARIANTS=${VARIANTS:-direct nginx nginx-stream haproxy stunnel ours-openssl ours-http ours-jdk}
FILES=${FILES:-small 1mib}
MODES=${MODES:-keepalive newconn fullhs}
WARMUP=${WARMUP:-60s}
FULLHS_CLIENTS=${FULLHS_CLIENTS:-4}
KEY=${KEY:-ec}
WORK=$(mktemp -d /tmp/bench-tls-XXXX); chmod 755 "$WORK"  # nginx workers (www-data) read the files
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; for c in backend nginx-tls nginx-stream; do nginx -c "$WORK/$c.conf" -s stop 2>/dev/null || true; done; }
trap cleanup EXIT

BACKEND=18080; DIRECT=$BACKEND; NGINX=18441; STUNNEL=18442; OURS_OPENSSL=18443; OURS_JDK=18444; ADMIN=18901
NGINX_STREAM=18445; HAPROXY=18446; OURS_HTTP=18447

# Certificates made for this run: P-256 ECDSA (default) or RSA 2048 (KEY=rsa), PKCS#8 keys.
openssl ecparam -name prime256v1 -genkey -noout -out "$WORK/ca.key" 2>/dev/null
openssl req -x509 -new -key "$WORK/ca.key" -subj /CN=bench-ca -days 2 -out "$WORK/ca.crt"
if [ "$KEY" = rsa ]; then
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/tls.key" 2>/dev/null
else
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$WORK/tls.key" 2>/dev/null
fi
openssl req -new -key "$WORK/tls.key" -subj /CN=localhost -out "$WORK/tls.csr"
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' > "$WORK/ext"
openssl x509 -req -in "$WORK/tls.csr" -CA "$WORK/ca.crt" -CAkey "$WORK/ca.key" -CAcreateserial -days 2 -extfile "$WORK/ext" -out "$WORK/tls.crt" 2>/dev/null

# Backend: nginx serving the files, plain text, on loopback.
mkdir -p "$WORK/www"
head -c 1024 /dev/urandom | base64 -w0 | head -c 1024 > "$WORK/www/small"
head -c 1048576 /dev/urandom > "$WORK/www/1mib"
cat > "$WORK/backend.conf" <<CONF
worker_processes 1; pid $WORK/backend.pid; error_log $WORK/backend.err; daemon on;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 1000000;
  server { listen 127.0.0.1:$BACKEND; root $WORK/www; } }
CONF
taskset -c 0 nginx -c "$WORK/backend.conf"

# Anchor 1: nginx terminating TLS and proxying, keep-alive to the backend, one worker like our one core.
cat > "$WORK/nginx-tls.conf" <<CONF
worker_processes 1; pid $WORK/nginx-tls.pid; error_log $WORK/nginx-tls.err; daemon on;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 1000000;
  upstream app { server 127.0.0.1:$BACKEND; keepalive 64; }
  server { listen 127.0.0.1:$NGINX ssl; ssl_certificate $WORK/tls.crt; ssl_certificate_key $WORK/tls.key;
    ssl_protocols TLSv1.2 TLSv1.3;
    location / { proxy_pass http://app; proxy_http_version 1.1; proxy_set_header Connection ""; } } }
CONF
taskset -c 0 nginx -c "$WORK/nginx-tls.conf"

# Anchor 1b: nginx stream, L4 TLS termination (like our tcp mode): one backend connection per client.
cat > "$WORK/nginx-stream.conf" <<CONF
load_module /usr/lib/nginx/modules/ngx_stream_module.so;
worker_processes 1; pid $WORK/nginx-stream.pid; error_log $WORK/nginx-stream.err; daemon on;
events { worker_connections 4096; }
stream {
  server { listen 127.0.0.1:$NGINX_STREAM ssl; ssl_certificate $WORK/tls.crt; ssl_certificate_key $WORK/tls.key;
    ssl_protocols TLSv1.2 TLSv1.3; proxy_pass 127.0.0.1:$BACKEND; } }
CONF
taskset -c 0 nginx -c "$WORK/nginx-stream.conf"

# Anchor 1c: HAProxy, mode tcp with TLS termination, one thread.
cat "$WORK/tls.crt" "$WORK/tls.key" > "$WORK/haproxy.pem"
cat > "$WORK/haproxy.cfg" <<CONF
global
  nbthread 1
  maxconn 9000
defaults
  mode tcp
  timeout connect 5s
  timeout client 60s
  timeout server 60s
frontend tls
  bind 127.0.0.1:$HAPROXY ssl crt $WORK/haproxy.pem ssl-min-ver TLSv1.2
  default_backend app
backend app
  server app 127.0.0.1:$BACKEND
CONF
taskset -c 0 haproxy -db -f "$WORK/haproxy.cfg" 2>"$WORK/haproxy.err" & PIDS+=($!)

# Anchor 2: stunnel (L4, like our tcp mode).
cat > "$WORK/stunnel.conf" <<CONF
foreground = yes
pid =
[tls]
accept = 127.0.0.1:$STUNNEL
connect = 127.0.0.1:$BACKEND
cert = $WORK/tls.crt
key = $WORK/tls.key
sslVersionMin = TLSv1.2
CONF
taskset -c 0 stunnel4 "$WORK/stunnel.conf" 2>"$WORK/stunnel.err" & PIDS+=($!)

# Ours, from the module's classes, with the image's JVM flags, once per engine in tcp mode (like stunnel), and
# once more with the OpenSSL engine in http mode ("ours-http"), which reuses connections to the backend
# (AMBASSADOR_TARGET_KEEPALIVE, default 32 per event loop) as nginx's HTTP proxy does.
if [ ! -f tls-ambassador/target/bench.classpath ]; then
  ./mvnw -B -q -pl tls-ambassador -am install -DskipTests >/dev/null
  ./mvnw -B -q -pl tls-ambassador dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=runtime >/dev/null
fi
CP="tls-ambassador/target/classes:common/target/classes:$(cat tls-ambassador/target/bench.classpath)"
start_ours() { # port engine admin [protocol, default tcp]
  local t0 t1 protocol=${4:-tcp} label=$2
  [ "$protocol" = tcp ] || label=$protocol
  t0=$(date +%s%N)
  AMBASSADOR_LISTEN=127.0.0.1:$1 AMBASSADOR_TARGET=127.0.0.1:$BACKEND AMBASSADOR_TLS_CERT_FILE=$WORK/tls.crt \
  AMBASSADOR_TLS_KEY_FILE=$WORK/tls.key AMBASSADOR_TLS_ENGINE=$2 AMBASSADOR_ADMIN_LISTEN=127.0.0.1:$3 \
  AMBASSADOR_PROTOCOL=$protocol AMBASSADOR_MAX_CONNECTIONS=100000 AMBASSADOR_LOG_LEVEL=warn \
    taskset -c 0 "$JAVA_HOME/bin/java" -XX:+UseSerialGC -XX:+UseCompactObjectHeaders -XX:MaxRAMPercentage=75 -Xss512k \
    -XX:ReservedCodeCacheSize=32m --enable-native-access=ALL-UNNAMED ${OURS_JAVA_OPTS:-} -cp "$CP" dev.sidecars.ambassador.AmbassadorMain 2>"$WORK/ours-$label.err" &
  PIDS+=($!); OURS_PID=$!
  until curl -sf "http://127.0.0.1:$3/readyz" >/dev/null; do sleep 0.02; done
  t1=$(date +%s%N)
  echo "start_to_ready_ms[$label]=$(( (t1 - t0) / 1000000 ))"
}
rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
start_ours $OURS_OPENSSL openssl $ADMIN; PID_OPENSSL=$OURS_PID
start_ours $OURS_HTTP openssl $((ADMIN + 2)) http; PID_HTTP=$OURS_PID
start_ours $OURS_JDK jdk $((ADMIN + 1)); PID_JDK=$OURS_PID
echo "idle_rss_kib[openssl]=$(rss_kib $PID_OPENSSL) idle_rss_kib[http]=$(rss_kib $PID_HTTP) idle_rss_kib[jdk]=$(rss_kib $PID_JDK)"
for port in $OURS_OPENSSL $OURS_HTTP $OURS_JDK $NGINX $NGINX_STREAM $HAPROXY $STUNNEL; do
  curl -sf --cacert "$WORK/ca.crt" "https://localhost:$port/small" >/dev/null || { echo "no answer on $port" >&2; exit 1; }
done

# Does a second connection resume the first one's TLS 1.3 session (a ticket), as wrk's new connections try?
resumes() { # port
  printf 'GET /small HTTP/1.0\r\n\r\n' | openssl s_client -connect 127.0.0.1:"$1" -tls1_3 -sess_out "$WORK/sess" -ign_eof >/dev/null 2>&1
  if printf 'GET /small HTTP/1.0\r\n\r\n' | openssl s_client -connect 127.0.0.1:"$1" -tls1_3 -sess_in "$WORK/sess" -ign_eof 2>/dev/null | grep -q '^Reused'; then echo yes; else echo no; fi
}
declare -A PORT=([nginx]=$NGINX [nginx-stream]=$NGINX_STREAM [haproxy]=$HAPROXY [stunnel]=$STUNNEL [ours-openssl]=$OURS_OPENSSL
  [ours-http]=$OURS_HTTP [ours-jdk]=$OURS_JDK)
for v in nginx nginx-stream haproxy stunnel ours-openssl ours-http ours-jdk; do echo "tls13_resumption[$v]=$(resumes "${PORT[$v]}")"; done

# One wrk run: prints "requests/s p99_ms".
measure() { # url [extra wrk args]
  local out
  out=$(taskset -c 1 wrk -t1 -c"$CONNS" -d"$DURATION" --latency "$@" 2>&1)
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' <<<"$out")
  echo "$rps $p99"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# Full handshakes: FULLHS_CLIENTS parallel `openssl s_time -new`; prints "connections/s -" (no p99).
fullhs() { # port file
  local secs=${DURATION%s} t0 t1 pids=() n=0 i
  t0=$(date +%s%N)
  for i in $(seq "$FULLHS_CLIENTS"); do
    taskset -c 1 openssl s_time -connect 127.0.0.1:"$1" -new -time "$secs" -www "/$2" >"$WORK/stime.$i" 2>&1 & pids+=($!)
  done
  wait "${pids[@]}"
  t1=$(date +%s%N)
  for i in $(seq "$FULLHS_CLIENTS"); do
    n=$(( n + $(awk '/connections in .* real seconds/ {print $1; exit}' "$WORK/stime.$i") ))
  done
  awk -v n="$n" -v ns="$((t1 - t0))" 'BEGIN {printf "%.1f -\n", n / (ns / 1e9)}'
}

declare -A URL=([direct]="http://127.0.0.1:$DIRECT" [nginx]="https://127.0.0.1:$NGINX" [stunnel]="https://127.0.0.1:$STUNNEL"
  [nginx-stream]="https://127.0.0.1:$NGINX_STREAM" [haproxy]="https://127.0.0.1:$HAPROXY"
  [ours-openssl]="https://127.0.0.1:$OURS_OPENSSL" [ours-http]="https://127.0.0.1:$OURS_HTTP" [ours-jdk]="https://127.0.0.1:$OURS_JDK")
declare -A PORT_OF=([nginx]=$NGINX [nginx-stream]=$NGINX_STREAM [haproxy]=$HAPROXY [stunnel]=$STUNNEL
  [ours-openssl]=$OURS_OPENSSL [ours-http]=$OURS_HTTP [ours-jdk]=$OURS_JDK)
if [ "${WARMUP%s}" != 0 ]; then
  for v in $VARIANTS; do
    [ "$v" = direct ] || DURATION=$WARMUP measure "${URL[$v]}/small" -H "Connection: close" >/dev/null
  done
fi
printf '%-14s %-6s %-10s %12s %10s\n' variant file mode req_per_s p99_ms
for file in $FILES; do
  for mode in $MODES; do
    extra=(); [ $mode = newconn ] && extra=(-H "Connection: close")
    for v in $VARIANTS; do
      [ $mode = fullhs ] && [ $v = direct ] && continue
      rps=(); p99=()
      for _ in $(seq "$REPEAT"); do
        if [ $mode = fullhs ]; then
          read -r r p < <(fullhs "${PORT_OF[$v]}" "$file")
        else
          read -r r p < <(measure "${URL[$v]}/$file" "${extra[@]}")
        fi
        rps+=("$r"); p99+=("$p")
      done
      printf '%-14s %-6s %-10s %12s %10s\n' "$v" "$file" "$mode" "$(printf '%s\n' "${rps[@]}" | median)" "$(printf '%s\n' "${p99[@]}" | median)"
    done
  done
done
echo "loaded_rss_kib[openssl]=$(rss_kib $PID_OPENSSL) loaded_rss_kib[http]=$(rss_kib $PID_HTTP) loaded_rss_kib[jdk]=$(rss_kib $PID_JDK)"
echo "load_average=$(cut -d' ' -f1-3 /proc/loadavg)"
