#!/usr/bin/env bash
# The config-init image with the JDK 25 AOT cache it ships (made at build time by a training run of
# the image, config-init/src/aot/train.sh) against the same image with the cache switched off
# (-XX:AOTMode=off): the process time of the container (StartedAt..FinishedAt), medians of N runs
# (default 10), runs interleaved. noop: no variable set; merge: a 1 MB base.json plus 100 overrides.
#   bench/config-init/image-aot.sh      (needs: docker, python3, the image pushed by -Pimages install)
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${N:-10}
IMAGE=${IMAGE:-127.0.0.1:5000/sidecars/config-init:0.1.0-SNAPSHOT}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 0777 "$work"
python3 bench/config-init/gen.py "$work"
chmod 0644 "$work"/*
mkdir -m 0777 "$work/out"
docker pull -q "$IMAGE" >/dev/null
mapfile -t OVR < "$work/overrides.env"
ENV_ARGS=(); for kv in "${OVR[@]}"; do ENV_ARGS+=(-e "$kv"); done
merge_args() { printf '%s\n' -v "$work:/data" "${ENV_ARGS[@]}" -e CONFIG_INIT_SOURCES=/data/base.json -e CONFIG_INIT_ENV_PREFIX=APP_ -e CONFIG_INIT_OUTPUT=/data/out/app.json; }
mapfile -t MERGE < <(merge_args)

proc_ms() { # docker run args...: prints the container's process time in ms
  local id s f
  id=$(docker run -d --network host "$@")
  docker wait "$id" >/dev/null
  read -r s f < <(docker inspect -f '{{.State.StartedAt}} {{.State.FinishedAt}}' "$id")
  docker rm "$id" >/dev/null
  echo $(( ($(date -d "$f" +%s%N) - $(date -d "$s" +%s%N)) / 1000000 ))
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
declare -A runs
for _ in $(seq "$N"); do
  runs[noop]+="$(proc_ms -v "$work:/data" "$IMAGE") "
  runs[noop-aot]+="$(proc_ms -v "$work:/data" -e JAVA_TOOL_OPTIONS=-XX:AOTMode=off "$IMAGE") "
  runs[merge]+="$(proc_ms "${MERGE[@]}" "$IMAGE") "
  runs[merge-aot]+="$(proc_ms "${MERGE[@]}" -e JAVA_TOOL_OPTIONS=-XX:AOTMode=off "$IMAGE") "
done
for v in noop noop-aot merge merge-aot; do
  printf '%-10s %5s ms   (runs: %s)\n' "$v" "$(tr ' ' '\n' <<<"${runs[$v]}" | grep . | median)" "${runs[$v]}"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
