#!/usr/bin/env bash
# Starts what building and testing the images needs on a Debian machine, if it is not running yet:
#   - a Docker engine (Debian's docker.io) without bridge networking: containers use the host
#     network, which stands in for a pod's shared network namespace;
#   - a registry (Debian's docker-registry) on 127.0.0.1:5000, where images are pushed and pulled.
# Idempotent: safe to run again. Logs go to $SIDECARS_LOG_DIR (default /var/log/sidecars).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
LOG_DIR=${SIDECARS_LOG_DIR:-/var/log/sidecars}
mkdir -p "$LOG_DIR"

wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
  local seconds=$1 what=$2; shift 2
  for _ in $(seq "$((seconds * 5))"); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "start: $what did not come up in ${seconds}s; see $LOG_DIR" >&2; return 1
}

if ! docker info >/dev/null 2>&1; then
  command -v dockerd >/dev/null || { echo "start: no dockerd: apt-get install docker.io" >&2; exit 1; }
  echo "start: starting dockerd" >&2
  nohup dockerd --bridge=none --iptables=false --ip-masq=false >"$LOG_DIR/dockerd.log" 2>&1 &
  wait_for 60 dockerd docker info
fi

if ! curl -sf -o /dev/null http://127.0.0.1:5000/v2/; then
  command -v docker-registry >/dev/null || { echo "start: no docker-registry: apt-get install docker-registry" >&2; exit 1; }
  mkdir -p /var/lib/sidecars-registry
  echo "start: starting the registry on 127.0.0.1:5000" >&2
  nohup docker-registry serve "$here/config.yml" >"$LOG_DIR/registry.log" 2>&1 &
  wait_for 30 "the registry" curl -sf -o /dev/null http://127.0.0.1:5000/v2/
fi
echo "start: docker and the registry on 127.0.0.1:5000 are up" >&2
