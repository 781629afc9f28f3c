#!/usr/bin/env bash
# Builds the family's base image and pushes it to a registry:
#   layer 1  the OS: exactly distroless base-debian12's package set (glibc, libgcc, zlib, CA
#            certificates, tzdata, netbase, base-files), unpacked from Debian's packages, plus a
#            numeric non-root user (65532 "nonroot"). No shell, no package manager.
#   layer 2  one jlink'd Java 25 runtime at /opt/java, shared by all five JVM images.
# It pushes two tags: base:25 (both layers, for the JVM images) and base:os (the OS layer alone, for
# the native images).
# Every image built by `./mvnw -Pimages install` starts FROM this image, so a node pulls these two
# layers once for the whole family. Layers are reproducible: sorted entries, fixed mtimes, gzip -n.
#
# Needs: a JDK 25 or later (found by images/jdk.sh), apt-get (a Debian bookworm machine), curl, tar, gzip, sha256sum.
# Pushes with the registry's plain HTTP API, so no Docker daemon is needed.
#
#   REGISTRY=127.0.0.1:5000 images/base/build.sh          # defaults shown
#   REGISTRY_SCHEME=https REGISTRY_AUTH=user:token REGISTRY=registry.example.com/team images/base/build.sh
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "base-image: run as root: the layers record file owners (root, and 65532 for /home/nonroot)" >&2; exit 1; }

here=$(cd "$(dirname "$0")" && pwd)
REGISTRY=${REGISTRY:-127.0.0.1:5000}
REGISTRY_SCHEME=${REGISTRY_SCHEME:-http}
REPOSITORY=${REPOSITORY:-sidecars/base}
TAG=${TAG:-25}
OS_TAG=${OS_TAG:-os}
WORK=${WORK_DIR:-$here/build}
# Kept in step with the modules the images need; `jdeps --print-module-deps` on the image jars is the check.
MODULES=${JAVA_MODULES:-java.base,java.logging,java.management,java.naming,java.net.http,jdk.crypto.ec,jdk.management,jdk.naming.dns,jdk.unsupported,jdk.zipfs}
PACKAGES="libc6 libgcc-s1 zlib1g ca-certificates tzdata netbase base-files"
NONROOT_UID=65532

log() { printf 'base-image: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

. "$here/../jdk.sh"
JDK=$JAVA_HOME
[ -x "$JDK/bin/jlink" ] || die "$JDK has no jlink (a JRE is not enough)"

rm -rf "$WORK"
mkdir -p "$WORK/debs" "$WORK/os" "$WORK/runtime/opt" "$WORK/blobs"

chown _apt "$WORK/debs" 2>/dev/null || true # lets apt download without its "unsandboxed" warning
log "downloading $PACKAGES"
(cd "$WORK/debs" && apt-get download $PACKAGES >/dev/null) || die "apt-get download failed (run apt-get update first)"
versions=""
for deb in "$WORK"/debs/*.deb; do
  dpkg-deb -x "$deb" "$WORK/os"
  versions="$versions $(dpkg-deb -f "$deb" Package)=$(dpkg-deb -f "$deb" Version)"
done

os="$WORK/os"
# What a runtime does not need: documentation, maintainer scripts' helpers, locale sources.
rm -rf "$os"/usr/share/doc "$os"/usr/share/man "$os"/usr/share/info "$os"/usr/share/lintian \
       "$os"/usr/share/locale "$os"/usr/share/i18n "$os"/usr/share/common-licenses "$os"/usr/sbin "$os"/usr/bin \
       "$os"/etc/update-motd.d "$os"/usr/share/base-files/dot.* "$os"/sbin "$os"/bin
# The CA bundle that update-ca-certificates would write at install time.
mkdir -p "$os/etc/ssl/certs"
find "$os/usr/share/ca-certificates" -name '*.crt' | LC_ALL=C sort | xargs cat > "$os/etc/ssl/certs/ca-certificates.crt"
ln -sfn /usr/share/zoneinfo/UTC "$os/etc/localtime"
echo "Etc/UTC" > "$os/etc/timezone"
cat > "$os/etc/passwd" <<PASSWD
root:x:0:0:root:/root:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
nonroot:x:$NONROOT_UID:$NONROOT_UID:nonroot:/home/nonroot:/sbin/nologin
PASSWD
cat > "$os/etc/group" <<GROUP
root:x:0:
nogroup:x:65534:
nonroot:x:$NONROOT_UID:
GROUP
mkdir -p "$os/home/nonroot" "$os/tmp" "$os/root"
chmod 1777 "$os/tmp"
chmod 700 "$os/root"
echo "$versions" | tr ' ' '\n' | sed '/^$/d' > "$os/usr/share/sidecars-base-packages.txt"

log "linking the Java runtime ($MODULES)"
"$JDK/bin/jlink" --add-modules "$MODULES" --strip-debug --no-man-pages --no-header-files \
  --compress=zip-6 --generate-cds-archive --output "$WORK/runtime/opt/java"
# jlink archives the JDK's classes for the default object layout only (classes.jsa); the images run
# with compact object headers, which look for classes_coh.jsa and, without it, load every JDK class
# from the module image: ~0.3 s more per start (bench/RESULTS.md, config-init).
"$WORK/runtime/opt/java/bin/java" -XX:+UseCompactObjectHeaders -Xshare:dump >/dev/null
[ -f "$WORK/runtime/opt/java/lib/server/classes_coh.jsa" ] || die "no CDS archive for compact object headers"

# tar_layer DIR NAME: a reproducible gzip'd tar; prints "digest diff_id size".
tar_layer() {
  local dir=$1 name=$2
  (cd "$dir" && find . -mindepth 1 -print0 | LC_ALL=C sort -z | \
     tar --null --no-recursion -T - --numeric-owner --mtime=@0 \
         --format=posix --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
         -cf "$WORK/$name.tar")
  local diff_id; diff_id=$(sha256sum "$WORK/$name.tar" | cut -d' ' -f1)
  gzip -n -9 -c "$WORK/$name.tar" > "$WORK/$name.tar.gz"
  local digest; digest=$(sha256sum "$WORK/$name.tar.gz" | cut -d' ' -f1)
  cp "$WORK/$name.tar.gz" "$WORK/blobs/$digest"
  echo "$digest $diff_id $(stat -c %s "$WORK/$name.tar.gz")"
}

# Owners are taken from the files, so that the non-root user's home belongs to it.
chown -R 0:0 "$os" "$WORK/runtime"
chown "$NONROOT_UID:$NONROOT_UID" "$os/home/nonroot"
read -r os_digest os_diff os_size < <(tar_layer "$os" os)
read -r rt_digest rt_diff rt_size < <(tar_layer "$WORK/runtime" runtime)
log "os layer sha256:$os_digest ($os_size bytes), runtime layer sha256:$rt_digest ($rt_size bytes)"

java_version=$("$JDK/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p')
cat > "$WORK/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z","config":{"User":"$NONROOT_UID:$NONROOT_UID","WorkingDir":"/home/nonroot","Env":["PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8","SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt"],"Labels":{"org.opencontainers.image.title":"sidecars-base","dev.sidecars.java.version":"$java_version"}},"rootfs":{"type":"layers","diff_ids":["sha256:$os_diff","sha256:$rt_diff"]},"history":[{"created":"1970-01-01T00:00:00Z","created_by":"images/base/build.sh: Debian packages$versions"},{"created":"1970-01-01T00:00:00Z","created_by":"images/base/build.sh: jlink $MODULES"}]}
JSON
cfg_digest=$(sha256sum "$WORK/config.json" | cut -d' ' -f1)
cp "$WORK/config.json" "$WORK/blobs/$cfg_digest"
cat > "$WORK/manifest.json" <<JSON
{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:$cfg_digest","size":$(stat -c %s "$WORK/config.json")},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:$os_digest","size":$os_size},{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:$rt_digest","size":$rt_size}]}
JSON

# The native images' base: the same OS layer (same digest, so a node holding both pulls it once)
# without the Java runtime; the executables need only glibc and zlib from it.
cat > "$WORK/config-os.json" <<JSON
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z","config":{"User":"$NONROOT_UID:$NONROOT_UID","WorkingDir":"/home/nonroot","Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","LANG=C.UTF-8","SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt"],"Labels":{"org.opencontainers.image.title":"sidecars-base-os"}},"rootfs":{"type":"layers","diff_ids":["sha256:$os_diff"]},"history":[{"created":"1970-01-01T00:00:00Z","created_by":"images/base/build.sh: Debian packages$versions"}]}
JSON
cfg_os_digest=$(sha256sum "$WORK/config-os.json" | cut -d' ' -f1)
cp "$WORK/config-os.json" "$WORK/blobs/$cfg_os_digest"
cat > "$WORK/manifest-os.json" <<JSON
{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:$cfg_os_digest","size":$(stat -c %s "$WORK/config-os.json")},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:$os_digest","size":$os_size}]}
JSON

# Push: the registry's v2 HTTP API (distribution spec), blob by blob, then the manifest.
host=${REGISTRY%%/*}
path_prefix=${REGISTRY#"$host"}; path_prefix=${path_prefix#/}
repo=${path_prefix:+$path_prefix/}$REPOSITORY
base_url="$REGISTRY_SCHEME://$host/v2/$repo"
curl_auth=()
[ -n "${REGISTRY_AUTH:-}" ] && curl_auth=(-u "$REGISTRY_AUTH")

push_blob() {
  local digest=$1 file=$WORK/blobs/$1
  if curl -sf -o /dev/null -I "${curl_auth[@]}" "$base_url/blobs/sha256:$digest"; then
    return # already there
  fi
  local location
  location=$(curl -sS -f "${curl_auth[@]}" -X POST -D - -o /dev/null "$base_url/blobs/uploads/" \
             | tr -d '\r' | sed -n 's/^[Ll]ocation: //p') || die "cannot start an upload to $base_url"
  case "$location" in /*) location="$REGISTRY_SCHEME://$host$location" ;; esac
  case "$location" in *\?*) sep='&' ;; *) sep='?' ;; esac
  curl -sS -f "${curl_auth[@]}" -X PUT -H 'Content-Type: application/octet-stream' \
       --data-binary "@$file" "$location${sep}digest=sha256:$digest" -o /dev/null || die "upload of sha256:$digest failed"
}

curl -sf -o /dev/null "${curl_auth[@]}" "$REGISTRY_SCHEME://$host/v2/" || die "no registry answers at $REGISTRY_SCHEME://$host/v2/ (start one: images/registry/start.sh)"
for d in "$os_digest" "$rt_digest" "$cfg_digest" "$cfg_os_digest"; do push_blob "$d"; done
push_manifest() { # FILE TAG
  curl -sS -f "${curl_auth[@]}" -X PUT -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' \
       --data-binary "@$1" "$base_url/manifests/$2" -o /dev/null || die "manifest push of $2 failed"
  log "pushed $REGISTRY/$REPOSITORY:$2 (manifest sha256:$(sha256sum "$1" | cut -d' ' -f1))"
}
push_manifest "$WORK/manifest.json" "$TAG"
push_manifest "$WORK/manifest-os.json" "$OS_TAG"
