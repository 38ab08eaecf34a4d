#!/usr/bin/env bash
# Loading a ~200 MB docker-archive: Legends' ImageArchives.load against `podman load`, same file.
# Target: Legends <= 1.0x podman. The archive is made by podman itself (podman import of busybox
# plus incompressible files, then podman save --format docker-archive), so it has podman's layout
# (a layer file and a symlink to it). Legends is timed in one JVM that has initialised Jackson, as
# the daemon has: the first load is the daemon's first (class loading, JIT), the median of the rest
# is steady state. Podman's image is removed before each of its loads, so it never skips a layer.
# Usage: bench/image-load.sh [SIZE_MB] [RUNS]   (as root, with podman)
source "$(dirname "$0")/lib.sh"
size_mb="${1:-200}"
runs="${2:-5}"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
work="$(mktemp -d /var/tmp/legends-image-load.XXXXXX)"
name="localhost/legends-bench-image-load-$$:latest"
trap 'podman rmi -f "$name" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

(cd "$REPO" && ./mvnw -q -B -o -pl image install -DskipTests) >&2
cp="$(cd "$REPO" && ./mvnw -q -B -o -pl image dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=runtime)"
cp="$cp:$REPO/image/target/classes"

mkdir -p "$work/rootfs/bin" "$work/rootfs/data"
cp /bin/busybox "$work/rootfs/bin/busybox"
for i in $(seq 1 $(( size_mb / 10 ))); do
  head -c $((10 * 1024 * 1024)) /dev/urandom > "$work/rootfs/data/blob-$i"
done
tar -C "$work/rootfs" -cf "$work/rootfs.tar" .
rm -rf "$work/rootfs"
podman import -q "$work/rootfs.tar" "$name" >/dev/null
podman save -q --format docker-archive -o "$work/image.tar" "$name"
podman rmi -f "$name" >/dev/null
echo "image-load: archive $(du -m "$work/image.tar" | cut -f1) MB" >&2

podman_s=()
for _ in $(seq 1 "$runs"); do
  sync
  start=$(date +%s%N)
  podman load -q -i "$work/image.tar" >/dev/null
  end=$(date +%s%N)
  podman_s+=("$(awk -v ns=$(( end - start )) 'BEGIN {printf "%.3f", ns / 1e9}')")
  podman rmi -f "$name" >/dev/null
done

# compiled ahead, not source-launched: javac in the measured JVM would crowd its JIT threads
mkdir -p "$work/classes"
cp "$BENCH_DIR/image-load.java" "$work/ImageLoadBench.java"
"$JAVA_HOME/bin/javac" -cp "$cp" -d "$work/classes" "$work/ImageLoadBench.java"
sync
mapfile -t legends_ms < <("$JAVA_HOME/bin/java" -cp "$cp:$work/classes" ImageLoadBench "$work/image.tar" "$work" $(( runs + 1 )))
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
peer=$(median "${podman_s[@]}")
cold=$(awk -v ms="${legends_ms[0]}" 'BEGIN {printf "%.3f", ms / 1000}')
warm=$(awk -v ms="$(median "${legends_ms[@]:1}")" 'BEGIN {printf "%.3f", ms / 1000}')
echo "image-load: podman load ${podman_s[*]} s; legends first ${legends_ms[0]} ms, then ${legends_ms[*]:1} ms" >&2
row "image load 200 MB docker-archive (first)" "$cold" "podman load" "$peer" "$(ratio "$cold" "$peer")" "<= 1.0x"
row "image load 200 MB docker-archive (warm)" "$warm" "podman load" "$peer" "$(ratio "$warm" "$peer")" "<= 1.0x"
