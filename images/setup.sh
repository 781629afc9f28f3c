#!/usr/bin/env bash
# Prepares a Debian machine to build and test the images, as root; safe to run again:
#   1. installs the Docker engine, the registry and the real peers the tests talk to;
#   2. starts dockerd (host networking only) and the registry on 127.0.0.1:5000;
#   3. builds the base image (OS layer + jlink'd Java 25 runtime) and pushes it there;
#   4. assembles the GraalVM native-image toolchain (images/native/toolchain.sh; cached).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/jdk.sh"  # the base image and the native toolchain are made from a JDK 25

PACKAGES=(docker.io docker-registry prometheus curl openssl jq ca-certificates busybox-static logrotate testssl.sh)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  apt-get update -q >/dev/null
  # Packages such as nginx start their service on install; tests start their own on loopback ports.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
else
  # apt-get download (for the base image) needs package lists.
  [ -n "$(ls -A /var/lib/apt/lists 2>/dev/null | grep -v lock)" ] || apt-get update -q >/dev/null
fi

"$here/registry/start.sh"
"$here/base/build.sh"
"$here/native/toolchain.sh"
