#!/usr/bin/env bash
# Makes the config-init image's JDK AOT cache (JEP 514) by one training run of the image itself:
# same JVM, same class path file, same flags, so the final image (built next by Jib, with the cache
# added under /app/aot) can use it. The workload is the documented story: a JSON base file, prefixed
# and mapped env overrides, a Secret directory and placeholders, merged to JSON. Only classes this
# run loads go into the cache, and the JVM loads all of them at start, so it is trained on the
# common case only (YAML, TOML and wait-for load their classes normally).
#   train.sh <image pushed without a cache> <directory for config-init.aot>
set -euo pipefail
image=$1
out=$2
inputs=$(cd "$(dirname "$0")/train" && pwd)

rm -rf "$out" "$out.run"
mkdir -p "$out" "$out.run"
# The image runs as 65532: it writes the cache and the merged file into these.
chmod 0777 "$out" "$out.run"
# A stale local copy of the tag would train the previous build's class path.
docker pull -q "$image" >/dev/null

docker run --rm --network none \
  -v "$inputs:/train:ro" -v "$out:/aot" -v "$out.run:/out" \
  -e JAVA_TOOL_OPTIONS=-XX:AOTCacheOutput=/aot/config-init.aot \
  -e CONFIG_INIT_SOURCES=/train/appsettings.json \
  -e CONFIG_INIT_ENV_PREFIX=APP_ \
  -e CONFIG_INIT_MAP=Application.Environment=APP_ENVIRONMENT \
  -e CONFIG_INIT_SECRETS_DIR=/train/secrets \
  -e CONFIG_INIT_OUTPUT=/out/appsettings.json \
  -e APP_ENVIRONMENT=TRAINING -e APP_Application__Port=9090 -e APP_Application__Debug=true \
  -e APP_Database__Pool__Max=20 -e APP_Section07__Items__1__Label=trained -e DB_HOST=db.internal \
  "$image" >"$out.run/stdout" 2>"$out.run/stderr" \
  || { echo "aot training run failed:" >&2; cat "$out.run/stderr" >&2; exit 1; }

[ -s "$out/config-init.aot" ] || { echo "aot training wrote no cache:" >&2; cat "$out.run/stderr" >&2; exit 1; }
grep -q '"Environment" *: *"TRAINING"' "$out.run/appsettings.json" \
  || { echo "aot training run did not merge as expected" >&2; exit 1; }
echo "aot cache: $(du -h "$out/config-init.aot" | cut -f1) from a training run of $image"
rm -rf "$out.run"
