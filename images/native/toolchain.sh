#!/usr/bin/env bash
# images/native/toolchain.sh: assembles a GraalVM 25 native-image toolchain from package registries
# alone (no registry serves a complete GraalVM 25 here), laid out like a GraalVM installation, so that
# build tools (native-maven-plugin) use it as they would an official GraalVM 25:
#
#   build/graalvm-<version>/            a copy of the Temurin 25 JDK in $JAVA_HOME (never modified)
#     lib/svm/builder/*.jar             the GraalVM builder from Maven Central (svm and its set)
#     lib/svm/builder/exports.args      the --add-exports the builder needs on this JDK (generated)
#     lib/svm/builder/lib/libreporterchelper.so   the builder's progress-reporter helper (csrc/)
#     lib/static/linux-amd64/glibc/*.a  static JDK libraries compiled from Debian's OpenJDK source
#     lib/svm/clibraries/linux-amd64/   headers generated from svm.jar + our C helpers (csrc/)
#     lib/svm/launcher/launcher.jar     our native-image launcher (launcher/)
#     bin/native-image                  its wrapper
#
# Idempotent and cached: each step records a stamp of its inputs (pins, sources) and is skipped
# when they did not change; a changed pin or source rebuilds that step and the ones after it.
# Every download is checked: jars against the sha256 pinned below, the Debian source package by
# apt against the archive's signed index (plus the .dsc's sha256 pinned below).
#
# Usage: images/native/toolchain.sh            (JAVA_HOME must be a Temurin 25 JDK)
#   NATIVE_TOOLCHAIN_DIR=...   where to assemble (default images/native/build/graalvm-<version>)
#   NATIVE_GRAALVM_VERSION=... another pinned builder version (25.0.4); the default is the pin, 25.0.2
#   NATIVE_BUILD_DIR=...       cache for downloads and objects (default images/native/build)
#   DEBIAN_MIRROR=...          Debian archive URI for the source package (default: the machine's)
#   NATIVE_ACCEPT_DRIFT=1      rewrite jdkstatic/native-decls-25-vs-26.diff after reviewing a change
#
# Needs gcc, ar, zlib headers (zlib1g-dev: the images link -lz), mvn, unzip, xz; as root it
# apt-get installs the missing Debian packages and says so.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=${NATIVE_BUILD_DIR:-$HERE/build}

# ---- pins ------------------------------------------------------------------------------------
GRAALVM_VERSION=${NATIVE_GRAALVM_VERSION:-25.0.2} # one of the pinned sets below
# org.graalvm.nativeimage:svm:$GRAALVM_VERSION and its whole transitive set, as Maven resolves it.
# 25.0.4's set resolves too, but its compiler requires JVMCI 25.0.4+7 and refuses Temurin 25.0.3
# ("The VM does not support the minimum JVMCI API version required by Graal"); use it with a Temurin
# 25.0.4 JAVA_HOME (NATIVE_GRAALVM_VERSION=25.0.4). See README.md.
JARS_25_0_2=(
  "org.graalvm.nativeimage:svm:25.0.2 283f4d24bbb1634772ed4bf01b456b4e04dd74889dcdb38c4f29f825f530428c"
  "org.graalvm.nativeimage:pointsto:25.0.2 117d728ed5cbd118916dff3d699097425dfbd6a2e3d3861c152cdb022e188240"
  "org.graalvm.nativeimage:objectfile:25.0.2 e52dc4f55ce27cc34c07f86d1fd1f380a9e2619cf41343ae13fffab4f7bfe261"
  "org.graalvm.nativeimage:native-image-base:25.0.2 b0312ea07d22ff4aca5ba751cd05d93c8879fc7f98599ab47975431ee9d9e33f"
  "org.graalvm.nativeimage:svm-capnproto-runtime:25.0.2 a39c960e80eb476793c9822c716e6c32a2f2a18987abadb54ce7a0fe9c583aab"
  "org.graalvm.nativeimage:svm-configure:25.0.2 14f00d18323ea391808f1e8982dfaabd7f82083df1bd22f11cdd37203dfb156f"
  "org.graalvm.compiler:compiler:25.0.2 475eae6a53f30e358e1849384e305281f3e1d0e13f69182bc7621c70839c1b7f"
  "org.graalvm.espresso:espresso-svm:25.0.2 e0327ad8d966e192722de10d0d50a8fdce0c13901f5c226ebd1e6cb2c76e7648"
  "org.graalvm.truffle:truffle-compiler:25.0.2 e74384ef882d7867fe02be57907909cd9137f763b3c8c5242cdd3ea7970b6933"
  "org.graalvm.sdk:nativeimage:25.0.2 ab30dea76d42dd78f1755faa062af0f0b853df2b3aaac92a0f912e7eebec3971"
  "org.graalvm.sdk:nativeimage-libgraal:25.0.2 df2b91706efdf0f6fadd026f530351daabca7973ab904de98b9ecb18a923f01d"
  "org.graalvm.sdk:word:25.0.2 1e616c48deed3b5f855227a88ccfe9c5a71f0ead6422f9c41cd853f584abfa88"
  "org.graalvm.sdk:collections:25.0.2 248e08c3ce02e47746f4697d0127f7142add99474ae31e7dea95e7da9823aacf"
)
JARS_25_0_4=(
  "org.graalvm.nativeimage:svm:25.0.4 39187df94c72f6e6634daad9fc007ca3d918992dafb1f34da0dcdfb3b1db0437"
  "org.graalvm.nativeimage:pointsto:25.0.4 91e9db82266a39c07009b360c31530585a9a8334417495a5e241c1b61ea4bbf6"
  "org.graalvm.nativeimage:objectfile:25.0.4 0d61b2f513658944778cb079347b4357379854df11b9841ae0951e3a672e9da6"
  "org.graalvm.nativeimage:native-image-base:25.0.4 6226b125fa9ec8eb8c3a08d6d532314375717a78c301a12e29ab4f1bb99d2ef5"
  "org.graalvm.nativeimage:svm-capnproto-runtime:25.0.4 1db6b2a3135df3fd4a7ea4a60d29189b215f3c9b286632aac8c92839039936e3"
  "org.graalvm.nativeimage:svm-configure:25.0.4 85b8f048093efef184090679b8a0facf1e693481f861792efdba66662db4d1ef"
  "org.graalvm.compiler:compiler:25.0.4 16efb7edf503b9dbd93666c3f93e03ba76f42f0d1ef410d394ef8abf6e9b6d94"
  "org.graalvm.espresso:espresso-svm:25.0.4 aea983181a205ebcf2da34faec633b95ea12547e78a573e0c5aa6a78cb566efb"
  "org.graalvm.truffle:truffle-compiler:25.0.4 3e9973775adb2f6c276fadfff2ef12ac4f20e71f8bbc12c773d36c90c8471c00"
  "org.graalvm.sdk:nativeimage:25.0.4 a42f260174e9a059ecfbbca2aa5b8243e80e84b9dc3f70096a5213aebbeac450"
  "org.graalvm.sdk:nativeimage-libgraal:25.0.4 fa760372843d1bb56b0e2905d298afbee20acb52e02f5c8573d9a5a8553c712c"
  "org.graalvm.sdk:word:25.0.4 b91cd74e61e6257416f52dac5925e3a9d03b756035d48f4e8c56106fe11d7eff"
  "org.graalvm.sdk:collections:25.0.4 f78840945e4d746ca37aadd3d04a3266c3b7fd644a303d5b85fb03aa012b4fd4"
)
# Debian's OpenJDK source package for the static JDK libraries. openjdk-25 would match the JDK, but
# every openjdk-25 version in the archive's index 404s on the pool (tried: 25.0.2+10-1~deb13u2,
# 25.0.5+8-1~deb13u1, 25.0.5+8-1, 25.0.5.0.3+1-1, 25.0.5.1+2-1~deb13u1); openjdk-26 is served. The
# 25/26 differences are handled in jdkstatic/ (see jdkstatic/README.md).
OPENJDK_SRC_PACKAGE=openjdk-26
OPENJDK_SRC_VERSION=26.0.2.1+1-1
OPENJDK_SRC_SUITE=sid
OPENJDK_SRC_DSC_SHA256=3a69ac137f1beafa7fb1d21bf62d36aceaa45475368a07c2771f2482876daf65
OPENJDK_SRC_DIR=openjdk-26-26.0.2.1+1
# The reachability-metadata repository that native-maven-plugin 1.1.12 resolves from Maven Central; its
# schema goes into lib/svm/schemas, where the plugin looks for the schema version this toolchain reads.
METADATA_REPO="org.graalvm.buildtools:graalvm-reachability-metadata:1.1.12:zip:repository b94893e10448a37a604d24758418dc006223a64827146f0886af172bbbdd818a"
METADATA_SCHEMA=schemas/reachability-metadata-schema-v1.2.0.json
DEBIAN_PACKAGES=(gcc libc6-dev zlib1g-dev binutils unzip xz-utils)

OUT=${NATIVE_TOOLCHAIN_DIR:-$BUILD/graalvm-$GRAALVM_VERSION}
case "$GRAALVM_VERSION" in
  25.0.2) JARS=("${JARS_25_0_2[@]}") ;;
  25.0.4) JARS=("${JARS_25_0_4[@]}") ;;
  *) echo "toolchain: no pinned jar set for GraalVM $GRAALVM_VERSION" >&2; exit 1 ;;
esac

log() { printf 'toolchain: %s\n' "$*" >&2; }
die() { printf 'toolchain: ERROR: %s\n' "$*" >&2; exit 1; }
now() { date +%s.%N; }
T0=$(now)
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }

# stamp NAME INPUT... : the step's key (a hash of its inputs); step_done NAME KEY / step_mark NAME KEY
hash_inputs() { { for i in "$@"; do if [ -d "$i" ]; then find "$i" -type f -print0 | sort -z | xargs -0 sha256sum; elif [ -f "$i" ]; then sha256sum "$i"; else printf '%s\n' "$i"; fi; done; } | sha256sum | cut -c1-32; }
STAMPS=$BUILD/stamps/$(basename "$OUT")
step_done() { [ -f "$STAMPS/$1" ] && [ "$(cat "$STAMPS/$1")" = "$2" ]; }
step_mark() { mkdir -p "$STAMPS"; printf '%s' "$2" > "$STAMPS/$1"; }
# a step also reruns when a step before it reran (its outputs are inputs here)
CHAIN=""
chain_key() { CHAIN=$(printf '%s|%s' "$CHAIN" "$1" | sha256sum | cut -c1-32); KEY=$CHAIN; }

# ---- 0. prerequisites ------------------------------------------------------------------------
[ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] || die "JAVA_HOME must point to a Temurin 25 JDK"
JAVA_HOME=$(cd "$JAVA_HOME" && pwd -P)
JAVA=$JAVA_HOME/bin/java JAVAC=$JAVA_HOME/bin/javac
# shellcheck disable=SC1091
JDK_RELEASE=$(. "$JAVA_HOME/release" && printf '%s|%s|%s' "$JAVA_VERSION" "$JAVA_RUNTIME_VERSION" "${IMPLEMENTOR:-}")
case "$JDK_RELEASE" in 25*) ;; *) die "JAVA_HOME is not a JDK 25 ($JDK_RELEASE)";; esac
"$JAVA" --list-modules 2>/dev/null | grep -q '^jdk.internal.vm.ci@' || die "this JDK has no JVMCI module (jdk.internal.vm.ci)"
[ -f "$JAVA_HOME/lib/src.zip" ] || die "this JDK has no lib/src.zip (needed for the JNI headers)"

missing=()
for p in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || die "missing Debian packages: ${missing[*]} (apt-get install them, or run as root)"
  log "installing Debian packages ${missing[*]} (apt-get; the images link -lz, so zlib1g-dev is needed)"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v mvn >/dev/null || [ -x "$HERE/../../mvnw" ] || die "mvn (or the repository's ./mvnw) is needed to fetch the builder jars"
MVN=$(command -v mvn || echo "$HERE/../../mvnw")
mkdir -p "$BUILD"

# ---- 1. builder jars from Maven Central ------------------------------------------------------
JARDIR=$BUILD/jars/$GRAALVM_VERSION
chain_key "$(hash_inputs "${JARS[*]}" "$METADATA_REPO")"
if ! step_done jars "$KEY"; then
  t=$(now)
  rm -rf "$JARDIR" && mkdir -p "$JARDIR"
  # One resolution of svm and its transitive set with the ordinary client; then the resolved set must
  # be exactly the pinned one, jar by jar, sha256 by sha256.
  cat > "$JARDIR/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>local.toolchain</groupId><artifactId>svm-set</artifactId><version>1</version>
  <dependencies><dependency><groupId>org.graalvm.nativeimage</groupId><artifactId>svm</artifactId><version>$GRAALVM_VERSION</version></dependency></dependencies>
</project>
EOF
  (cd "$JARDIR" && JAVA_HOME=$JAVA_HOME "$MVN" -B -q -f pom.xml org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
      -DoutputDirectory="$JARDIR/lib" -DincludeScope=runtime >"$JARDIR/mvn.log" 2>&1) || { tail -20 "$JARDIR/mvn.log" >&2; die "resolving org.graalvm.nativeimage:svm:$GRAALVM_VERSION failed"; }
  expected=$(for j in "${JARS[@]}"; do c=${j% *}; a=${c#*:}; a=${a%%:*}; echo "$a-$GRAALVM_VERSION.jar"; done | sort)
  actual=$(ls "$JARDIR/lib" | sort)
  [ "$expected" = "$actual" ] || die "the resolved jar set differs from the pinned one:"$'\n'"$(diff <(echo "$expected") <(echo "$actual"))"
  for j in "${JARS[@]}"; do
    c=${j% *} sum=${j#* }; a=${c#*:}; a=${a%%:*}
    got=$(sha256sum "$JARDIR/lib/$a-$GRAALVM_VERSION.jar" | cut -c1-64)
    [ "$got" = "$sum" ] || die "sha256 mismatch for $c: expected $sum, got $got"
  done
  # the reachability-metadata repository (for its schema only)
  c=${METADATA_REPO% *} sum=${METADATA_REPO#* }
  (cd "$JARDIR" && JAVA_HOME=$JAVA_HOME "$MVN" -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
      -Dartifact="$c" -DoutputDirectory="$JARDIR/metadata" >"$JARDIR/mvn-metadata.log" 2>&1) || { tail -20 "$JARDIR/mvn-metadata.log" >&2; die "resolving $c failed"; }
  zip=$(ls "$JARDIR"/metadata/*.zip)
  [ "$(sha256sum "$zip" | cut -c1-64)" = "$sum" ] || die "sha256 mismatch for $c"
  step_mark jars "$KEY"
  log "builder jars: ${#JARS[@]} jars of GraalVM $GRAALVM_VERSION resolved and verified ($(elapsed "$t"))"
fi

# ---- 2. the JDK copy -------------------------------------------------------------------------
chain_key "$(hash_inputs "jdk:$JAVA_HOME" "$JAVA_HOME/release" "$JDK_RELEASE")"
if ! step_done jdk "$KEY" || [ ! -x "$OUT/bin/java" ]; then
  t=$(now)
  rm -rf "$OUT" && mkdir -p "$(dirname "$OUT")"
  cp -a "$JAVA_HOME/." "$OUT/"
  step_mark jdk "$KEY"
  log "JDK: copied $JAVA_HOME ($JDK_RELEASE) to $OUT ($(elapsed "$t"))"
fi

# ---- 3. Debian's OpenJDK source (private APT configuration; /etc/apt untouched) ---------------
SRC=$BUILD/src/$OPENJDK_SRC_DIR/src
SRC_PARTS=("src/java.base/*/native/*" "src/hotspot/share/include/*" "src/hotspot/os/posix/include/*" "src/java.base/*/classes/*"
           "src/jdk.net/*" "src/jdk.management/*" "src/java.management/*")
chain_key "$(hash_inputs "$OPENJDK_SRC_PACKAGE=$OPENJDK_SRC_VERSION" "$OPENJDK_SRC_DSC_SHA256" "${SRC_PARTS[*]}")"
if ! step_done source "$KEY" || [ ! -d "$SRC" ]; then
  t=$(now)
  A=$BUILD/apt
  rm -rf "$A" "$BUILD/src" && mkdir -p "$A"/{state/lists/partial,cache/archives/partial,etc/apt.conf.d,etc/preferences.d,etc/sources.list.d} "$BUILD/src"
  mirror=${DEBIAN_MIRROR:-}
  if [ -z "$mirror" ]; then
    mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null \
      | grep -oE '(https?|file)://[^ ]+/debian/?( |$)' | head -1 | tr -d ' ' || true)
  fi
  [ -n "$mirror" ] || die "no Debian mirror found in the APT sources; set DEBIAN_MIRROR"
  keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  [ -f "$keyring" ] || die "$keyring is missing (Debian's archive keyring is needed to verify the source)"
  echo "deb-src [signed-by=$keyring] ${mirror%/} $OPENJDK_SRC_SUITE main" > "$A/etc/sources.list"
  cat > "$A/apt.conf" <<EOF
Dir::State "$A/state";
Dir::State::status "/var/lib/dpkg/status";
Dir::Cache "$A/cache";
Dir::Etc "$A/etc";
Dir::Etc::sourcelist "$A/etc/sources.list";
Dir::Etc::sourceparts "$A/etc/sources.list.d";
Dir::Etc::parts "$A/etc/apt.conf.d";
Dir::Etc::preferencesparts "$A/etc/preferences.d";
APT::Sandbox::User "root";
// A snapshot mirror serves Release files past their Valid-Until date; the signature is still checked,
// and the .dsc's sha256 is pinned in toolchain.sh on top.
Acquire::Check-Valid-Until "false";
EOF
  APT_CONFIG=$A/apt.conf apt-get -q update >"$A/update.log" 2>&1 || { cat "$A/update.log" >&2; die "apt-get update (private configuration) failed"; }
  (cd "$BUILD/src" && APT_CONFIG=$A/apt.conf apt-get -q source --download-only "$OPENJDK_SRC_PACKAGE=$OPENJDK_SRC_VERSION" >"$A/source.log" 2>&1) \
    || { cat "$A/source.log" >&2; die "apt-get source $OPENJDK_SRC_PACKAGE=$OPENJDK_SRC_VERSION failed"; }
  dsc=$BUILD/src/${OPENJDK_SRC_PACKAGE}_${OPENJDK_SRC_VERSION}.dsc
  got=$(sha256sum "$dsc" | cut -c1-64)
  [ "$got" = "$OPENJDK_SRC_DSC_SHA256" ] || die "sha256 of $(basename "$dsc") is $got, pinned $OPENJDK_SRC_DSC_SHA256"
  # apt checked every file against the signed Sources index; the .dsc lists the orig tarball's sha256 too
  orig=$(ls "$BUILD/src/${OPENJDK_SRC_PACKAGE}_"*.orig.tar.xz)
  want=$(awk '/^Checksums-Sha256:/{f=1;next} /^[^ ]/{f=0} f && $3 ~ /orig\.tar\.xz$/ && $3 !~ /googletest/ {print $1}' "$dsc")
  [ "$(sha256sum "$orig" | cut -c1-64)" = "$want" ] || die "$(basename "$orig") does not match its .dsc"
  (cd "$BUILD/src" && tar xJf "$orig" --wildcards "${SRC_PARTS[@]/#/$OPENJDK_SRC_DIR/}")
  rm -f "$orig" "$BUILD/src/"*googletest* "$BUILD/src/"*.debian.tar.xz
  step_mark source "$KEY"
  log "source: $OPENJDK_SRC_PACKAGE $OPENJDK_SRC_VERSION fetched and verified, sources extracted ($(elapsed "$t"))"
fi

# ---- 4. JNI headers of JDK 25 and the 25-vs-26 drift checks ------------------------------------
J25=$BUILD/jdk25-src HDR=$BUILD/jni-headers
chain_key "$(hash_inputs "$HERE/jdkstatic" "$HERE/gen/NativeDecls.java")"
if ! step_done jniheaders "$KEY" || [ ! -d "$HDR" ]; then
  t=$(now)
  rm -rf "$J25" "$HDR" "$BUILD/jni-classes" && mkdir -p "$J25" "$HDR"
  MODULES=(java.base jdk.net jdk.management java.management)
  (cd "$J25" && unzip -q "$JAVA_HOME/lib/src.zip" "${MODULES[@]/%//*}")
  for m in "${MODULES[@]}"; do
    files=$(cd "$J25" && grep -rlE '^\s*(public|private|protected|static|final|synchronized|\s)*native\s|@Native\b' --include=*.java "$m")
    (cd "$J25" && "$JAVAC" -XDignore.symbol.file -nowarn -implicit:none -proc:none --patch-module "$m=$m" \
        -h "$HDR" -d "$BUILD/jni-classes/$m" $files) >"$BUILD/javac-$m.log" 2>&1 \
      || { tail -20 "$BUILD/javac-$m.log" >&2; die "javac -h for $m failed"; }
  done
  # The native declarations of 25 (src.zip) and 26 (the Debian source), diffed: every change must be
  # one that jdkstatic/README.md describes and handles (see native-decls-25-vs-26.diff).
  J26=$BUILD/jdk26-src
  rm -rf "$J26" && mkdir -p "$J26"
  for m in "${MODULES[@]}"; do
    mkdir -p "$J26/$m"
    for v in share unix linux; do [ -d "$SRC/$m/$v/classes" ] && cp -r "$SRC/$m/$v/classes/." "$J26/$m/"; done
  done
  for v in 25 26; do
    d=$J25; [ $v = 26 ] && d=$J26
    for m in "${MODULES[@]}"; do "$JAVA" "$HERE/gen/NativeDecls.java" "$d/$m"; done > "$BUILD/native-decls-$v.txt"
  done
  diff "$BUILD/native-decls-25.txt" "$BUILD/native-decls-26.txt" > "$BUILD/native-decls-25-vs-26.diff" || true
  if ! cmp -s "$BUILD/native-decls-25-vs-26.diff" "$HERE/jdkstatic/native-decls-25-vs-26.diff"; then
    if [ "${NATIVE_ACCEPT_DRIFT:-}" = 1 ]; then
      cp "$BUILD/native-decls-25-vs-26.diff" "$HERE/jdkstatic/native-decls-25-vs-26.diff"
      log "drift: accepted the new native-declaration diff into jdkstatic/ (review it, and jdkstatic/README.md)"
    else
      diff "$HERE/jdkstatic/native-decls-25-vs-26.diff" "$BUILD/native-decls-25-vs-26.diff" >&2 || true
      die "the native methods of JDK 25 ($JDK_RELEASE) and the OpenJDK source differ from what jdkstatic/ handles (above); review, then rerun with NATIVE_ACCEPT_DRIFT=1"
    fi
  fi
  step_mark jniheaders "$KEY"
  log "JNI headers: $(ls "$HDR" | wc -l) from JDK 25's src.zip; native declarations 25 vs 26 as reviewed ($(elapsed "$t"))"
fi

# ---- 5. static JDK libraries -------------------------------------------------------------------
STATIC=$OUT/lib/static/linux-amd64/glibc
chain_key "$(hash_inputs "$HERE/jdkstatic")"
if ! step_done staticlibs "$KEY" || [ ! -f "$STATIC/libjava.a" ]; then
  t=$(now)
  # shellcheck source=jdkstatic/build.sh
  . "$HERE/jdkstatic/build.sh"
  build_static_jdk_libraries "$SRC" "$HDR" "$JAVA_HOME" "$BUILD/obj/jdk" "$STATIC" "$HERE/jdkstatic"
  # The Java_* functions that JDK 25's own shared libraries export must all be in ours, except the
  # ones jdkstatic/not-provided.txt lists with the reason.
  for l in java nio net zip extnet management_ext; do
    nm -D --defined-only "$JAVA_HOME/lib/lib$l.so" | awk '{print $3}' | grep -E '^Java_' || true
  done | sort -u > "$BUILD/jdk25-java-symbols.txt"
  for a in "$STATIC"/*.a; do nm --defined-only "$a" 2>/dev/null | awk '$2=="T"{print $3}'; done | grep -E '^Java_' | sort -u > "$BUILD/our-java-symbols.txt"
  comm -23 "$BUILD/jdk25-java-symbols.txt" "$BUILD/our-java-symbols.txt" > "$BUILD/not-provided.txt"
  expected_np=$(grep -vE '^\s*(#|$)' "$HERE/jdkstatic/not-provided.txt" | awk '{print $1}' | sort -u)
  if [ "$expected_np" != "$(cat "$BUILD/not-provided.txt")" ]; then
    diff <(echo "$expected_np") "$BUILD/not-provided.txt" >&2 || true
    die "the JNI functions missing from our static libraries (> lines) differ from jdkstatic/not-provided.txt (< lines)"
  fi
  # Every field/method a JNI function looks up by name must exist in JDK 25's classes.
  "$JAVA" "$HERE/gen/JniRefs.java" $(cat "$BUILD/obj/jdk/sources.txt") || die "the OpenJDK 26 C code refers to JDK members that JDK 25 lacks (above)"
  step_mark staticlibs "$KEY"
  log "static JDK libraries: $(cd "$STATIC" && ls *.a | tr '\n' ' ')($(elapsed "$t"))"
fi

# ---- 6. our C helpers: generated headers, libraries, unit tests ---------------------------------
CLIB=$OUT/lib/svm/clibraries/linux-amd64
chain_key "$(hash_inputs "$HERE/csrc" "$HERE/gen/CHeaderGen.java")"
if ! step_done chelpers "$KEY" || [ ! -f "$CLIB/liblibchelper.a" ]; then
  t=$(now)
  rm -rf "$CLIB" "$BUILD/obj/c" && mkdir -p "$CLIB/include" "$BUILD/obj/c"
  "$JAVA" "$HERE/gen/CHeaderGen.java" "$JARDIR/lib/svm-$GRAALVM_VERSION.jar" "$CLIB/include" "$HERE/csrc/symbols.txt" \
    || die "the C headers could not be generated from svm.jar (above)"
  CFLAGS=(-std=gnu11 -O2 -fPIC -g -Wall -Wextra -Werror -Wno-unused-parameter -Wno-format-truncation
          -I"$CLIB/include" -I"$HERE/csrc" -I"$SRC/java.base/unix/native/libjava" -I"$JAVA_HOME/include" -I"$JAVA_HOME/include/linux")
  for f in "$HERE"/csrc/*.c; do
    gcc "${CFLAGS[@]}" -c "$f" -o "$BUILD/obj/c/$(basename "$f" .c).o" || die "compiling $(basename "$f") failed"
  done
  O=$BUILD/obj/c
  ar rcs "$CLIB/liblibchelper.a" "$O/cpufeatures.o" "$O/signal.o" "$O/locale.o" "$O/timezone.o" "$O/attach.o" "$O/libc.o"
  ar rcs "$CLIB/libsvm_container.a" "$O/container.o"
  ar rcs "$CLIB/libjvm.a" "$O/jvm.o"
  # unit tests: plain C, each test file a program; any failure stops the toolchain build
  mkdir -p "$BUILD/obj/c/test"
  pass=0 fail=0
  for tf in "$HERE"/csrc/test/test_*.c; do
    n=$(basename "$tf" .c)
    gcc "${CFLAGS[@]}" -Wno-error "$tf" "$HERE/csrc/test/harness.c" -o "$O/test/$n" \
      "$CLIB/liblibchelper.a" "$CLIB/libsvm_container.a" "$CLIB/libjvm.a" -lpthread || die "compiling $n failed"
    if out=$(cd "$O/test" && "./$n" "$HERE/csrc/test" 2>&1); then
      pass=$((pass + $(printf '%s\n' "$out" | grep -c '^ok ' || true)))
    else
      printf '%s\n' "$out" >&2
      fail=$((fail + 1))
    fi
  done
  [ "$fail" = 0 ] || die "C unit tests failed (above)"
  step_mark chelpers "$KEY"
  log "C helpers: liblibchelper.a libsvm_container.a libjvm.a; C unit tests: $pass passed, 0 failed ($(elapsed "$t"))"
fi

# ---- 7. builder jars, reporter helper, launcher into the layout ---------------------------------
SVM=$OUT/lib/svm
chain_key "$(hash_inputs "$HERE/launcher" "$HERE/gen/BuilderExports.java" "$HERE/csrc/reporterchelper" "$GRAALVM_VERSION")"
if ! step_done layout "$KEY" || [ ! -x "$OUT/bin/native-image" ]; then
  t=$(now)
  rm -rf "$SVM/builder" "$SVM/launcher" && mkdir -p "$SVM/builder/lib" "$SVM/launcher"
  # GraalVM keeps the builder in lib/svm/builder; the compiler replaces the JDK's jdk.graal.compiler
  # placeholder module (upgrade module path).
  modulepath=() upgrade=()
  for f in "$JARDIR"/lib/*.jar; do
    b=$(basename "$f" "-$GRAALVM_VERSION.jar")
    cp "$f" "$SVM/builder/$b.jar"
    if [ "$b" = compiler ]; then upgrade+=("lib/svm/builder/$b.jar"); else modulepath+=("lib/svm/builder/$b.jar"); fi
  done
  "$JAVA" "$HERE/gen/BuilderExports.java" "$SVM/builder/exports.args" "${modulepath[@]/#/$OUT/}" "${upgrade[@]/#/$OUT/}" >/dev/null
  cp "$HERE/launcher/builder-jvm.args" "$SVM/builder/builder-jvm.args"
  # GraalVM ships the JSON schema of the reachability-metadata format it reads; native-maven-plugin
  # compares its version with the metadata repository's. The 25.0.x builder reads format 1.2.0 (the
  # 1.1.0 sections minus the deprecated ones); the schema file is the one the repository carries.
  mkdir -p "$SVM/schemas"
  unzip -p "$JARDIR"/metadata/*.zip "$METADATA_SCHEMA" > "$SVM/schemas/reachability-metadata-schema.json"
  gcc -O2 -fPIC -shared -Wall -Werror -I"$JAVA_HOME/include" -I"$JAVA_HOME/include/linux" \
    "$HERE/csrc/reporterchelper/reporterchelper.c" -o "$SVM/builder/lib/libreporterchelper.so"
  # the launcher: compiled here, tested here, then installed
  rm -rf "$BUILD/obj/launcher" && mkdir -p "$BUILD/obj/launcher/classes" "$BUILD/obj/launcher/test"
  "$JAVAC" --release 25 -d "$BUILD/obj/launcher/classes" $(find "$HERE/launcher/src" -name '*.java')
  "$JAVAC" --release 25 -cp "$BUILD/obj/launcher/classes" -d "$BUILD/obj/launcher/test" $(find "$HERE/launcher/test" -name '*.java')
  out=$("$JAVA" -cp "$BUILD/obj/launcher/classes:$BUILD/obj/launcher/test" sidecars.nativeimage.TranslatorTest) \
    || { printf '%s\n' "$out" | grep -v '^ok ' >&2; die "launcher unit tests failed (above)"; }
  launcher_tests=$(printf '%s\n' "$out" | tail -1)
  "$JAVA_HOME/bin/jar" --create --file "$SVM/launcher/launcher.jar" --main-class sidecars.nativeimage.NativeImage -C "$BUILD/obj/launcher/classes" .
  # shellcheck disable=SC1091
  . "$JAVA_HOME/release"
  cat > "$SVM/toolchain.properties" <<EOF
# written by images/native/toolchain.sh
graalvm.version=$GRAALVM_VERSION
java.runtime.version=$JAVA_RUNTIME_VERSION
java.vendor.version=${IMPLEMENTOR_VERSION:-$JAVA_RUNTIME_VERSION}
java.version.date=${JAVA_VERSION_DATE:-}
builder.modulepath=$(IFS=,; echo "${modulepath[*]}")
builder.upgrademodulepath=$(IFS=,; echo "${upgrade[*]}")
builder.maxrampercentage=40
openjdk.source=$OPENJDK_SRC_PACKAGE $OPENJDK_SRC_VERSION
EOF
  mkdir -p "$OUT/bin"
  cat > "$OUT/bin/native-image" <<'EOF'
#!/bin/sh
# native-image of the sidecars toolchain (images/native/toolchain.sh): our launcher in front of the
# GraalVM builder jars; runs on this toolchain's own JDK.
home=$(cd "$(dirname "$0")/.." && pwd -P)
exec "$home/bin/java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -Dsidecars.toolchain.home="$home" \
  -jar "$home/lib/svm/launcher/launcher.jar" "$@"
EOF
  chmod +x "$OUT/bin/native-image"
  mkdir -p "$SVM/bin" && ln -sf ../../../bin/native-image "$SVM/bin/native-image"
  step_mark layout "$KEY"
  log "layout: builder jars, exports ($(wc -l < "$SVM/builder/exports.args")), reporter helper, launcher; launcher tests: $launcher_tests ($(elapsed "$t"))"
fi

"$OUT/bin/native-image" --version >/dev/null || die "bin/native-image --version failed"
# A name that does not change with the pin, for the build (mvnw's GRAALVM_HOME default).
if [ "$(dirname "$OUT")" = "$BUILD" ]; then
  ln -sfn "$(basename "$OUT")" "$BUILD/graalvm"
fi
log "ready: $OUT ($(elapsed "$T0")); use $OUT/bin/native-image, or GRAALVM_HOME=$OUT"
