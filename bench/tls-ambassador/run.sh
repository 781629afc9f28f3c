#!/usr/bin/env bash
# tls-ambassador against nginx (ssl + proxy_pass), stunnel and a direct plain-text connection, in one
# run on one machine, same nginx backend (a small file and a 1 MiB file on 127.0.0.1).
#
#   JAVA_HOME=<jdk 25> [DURATION=10s] [CONNS=16] [REPEAT=3] bench/tls-ambassador/run.sh
#
# Needs (Debian): nginx stunnel4 wrk openssl curl. Builds the module's classpath with ./mvnw.
# wrk -c CONNS keep-alive gives requests/s with TLS sessions reused; "Connection: close" makes every
# request a new TCP connection and a full TLS handshake (handshakes/s). Medians of REPEAT runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${JAVA_HOME:?set JAVA_HOME to a JDK 25}"
DURATION=${DURATION:-10s}
CONNS=${CONNS:-16}
REPEAT=${REPEAT:-3}
WORK=$(mktemp -d /tmp/bench-tls-XXXX); chmod 755 "$WORK"  # nginx workers (www-data) read the files
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; nginx -c "$WORK/backend.conf" -s stop 2>/dev/null || true; nginx -c "$WORK/nginx-tls.conf" -s stop 2>/dev/null || true; }
trap cleanup EXIT

BACKEND=18080; DIRECT=$BACKEND; NGINX=18441; STUNNEL=18442; OURS_OPENSSL=18443; OURS_JDK=18444; ADMIN=18901

# Certificates made for this run.
openssl ecparam -name prime256v1 -genkey -noout -out "$WORK/ca.key" 2>/dev/null
openssl req -x509 -new -key "$WORK/ca.key" -subj /CN=bench-ca -days 2 -out "$WORK/ca.crt"
openssl ecparam -name prime256v1 -genkey -noout -out "$WORK/tls.key" 2>/dev/null
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

# Ours, from the module's classes, with the image's JVM flags, once per engine (tcp mode, like stunnel).
if [ ! -f tls-ambassador/target/bench.classpath ]; then
  ./mvnw -B -q -pl tls-ambassador -am install -DskipTests >/dev/null
  ./mvnw -B -q -pl tls-ambassador dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=runtime >/dev/null
fi
CP="tls-ambassador/target/classes:$(cat tls-ambassador/target/bench.classpath)"
start_ours() { # port engine admin
  local t0 t1
  t0=$(date +%s%N)
  AMBASSADOR_LISTEN=127.0.0.1:$1 AMBASSADOR_TARGET=127.0.0.1:$BACKEND AMBASSADOR_TLS_CERT_FILE=$WORK/tls.crt \
  AMBASSADOR_TLS_KEY_FILE=$WORK/tls.key AMBASSADOR_TLS_ENGINE=$2 AMBASSADOR_ADMIN_LISTEN=127.0.0.1:$3 \
  AMBASSADOR_MAX_CONNECTIONS=100000 AMBASSADOR_LOG_LEVEL=warn \
    taskset -c 0 "$JAVA_HOME/bin/java" -XX:+UseSerialGC -XX:+UseCompactObjectHeaders -XX:MaxRAMPercentage=75 -Xss512k \
    -XX:ReservedCodeCacheSize=32m --enable-native-access=ALL-UNNAMED -cp "$CP" dev.sidecars.ambassador.AmbassadorMain 2>"$WORK/ours-$2.err" &
  PIDS+=($!); OURS_PID=$!
  until curl -sf "http://127.0.0.1:$3/readyz" >/dev/null; do sleep 0.02; done
  t1=$(date +%s%N)
  echo "start_to_ready_ms[$2]=$(( (t1 - t0) / 1000000 ))"
}
rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
start_ours $OURS_OPENSSL openssl $ADMIN; PID_OPENSSL=$OURS_PID
start_ours $OURS_JDK jdk $((ADMIN + 1)); PID_JDK=$OURS_PID
echo "idle_rss_kib[openssl]=$(rss_kib $PID_OPENSSL) idle_rss_kib[jdk]=$(rss_kib $PID_JDK)"
curl -sf --cacert "$WORK/ca.crt" "https://localhost:$OURS_OPENSSL/small" >/dev/null
curl -sf --cacert "$WORK/ca.crt" "https://localhost:$NGINX/small" >/dev/null
curl -sf --cacert "$WORK/ca.crt" "https://localhost:$STUNNEL/small" >/dev/null

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

declare -A URL=([direct]="http://127.0.0.1:$DIRECT" [nginx]="https://127.0.0.1:$NGINX" [stunnel]="https://127.0.0.1:$STUNNEL"
  [ours-openssl]="https://127.0.0.1:$OURS_OPENSSL" [ours-jdk]="https://127.0.0.1:$OURS_JDK")
printf '%-14s %-6s %-10s %12s %10s\n' variant file mode req_per_s p99_ms
for file in small 1mib; do
  for mode in keepalive newconn; do
    extra=(); [ $mode = newconn ] && extra=(-H "Connection: close")
    for v in direct nginx stunnel ours-openssl ours-jdk; do
      rps=(); p99=()
      for _ in $(seq "$REPEAT"); do
        read -r r p < <(measure "${URL[$v]}/$file" "${extra[@]}")
        rps+=("$r"); p99+=("$p")
      done
      printf '%-14s %-6s %-10s %12s %10s\n' "$v" "$file" "$mode" "$(printf '%s\n' "${rps[@]}" | median)" "$(printf '%s\n' "${p99[@]}" | median)"
    done
  done
done
echo "loaded_rss_kib[openssl]=$(rss_kib $PID_OPENSSL) loaded_rss_kib[jdk]=$(rss_kib $PID_JDK)"
echo "load_average=$(cut -d' ' -f1-3 /proc/loadavg)"
