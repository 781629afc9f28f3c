#!/usr/bin/env bash
# One command: build what is missing, then run examples/all-in-one (all five images in one pod)
# with Docker, on 127.0.0.1's ports 8443, 9400 and 9901-9904. Ctrl-C stops and removes it.
#   ./demo.sh            build only what is missing
#   ./demo.sh --rebuild  rebuild and push every image first
set -euo pipefail
cd "$(dirname "$0")"
log=$(mktemp -t sidecars-demo-build.XXXXXX.log)
say() { printf 'demo: %s\n' "$*" >&2; }

. images/jdk.sh

version=$(sed -n '/<artifactId>sidecars-parent<\/artifactId>/,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)
registry=127.0.0.1:5000
images=(tls-ambassador egress-proxy log-tailer metrics-adapter config-init)

# Docker and the local registry: used as they are where they run; otherwise prepared as CI does.
if docker info >/dev/null 2>&1 && curl -fs "http://$registry/v2/" >/dev/null 2>&1; then
  say "using the running Docker engine and the registry on $registry"
else
  [ "$(id -u)" = 0 ] || { say "Docker or the registry on $registry is not running; run as root to prepare them (images/setup.sh)"; exit 1; }
  say "preparing Docker, the registry and the base image (images/setup.sh, as CI does; a few minutes)…"
  images/setup.sh >"$log" 2>&1 || { tail -20 "$log" >&2; say "setup failed; full log: $log"; exit 1; }
fi

missing=()
for image in "${images[@]}"; do
  curl -fs "http://$registry/v2/sidecars/$image/tags/list" 2>/dev/null | grep -q "\"$version\"" || missing+=("$image")
done
if [ "${1:-}" = --rebuild ] || [ ${#missing[@]} -gt 0 ]; then
  profile=-Pimages
  say "building and pushing the images${missing:+ (missing: ${missing[*]})}…"
else
  profile=
  say "all five images are in the registry; building the demo's classes only…"
fi
# Progress: one line per module as Maven reaches it; everything else goes to the log.
if ! ./mvnw -B $profile install -DskipTests 2>&1 | tee "$log" \
    | sed -un 's/^\[INFO\] Building \(.*\) [0-9][^ ]* *\(\[[0-9]*\/[0-9]*\]\)$/demo:   \2 \1/p' >&2 \
    || ! grep -q 'BUILD SUCCESS' "$log"; then
  tail -30 "$log" >&2
  say "build failed; full log: $log"
  exit 1
fi
rm -f "$log"

say "starting the pod…"
# As the tests' surefire sets it: no Ryuk reaper (this engine has no default bridge; the shutdown
# hook cleans up), ports published on localhost, no start-up checks (they pull from Docker Hub).
export TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_HOST_OVERRIDE=localhost TESTCONTAINERS_CHECKS_DISABLE=true
# Testcontainers narrates every container at INFO: warnings only, as in the tests.
export MAVEN_OPTS="${MAVEN_OPTS:-} -Djava.util.logging.config.file=$PWD/it/src/test/resources/logging.properties"
# exec:java runs ExampleDemo in Maven's JVM: Ctrl-C runs its shutdown hook, which removes the containers.
exec ./mvnw -B -q -pl it org.codehaus.mojo:exec-maven-plugin:3.6.2:java \
  -Dexec.mainClass=dev.sidecars.it.ExampleDemo -Dexec.classpathScope=test -Dexec.cleanupDaemonThreads=false \
  -Dimage.repository="$registry/sidecars" -Dimage.tag="$version" -Dbase.image="$registry/sidecars/base:25"
