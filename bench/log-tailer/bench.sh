#!/usr/bin/env bash
# log-tailer against GNU `tail -F`, in the same run, on the same file: both start on an empty file,
# then the same pre-generated block of numbered lines is appended WARMUP_BLOCKS times unmeasured and
# MEASURED_BLOCKS times measured; each tool's stdout goes through a pipe to a consumer that notes when
# the last byte of each block arrived. Reports per tool the median over RUNS of: lines/s, MB/s, CPU
# seconds per million lines, peak RSS. The warm-up is there for the JVM: the methods called once per
# read (not per line) reach the JIT's last tier only after several million lines, so one block
# measures the compiler at work, not the tailer a pod runs for days (see bench/RESULTS.md).
#
# Usage: JAVA_HOME=/path/to/jdk25 [WARMUP_BLOCKS=6] [MEASURED_BLOCKS=3] [TAILER_JAVA_OPTS=...] \
#          bench/log-tailer/bench.sh [LINES] [RUNS]
# Needs: a built log-tailer module (./mvnw -q install -DskipTests -pl log-tailer -am), coreutils.
set -euo pipefail

LINES=${1:-2000000}
RUNS=${2:-3}
WARMUP_BLOCKS=${WARMUP_BLOCKS:-6}
MEASURED_BLOCKS=${MEASURED_BLOCKS:-3}
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
read -r -a EXTRA_JVM_FLAGS <<< "${TAILER_JAVA_OPTS:-}"

# 100-byte numbered lines, written once and appended by every run
BLOCK="$WORK/block.log"
seq -f "%010g" 0 $((LINES - 1)) | awk '{ printf "%s %s\n", $1, "ts=2026-01-01T00:00:00Z level=INFO logger=app.Main message=\"request served\" xx" }' > "$BLOCK"
BYTES=$(stat -c %s "$BLOCK")

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
rss_kib() { awk '/VmHWM/ { print $2 }' "/proc/$1/status"; }

# append_block DIR N: appends the block and waits until the consumer has the N-th block's last byte
append_block() {
  cat "$BLOCK" >> "$1/app.log"
  while [ ! -f "$1/block.$2" ]; do sleep 0.01; done
}

# run NAME: starts the tool (function start_NAME), appends the blocks, waits for the consumer.
run() {
  local name=$1 dir="$WORK/$1" fifo i
  local blocks=$((WARMUP_BLOCKS + MEASURED_BLOCKS))
  rm -rf "$dir"; mkdir -p "$dir"
  : > "$dir/app.log"
  fifo="$dir/out.fifo"; mkfifo "$fifo"
  # consumer: stamps the arrival of each block's last byte, then keeps draining so the tool never sees EPIPE
  { for i in $(seq "$blocks"); do head -c "$BYTES" > /dev/null; date +%s.%N > "$dir/block.$i"; done; cat > /dev/null; } < "$fifo" &
  "start_$name" "$dir" > "$fifo" 2> "$dir/stderr" &
  local pid=$!
  sleep 3 # start-up (the JVM's included) is not part of the figures
  local per_block="" c0 c1 cpu0 t0
  for i in $(seq "$blocks"); do
    if [ "$i" = $((WARMUP_BLOCKS + 1)) ]; then cpu0=$(cpu_ticks "$pid"); t0=$(date +%s.%N); fi
    c0=$(cpu_ticks "$pid"); append_block "$dir" "$i"; c1=$(cpu_ticks "$pid")
    per_block+=" $(awk -v c="$((c1 - c0))" -v hz="$TICKS" -v n="$LINES" 'BEGIN { printf "%.3f", (c / hz) / (n / 1e6) }')"
  done
  echo "$name CPU s per million lines, block by block:$per_block" >&2
  local t1; t1=$(cat "$dir/block.$blocks")
  local cpu1; cpu1=$(cpu_ticks "$pid")
  local rss; rss=$(rss_kib "$pid")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -f "$dir/app.log" # up to several GB of page cache
  awk -v n="$((LINES * MEASURED_BLOCKS))" -v b="$((BYTES * MEASURED_BLOCKS))" -v s="$(echo "$t1 - $t0" | bc -l)" \
    -v c="$(( cpu1 - cpu0 ))" -v hz="$TICKS" -v r="$rss" -v name="$name" \
    'BEGIN { printf "%s %.0f %.1f %.3f %.1f\n", name, n / s, b / s / 1e6, (c / hz) / (n / 1e6), r / 1024 }'
}

start_tail() { exec tail -n +1 -F "$1/app.log"; }
start_ours() {
  TAILER_PATHS="$1/app.log" TAILER_ADMIN_LISTEN=127.0.0.1:0 exec "$JAVA" "${JVM_FLAGS[@]}" "${EXTRA_JVM_FLAGS[@]}" -cp "$CP" dev.sidecars.tailer.TailerMain
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

echo "lines=$LINES bytes=$BYTES runs=$RUNS warm-up blocks=$WARMUP_BLOCKS measured blocks=$MEASURED_BLOCKS cores=$(nproc)" >&2
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
