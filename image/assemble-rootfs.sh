#!/usr/bin/env bash
# Assembles the root filesystem of the Celador image, which Jib then layers onto `scratch`:
#
#   /opt/java                 a jlink'd Java 25 runtime, from the local Temurin 25 JDK
#   /lib/x86_64-linux-gnu, /lib64
#                             the shared libraries that runtime links against (ldd), taken from
#                             the Debian packages that ship them (apt-get download + dpkg-deb -x)
#   /etc/passwd, /etc/group   the non-root user 65532 ("nonroot"), so the JVM has a user name
#   /app/celador.jar          the CLI fat jar
#   /app/celador.jsa          its AppCDS archive (entrypoint: -XX:SharedArchiveFile), from a
#                             training run in a chroot of this filesystem; needs root, else left
#                             out (the JVM then starts without it, only slower)
#   /tmp                      for `docker run` without a tmpfs (the chart mounts an emptyDir)
#
#   image/assemble-rootfs.sh CELADOR_JAR OUT_DIR
#
# Why not a JRE base image: no container registry is reachable here, so Jib cannot pull
# eclipse-temurin:25-jre. docs/image.md says how to switch to one where a registry is reachable.
# Finds the JDK by $JAVA25_HOME, else /usr/lib/jvm/temurin-25-jdk-*; downloaded .deb files are
# cached in ~/.cache/celador/image/debs.
set -euo pipefail

if (($# != 2)); then
  echo "usage: $0 CELADOR_JAR OUT_DIR" >&2
  exit 2
fi
jar="$1"
out="$2"
[[ -f "$jar" ]] || { echo "assemble-rootfs.sh: $jar not found; build the cli module first" >&2; exit 1; }

find_jdk25() {
  if [[ -n "${JAVA25_HOME:-}" ]]; then
    echo "$JAVA25_HOME"
    return
  fi
  local candidate
  for candidate in /usr/lib/jvm/temurin-25-jdk-* /usr/lib/jvm/temurin-25-* /usr/lib/jvm/*-25-*; do
    if [[ -x "$candidate/bin/jlink" ]]; then
      echo "$candidate"
      return
    fi
  done
}
jdk="$(find_jdk25)"
if [[ -z "$jdk" || ! -x "$jdk/bin/jlink" ]]; then
  echo "assemble-rootfs.sh: no Java 25 JDK with jlink found; set JAVA25_HOME or install" \
    "Temurin 25 under /usr/lib/jvm (temurin-25-jdk)" >&2
  exit 1
fi
release="$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
[[ "$release" == 25 ]] || { echo "assemble-rootfs.sh: $jdk is Java $release, need 25" >&2; exit 1; }
for tool in dpkg dpkg-deb apt-get ldd; do
  command -v "$tool" >/dev/null || { echo "assemble-rootfs.sh: '$tool' is needed (a Debian host)" >&2; exit 1; }
done

rm -rf "$out"
# /proc: the mount point a container runtime needs (glibc finds $ORIGIN through /proc/self/exe).
mkdir -p "$out/opt" "$out/app" "$out/etc" "$out/tmp" "$out/proc"

# Modules: what jdeps finds in the jar, plus what is loaded only by name at run time (TLS with EC
# keys, JNDI DNS for JWKS hosts, Unsafe for Netty and protobuf, OS metrics for Micrometer).
modules="$("$jdk/bin/jdeps" --multi-release 25 --ignore-missing-deps --print-module-deps "$jar")"
modules="$modules,jdk.crypto.ec,jdk.naming.dns,jdk.unsupported,jdk.management,jdk.zipfs"
echo "jlink modules: $modules" >&2
# java.desktop comes in for java.beans (SnakeYAML); its X11, sound and splash-screen libraries are
# left out so the image needs no X or ALSA libraries (the entrypoint runs headless).
# --generate-cds-archive: the JDK's own class-data sharing archive (lib/server/classes.jsa), which
# a jlink'd runtime lacks otherwise; the app's archive below extends it.
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --compress=zip-6 --generate-cds-archive \
  --exclude-files='**/libawt_xawt.so,**/libjawt.so,**/libsplashscreen.so,**/libjsound.so,**/libfontmanager.so' \
  --output "$out/opt/java"

# Every shared library the runtime needs from outside itself, by the path the host resolves it to.
mapfile -t libs < <(
  find "$out/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 |
    xargs -0 ldd 2>/dev/null |
    awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\/.*ld-linux/ { print $1 }' |
    grep -v "^$out" | sort -u
)
((${#libs[@]})) || { echo "assemble-rootfs.sh: ldd found no libraries; is $jdk a glibc build?" >&2; exit 1; }

# The Debian package of each library (dpkg knows the real path, not the /lib → /usr/lib alias).
declare -A packages=()
for lib in "${libs[@]}"; do
  real="$(readlink -f "$lib")"
  pkg="$(dpkg -S "$real" 2>/dev/null || dpkg -S "${real#/usr}" 2>/dev/null || true)"
  pkg="${pkg%%:*}"
  [[ -n "$pkg" ]] || { echo "assemble-rootfs.sh: no Debian package owns $real" >&2; exit 1; }
  packages[$pkg]=1
done
echo "Debian packages: ${!packages[*]}" >&2

debs="${CELADOR_IMAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/celador/image}/debs"
mkdir -p "$debs"
extract="$(mktemp -d)"
trap 'rm -rf "$extract"' EXIT
# The .deb of one package: the cached one, else apt-get download of the installed version (what ldd
# resolved against), else — when the mirror has moved on to a newer point release — the current one.
fetch_deb() {
  local pkg="$1" version="$2" arch="$3" deb
  deb="$(ls "$debs/${pkg}_${version//:/%3a}_${arch}.deb" 2>/dev/null || true)"
  [[ -n "$deb" ]] && { echo "$deb"; return; }
  local attempt
  for attempt in "$pkg=$version" "$pkg=$version" "$pkg"; do
    if (cd "$debs" && apt-get download -q "$attempt" >&2 2>/dev/null); then
      ls -t "$debs/${pkg}"_*_"$arch".deb | head -1
      return
    fi
    # Package lists may be missing on a fresh machine: refresh them once (needs root).
    if [[ "$attempt" == "$pkg=$version" && $EUID -eq 0 && -z "${refreshed:-}" ]]; then
      refreshed=1
      apt-get update -qq >&2 || true
    fi
  done
  echo "assemble-rootfs.sh: apt-get download $pkg failed (no package lists? run apt-get update)" >&2
  return 1
}

for pkg in "${!packages[@]}"; do
  version="$(dpkg-query -W -f '${Version}' "$pkg")"
  arch="$(dpkg-query -W -f '${Architecture}' "$pkg")"
  deb="$(fetch_deb "$pkg" "$version" "$arch")"
  dpkg-deb -x "$deb" "$extract"
  # Licences travel with the binaries.
  mkdir -p "$out/usr/share/doc/$pkg"
  cp "$extract/usr/share/doc/$pkg/copyright" "$out/usr/share/doc/$pkg/" 2>/dev/null || true
done

# Copy each needed library (and the symlink chain to it) from the extracted packages.
for lib in "${libs[@]}"; do
  name="$(basename "$lib")"
  found="$(find "$extract" -name "$name" \( -type f -o -type l \) | head -1)"
  [[ -n "$found" ]] || { echo "assemble-rootfs.sh: $name is not in packages ${!packages[*]}" >&2; exit 1; }
  target="$(readlink -f "$found")"
  if [[ "$name" == ld-linux-* ]]; then
    dest="$out/lib64"  # the ELF interpreter path every binary names
  else
    dest="$out/lib/x86_64-linux-gnu"
  fi
  mkdir -p "$dest"
  cp "$target" "$dest/$name"
done
# The loader also lives under the multiarch directory, as on Debian.
cp "$out"/lib64/ld-linux-x86-64.so.2 "$out/lib/x86_64-linux-gnu/"

cat >"$out/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/sbin/nologin
nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin
EOF
cat >"$out/etc/group" <<'EOF'
root:x:0:
nonroot:x:65532:
EOF
cp "$jar" "$out/app/celador.jar"

# The AppCDS archive: the JVM accepts it only with the jar at the path it had when the archive was
# written (/app/celador.jar) and the same runtime, so the training run (celador test on the
# repository's policies, as cli/cds-archive.sh does) runs in a chroot of this filesystem, with its
# own /proc as ImageIT's.
policies="$(dirname "$0")/../policies"
if [[ $EUID -eq 0 ]] && command -v unshare >/dev/null && [[ -d "$policies" ]]; then
  # The JVM also checks the jar's modification time, and Jib writes every file with its default
  # filesModificationTime (EPOCH_PLUS_SECOND): give the jar that time before the archive sees it.
  touch -d @1 "$out/app/celador.jar"
  cp -r "$policies" "$out/tmp/training"
  unshare --mount --pid --fork --kill-child --mount-proc="$out/proc" chroot "$out" \
    /opt/java/bin/java -XX:ArchiveClassesAtExit=/app/celador.jsa '-Xlog:cds*=off' \
    -Djava.awt.headless=true -jar /app/celador.jar test /tmp/training >/dev/null 2>&1 || true
  rm -rf "$out/tmp/training"
  [[ -s "$out/app/celador.jsa" ]] || echo "assemble-rootfs.sh: warning: no AppCDS archive" >&2
else
  echo "assemble-rootfs.sh: not root: the image has no AppCDS archive (starts slower)" >&2
fi
echo "rootfs: $out ($(du -sh "$out" | cut -f1))" >&2
