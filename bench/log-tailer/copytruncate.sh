#!/usr/bin/env bash
# Loss under Debian's logrotate in copytruncate mode: ours (the real process, the image's JVM flags)
# and GNU `tail -F` follow the same file in the same run, and both are scored against what is on
# disk afterwards (every copy plus the final file), which separates copytruncate's own loss window
# from a reader's. See copytruncate.py for the columns.
#
# Usage: JAVA_HOME=/path/to/jdk25 bench/log-tailer/copytruncate.sh [LINES] [RUNS]
# Needs: a built log-tailer module (./mvnw -q install -DskipTests -pl log-tailer -am), logrotate, python3.
set -euo pipefail

LINES=${1:-200000}
RUNS=${2:-5}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAVA=${JAVA_HOME:?set JAVA_HOME to a JDK 25}/bin/java
WORK=$(mktemp -d /tmp/bench-copytruncate.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

CP_FILE="$WORK/cp.txt"
(cd "$ROOT" && ./mvnw -B -q dependency:build-classpath -pl log-tailer -Dmdep.outputFile="$CP_FILE" >/dev/null)
CP="$ROOT/log-tailer/target/classes:$(cat "$CP_FILE")"
JVM_FLAGS=(-XX:+UseSerialGC -XX:+UseCompactObjectHeaders -XX:MaxRAMPercentage=75 -Xss512k -XX:ReservedCodeCacheSize=32m)

echo "lines=$LINES runs=$RUNS load=$(cut -d' ' -f1 /proc/loadavg)"
echo "run rotations disk_lost ours_lost tail_lost ours_dup tail_dup ours_missed_on_disk tail_missed_on_disk"
for i in $(seq "$RUNS"); do
  mkdir -p "$WORK/$i"
  echo "$i $(python3 "$(dirname "$0")/copytruncate.py" "$WORK/$i" "$LINES" "$JAVA" "${JVM_FLAGS[@]}" -cp "$CP" dev.sidecars.tailer.TailerMain)"
  rm -rf "$WORK/$i"
done
