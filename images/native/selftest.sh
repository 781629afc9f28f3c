#!/usr/bin/env bash
# images/native/selftest.sh: proves the toolchain (toolchain.sh) end to end.
#   1. builds the probe (selftest/probe) with bin/native-image and runs it natively and in a
#      container with --memory 64m --cpus 1 -e TZ=Asia/Tokyo -e LANG=de_DE.UTF-8, asserting heap limit,
#      processors, locale and time zone; the SIGTERM drain/exit lifecycle via sun.misc.Signal, natively
#      and in the container;
#   2. proves the CPU-feature check: a probe compiled for a CPU feature this machine lacks must exit
#      with status 1 and a message naming the feature;
#   3. builds a Netty HTTP server (selftest/netty) with native-maven-plugin, the toolchain given as
#      GRAALVM_HOME, and checks that it serves curl.
# Prints timings, sizes, start times and RSS; ends with "N passed, M failed".
# Native builds run one at a time (a lock in the build directory). Container checks need a Docker
# engine and the base image (images/setup.sh); without them they are skipped, and fail when CI=true.
#   SELFTEST_SKIP_NETTY=1, SELFTEST_SKIP_CPU=1   leave a part out
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
BUILD=${NATIVE_BUILD_DIR:-$HERE/build}
: "${JAVA_HOME:?JAVA_HOME must point to a Temurin 25 JDK}"
BASE_IMAGE=${SELFTEST_BASE_IMAGE:-127.0.0.1:5000/sidecars/base:25}

pass=0 fail=0 skip=0
ok() { pass=$((pass + 1)); echo "ok - $*"; }
bad() { fail=$((fail + 1)); echo "not ok - $*"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }
skipped() { if [ "${CI:-}" = true ]; then bad "$* (required in CI)"; else skip=$((skip + 1)); echo "skip - $*"; fi; }
report() { printf '  %-44s %s\n' "$1" "$2"; }
ms() { date +%s%N | cut -c1-13; }

"$HERE/toolchain.sh"
GRAALVM_VERSION=${NATIVE_GRAALVM_VERSION:-$(sed -n "s/^GRAALVM_VERSION=\${NATIVE_GRAALVM_VERSION:-\([0-9.]*\)}.*/\1/p" "$HERE/toolchain.sh")}
G=${NATIVE_TOOLCHAIN_DIR:-$BUILD/graalvm-$GRAALVM_VERSION}
NI=$G/bin/native-image
OUT=$BUILD/selftest
mkdir -p "$OUT"
exec 9>"$BUILD/native-build.lock"
flock 9 # one native build at a time on this machine

# native_build NAME LOGFILE ARGS...: builds, records wall time and the builder's peak RSS
native_build() {
  local name=$1 log=$2; shift 2
  local t0; t0=$(ms)
  if "$NI" "$@" >"$log" 2>&1; then
    local t1; t1=$(ms)
    report "$name build time" "$(( (t1 - t0) / 1000 )).$(( (t1 - t0) % 1000 / 100 )) s"
    report "$name builder peak RSS" "$(grep -oE 'Peak RSS: [0-9.]+[GMK]B' "$log" | tail -1 | cut -d' ' -f3)"
    return 0
  fi
  tail -40 "$log"
  return 1
}

json() { jq -r "$2" <<< "$1"; }

# ---- 1. the probe --------------------------------------------------------------------------
echo "== probe"
rm -rf "$OUT/probe-classes" && mkdir -p "$OUT/probe-classes"
# (javac warns that sun.misc.Signal is internal proprietary API: that is the point of the probe)
"$JAVA_HOME/bin/javac" --release 25 -d "$OUT/probe-classes" "$HERE/selftest/probe/Probe.java" > "$OUT/probe-javac.log" 2>&1 \
  || { cat "$OUT/probe-javac.log"; bad "the probe compiles"; }
PROBE=$OUT/probe
check "probe builds with bin/native-image" native_build probe "$OUT/probe-build.log" -cp "$OUT/probe-classes" -J-Xmx3g --no-fallback -o "$PROBE" Probe
if [ -x "$PROBE" ]; then
  report "probe binary size" "$(stat -c %s "$PROBE") bytes"
  ldd "$PROBE" | sed 's/^/  # /'

  # natively, with the machine's own limits
  t0=$(ms); out=$("$PROBE"); t1=$(ms)
  echo "  # native: $out"
  report "probe start-to-exit (wall)" "$((t1 - t0)) ms"
  report "probe max RSS" "$( { /usr/bin/time -f '%M' "$PROBE" >/dev/null; } 2>&1 | tail -1) KiB"
  check "native: availableProcessors = nproc ($(nproc))" [ "$(json "$out" .availableProcessors)" = "$(nproc)" ]
  host_mem=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) * 1024 ))
  check "native: maxMemory is a share of the host's RAM (> 1 GiB)" [ "$(json "$out" .maxMemory)" -gt 1073741824 ] 
  check "native: maxMemory below the host's RAM" [ "$(json "$out" .maxMemory)" -lt "$host_mem" ]
  out=$(env -u LC_ALL -u LC_CTYPE -u LC_MESSAGES TZ=Asia/Tokyo LANG=de_DE.UTF-8 "$PROBE")
  echo "  # native, TZ=Asia/Tokyo LANG=de_DE.UTF-8: $out"
  check "native: LANG=de_DE.UTF-8 gives locale de-DE" [ "$(json "$out" .locale)" = de-DE ]
  check "native: TZ=Asia/Tokyo gives Asia/Tokyo" [ "$(json "$out" .timeZone)" = Asia/Tokyo ]
  out=$(env -u LC_ALL LANG=C LC_MESSAGES=fr_CA.UTF-8 TZ=:Europe/Berlin "$PROBE")
  check "native: LANG=C gives en-US format locale" [ "$(json "$out" .formatLocale)" = en-US ]
  check "native: LC_MESSAGES=fr_CA gives the display locale fr-CA" [ "$(json "$out" .displayLocale)" = fr-CA ]
  check "native: TZ=:Europe/Berlin gives Europe/Berlin" [ "$(json "$out" .timeZone)" = Europe/Berlin ]
  check "native: file.encoding UTF-8" [ "$(json "$out" .fileEncoding)" = UTF-8 ]

  # the SIGTERM lifecycle: first drains, second exits at once
  signals_native() {
    local log=$OUT/signals.log
    "$PROBE" signals > "$log" 2>&1 &
    local pid=$! i
    for i in $(seq 50); do grep -q ready "$log" && break; sleep 0.05; done
    report "probe RSS while waiting for signals" "$(awk '/VmRSS/ {print $2}' /proc/$pid/status) KiB"
    kill -TERM "$pid"
    for i in $(seq 50); do grep -q drain "$log" && break; sleep 0.05; done
    grep -q '"phase":"drain"' "$log" || { cat "$log"; return 1; }
    local t0; t0=$(ms)
    kill -TERM "$pid"
    wait "$pid"; local rc=$?
    echo "  # $(tr '\n' ' ' < "$log") rc=$rc, $(( $(ms) - t0 )) ms after the second SIGTERM"
    [ "$rc" = 0 ] && grep -q '"count":2,"phase":"exit"' "$log" && [ $(( $(ms) - t0 )) -lt 2000 ]
  }
  check "native: first SIGTERM drains, second exits at once (status 0)" signals_native
fi

# ---- 1b. the probe in a container with limits ----------------------------------------------
echo "== probe in a container"
if ! docker info >/dev/null 2>&1; then
  skipped "container checks: no Docker engine (images/setup.sh starts one)"
elif ! docker image inspect "$BASE_IMAGE" >/dev/null 2>&1 && ! docker pull -q "$BASE_IMAGE" >/dev/null 2>&1; then
  skipped "container checks: no base image $BASE_IMAGE (images/setup.sh builds it)"
elif [ -x "$PROBE" ]; then
  run=(docker run --rm --network host --read-only --memory 64m --cpus 1 -e TZ=Asia/Tokyo -e LANG=de_DE.UTF-8
       -v "$PROBE:/probe:ro" --entrypoint /probe "$BASE_IMAGE")
  out=$("${run[@]}")
  echo "  # container --memory 64m --cpus 1: $out"
  check "container: availableProcessors = 1 (--cpus 1)" [ "$(json "$out" .availableProcessors)" = 1 ]
  mm=$(json "$out" .maxMemory)
  check "container: maxMemory follows --memory 64m (0 < $mm <= 64 MiB)" [ "$mm" -gt 0 -a "$mm" -le 67108864 ]
  check "container: locale de-DE from LANG" [ "$(json "$out" .locale)" = de-DE ]
  check "container: time zone Asia/Tokyo from TZ" [ "$(json "$out" .timeZone)" = Asia/Tokyo ]
  out=$(docker run --rm --network host --read-only --memory 256m --cpus 1.5 -v "$PROBE:/probe:ro" --entrypoint /probe "$BASE_IMAGE")
  echo "  # container --memory 256m --cpus 1.5: $out"
  check "container: --cpus 1.5 rounds up to 2 processors" [ "$(json "$out" .availableProcessors)" = 2 ]
  mm=$(json "$out" .maxMemory)
  check "container: maxMemory follows --memory 256m (64 MiB < $mm <= 256 MiB)" [ "$mm" -gt 67108864 -a "$mm" -le 268435456 ]
  signals_container() {
    local name=probe-signals-$$ i
    docker run -d --name "$name" --network host --read-only --memory 64m --cpus 1 -v "$PROBE:/probe:ro" --entrypoint /probe "$BASE_IMAGE" signals >/dev/null
    for i in $(seq 50); do docker logs "$name" 2>&1 | grep -q ready && break; sleep 0.1; done
    docker kill --signal TERM "$name" >/dev/null
    for i in $(seq 50); do docker logs "$name" 2>&1 | grep -q drain && break; sleep 0.1; done
    docker kill --signal TERM "$name" >/dev/null
    local rc; rc=$(docker wait "$name")
    local logs; logs=$(docker logs "$name" 2>&1); docker rm "$name" >/dev/null
    echo "  # $(tr '\n' ' ' <<< "$logs") rc=$rc"
    [ "$rc" = 0 ] && grep -q '"phase":"drain"' <<< "$logs" && grep -q '"count":2,"phase":"exit"' <<< "$logs"
  }
  check "container: docker stop's SIGTERM drains, a second SIGTERM exits (status 0)" signals_container
fi

# ---- 2. the CPU-feature check --------------------------------------------------------------
echo "== CPU-feature check"
if [ "${SELFTEST_SKIP_CPU:-}" = 1 ]; then
  skipped "CPU-feature check (SELFTEST_SKIP_CPU=1)"
else
  # a feature JVMCI knows and this CPU lacks (the kernel's flag name, JVMCI's name)
  lacked=""
  for pair in avx512_fp16:AVX512_FP16 serialize:SERIALIZE avx_vnni_int8:AVX_IFMA amx_tile:APX_F; do
    grep -qw "${pair%%:*}" /proc/cpuinfo || { lacked=${pair#*:}; break; }
  done
  if [ -z "$lacked" ]; then
    skipped "CPU-feature check: this CPU has every candidate feature"
  else
    check "a probe compiled for $lacked (which this CPU lacks) builds" \
      native_build probe-$lacked "$OUT/probe-cpu-build.log" -cp "$OUT/probe-classes" -J-Xmx3g -H:CPUFeatures="$lacked" -o "$OUT/probe-cpu" Probe
    if [ -x "$OUT/probe-cpu" ]; then
      set +e; err=$("$OUT/probe-cpu" 2>&1 >/dev/null); rc=$?; set -e
      echo "  # $err" | head -3
      check "it exits with status 1 instead of crashing" [ "$rc" = 1 ]
      check "its message names the missing feature $lacked" grep -q "lacks: .*$lacked" <<< "$err"
      check "and carries the builder's -march advice" grep -q "appropriate setting of the -march option" <<< "$err"
    fi
  fi
fi

# ---- 3. Netty HTTP server via native-maven-plugin ------------------------------------------
echo "== Netty HTTP server (native-maven-plugin, GRAALVM_HOME = the toolchain)"
if [ "${SELFTEST_SKIP_NETTY:-}" = 1 ]; then
  skipped "Netty server (SELFTEST_SKIP_NETTY=1)"
else
  NETTY=$OUT/netty
  rm -rf "$NETTY" && cp -r "$HERE/selftest/netty" "$NETTY"
  netty_version=$(sed -n 's:.*<netty.version>\(.*\)</netty.version>.*:\1:p' "$REPO/pom.xml" | head -1)
  t0=$(ms)
  if (cd "$NETTY" && GRAALVM_HOME=$G mvn -B -q -Dnetty.version="${netty_version:-4.2.20.Final}" package > "$OUT/netty-build.log" 2>&1); then
    t1=$(ms)
    ok "Netty server builds with native-maven-plugin (netty ${netty_version})"
    report "netty build time (mvn package)" "$(( (t1 - t0) / 1000 )) s"
    report "netty builder peak RSS" "$(grep -oE 'Peak RSS: [0-9.]+[GMK]B' "$OUT/netty-build.log" | tail -1 | cut -d' ' -f3)"
    bin=$NETTY/target/netty-http
    report "netty binary size" "$(stat -c %s "$bin") bytes"
    port=18080
    t0=$(ms)
    "$bin" $port > "$OUT/netty.log" 2>&1 &
    pid=$!
    for i in $(seq 100); do grep -q listening "$OUT/netty.log" && break; sleep 0.01; done
    report "netty start to listening" "$(( $(ms) - t0 )) ms (including polling at 10 ms)"
    body=$(curl -s --max-time 5 "http://127.0.0.1:$port/selftest" || true)
    check "Netty native server serves curl" [ "$body" = "hello from netty, /selftest" ]
    report "netty RSS after one request" "$(awk '/VmRSS/ {print $2}' /proc/$pid/status) KiB"
    for i in $(seq 200); do curl -s --max-time 2 -o /dev/null "http://127.0.0.1:$port/$i" || true; done
    report "netty RSS after 200 more requests" "$(awk '/VmRSS/ {print $2}' /proc/$pid/status) KiB"
    kill "$pid"; wait "$pid" 2>/dev/null || true
  else
    tail -40 "$OUT/netty-build.log"
    bad "Netty server builds with native-maven-plugin"
  fi
fi

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
