#!/usr/bin/env bash
# log-tailer against GNU `tail -F`, in the same run, on the same file: both start on an empty file,
# then the same pre-generated block of numbered lines is appended once to warm up and once measured;
# each tool's stdout goes through a pipe to a consumer that notes when the last byte arrived.
# Reports per tool the median over RUNS of: lines/s, MB/s, CPU seconds per million lines, peak RSS.
#
# Usage: JAVA_HOME=/path/to/jdk25 bench/log-tailer/bench.sh [LINES] [RUNS]
# Needs: a built log-tailer module (./mvnw -q install -DskipTests -pl log-tailer -am), coreutils.
set -euo pipefail

LINES=${1:-2000000}
RUNS=${2:-3}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAVA=${JAVA_HOME:?set JAVA_HOME to a JDK 25}/bin/java
WORK=$(mktemp -d /tmp/bench-log-tailer.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
TICKS=$(getconf CLK_TCK)

CP_FILE="$WORK/cp.txt"
(cd "$ROOT" && ./mvnw -B -q dependency:build-classpath -pl log-tailer -Dmdep.outputFile="$CP_FILE" >/dev/null)
CP="$ROOT/log-tailer/target/classes:$(cat "$CP_FILE")"
# the image's JVM flags (pom.xml, jib jvmFlags)
JVM_FLAGS=(-XX:+UseSerialGC -XX:+UseCompactObjectHeaders -XX:MaxRAMPercentage=75 -Xss512k -XX:ReservedCodeCacheSize=32m)

# 100-byte numbered lines, written once and appended by every run
BLOCK="$WORK/block.log"
seq -f "%010g" 0 $((LINES - 1)) | awk '{ printf "%s %s\n", $1, "ts=2026-01-01T00:00:00Z level=INFO logger=app.Main message=\"request served\" xx" }' > "$BLOCK"
BYTES=$(stat -c %s "$BLOCK")

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
rss_kib() { awk '/VmHWM/ { print $2 }' "/proc/$1/status"; }

# run NAME: starts the tool (function start_NAME), appends the block, waits for the consumer.
run() {
  local name=$1 dir="$WORK/$1" fifo
  rm -rf "$dir"; mkdir -p "$dir"
  : > "$dir/app.log"
  fifo="$dir/out.fifo"; mkfifo "$fifo"
  # consumer: counts BYTES bytes, stamps the time, then keeps draining so the tool never sees EPIPE
  { head -c "$BYTES" > /dev/null; touch "$dir/warm"; head -c "$BYTES" > /dev/null; date +%s.%N > "$dir/done"; cat > /dev/null; } < "$fifo" &
  "start_$name" "$dir" > "$fifo" 2> "$dir/stderr" &
  local pid=$!
  sleep 3 # start-up (the JVM's included) is not part of the figures
  # warm-up: the block once, unmeasured (a sidecar runs for days: its steady state is what counts)
  cat "$BLOCK" >> "$dir/app.log"
  while [ ! -f "$dir/warm" ]; do sleep 0.01; done
  local cpu0; cpu0=$(cpu_ticks "$pid")
  local t0; t0=$(date +%s.%N)
  cat "$BLOCK" >> "$dir/app.log"
  while [ ! -f "$dir/done" ]; do sleep 0.01; done
  local t1; t1=$(cat "$dir/done")
  local cpu1; cpu1=$(cpu_ticks "$pid")
  local rss; rss=$(rss_kib "$pid")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  awk -v n="$LINES" -v b="$BYTES" -v s="$(echo "$t1 - $t0" | bc -l)" -v c="$(( cpu1 - cpu0 ))" -v hz="$TICKS" -v r="$rss" -v name="$name" \
    'BEGIN { printf "%s %.0f %.1f %.3f %.1f\n", name, n / s, b / s / 1e6, (c / hz) / (n / 1e6), r / 1024 }'
}

start_tail() { exec tail -n +1 -F "$1/app.log"; }
start_ours() {
  TAILER_PATHS="$1/app.log" TAILER_ADMIN_LISTEN=127.0.0.1:0 exec "$JAVA" "${JVM_FLAGS[@]}" -cp "$CP" dev.sidecars.tailer.TailerMain
}

# latency NAME: the tool follows a file written at a fixed rate; prints p50/p99/max ms
RATE=${RATE:-2000}
SECONDS_WRITTEN=${SECONDS_WRITTEN:-5}
latency() {
  local name=$1 dir="$WORK/lat-$1" fifo count
  rm -rf "$dir"; mkdir -p "$dir"; : > "$dir/app.log"
  fifo="$dir/out.fifo"; mkfifo "$fifo"
  count=$(awk -v r="$RATE" -v s="$SECONDS_WRITTEN" 'BEGIN { print int(r * s) }')
  python3 "$(dirname "$0")/latency.py" read "$count" < "$fifo" > "$dir/result" &
  local reader=$!
  "start_$name" "$dir" > "$fifo" 2> "$dir/stderr" &
  local pid=$!
  sleep 3
  python3 "$(dirname "$0")/latency.py" write "$dir/app.log" "$RATE" "$SECONDS_WRITTEN"
  while [ ! -s "$dir/result" ]; do sleep 0.05; done
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$name $(cat "$dir/result")"
}

echo "lines=$LINES bytes=$BYTES runs=$RUNS cores=$(nproc)" >&2
RESULTS="$WORK/results"
for i in $(seq "$RUNS"); do
  run tail >> "$RESULTS"
  run ours >> "$RESULTS"
done
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
printf "%-6s %12s %8s %16s %9s\n" tool "lines/s" "MB/s" "CPU s/M lines" "RSS MiB"
for t in tail ours; do
  printf "%-6s %12s %8s %16s %9s\n" "$t" \
    "$(awk -v t=$t '$1 == t { print $2 }' "$RESULTS" | median)" \
    "$(awk -v t=$t '$1 == t { print $3 }' "$RESULTS" | median)" \
    "$(awk -v t=$t '$1 == t { print $4 }' "$RESULTS" | median)" \
    "$(awk -v t=$t '$1 == t { print $5 }' "$RESULTS" | median)"
done
echo "all runs (tool lines/s MB/s cpu-s/Mlines rss-MiB):" >&2
cat "$RESULTS" >&2

echo
echo "line latency at $RATE lines/s for ${SECONDS_WRITTEN}s (tool p50_ms p99_ms max_ms lines):"
latency tail
latency ours
