#!/usr/bin/env bash
# Unpack speed of the layer codec against GNU tar (`tar -xf` into a fresh dir); target <= 1.3x.
# Builds a ~190 MB layer from files of this host (python, C headers, perl: ~11.7k entries, the
# shape of a distro base image), gzips it, and times both on each, alternating, RUNS times.
# The target directory defaults to a tmpfs: on this VM's ext4 the kernel's share of the time
# swings tenfold between runs and hides the user-space cost this bench is about.
# Usage: bench/layer-unpack.sh [RUNS] [TARGET_DIR]   (as root)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
TARGET=${2:-/dev/shm}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
WORK=$(mktemp -d /var/tmp/layer-unpack.XXXXXX)
DEST=$(mktemp -d "$TARGET/layer-unpack.XXXXXX")
trap 'rm -rf "$WORK" "$DEST"' EXIT

./mvnw -q -B -o -pl linux,snapshot install -DskipTests >&2
./mvnw -q -B -o -pl snapshot dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
CP="snapshot/target/test-classes:snapshot/target/classes:$(cat "$WORK/cp.txt")"

# Many small files where the host has them; the JDK's lib (large files) tops it up to ~200 MB.
src=()
for d in usr/lib/python3.11 usr/include usr/share/perl; do [[ -d "/$d" ]] && src+=("$d"); done
jdk="${JAVA_HOME#/}"
[[ $(du -scm "${src[@]/#//}" 2>/dev/null | tail -1 | cut -f1) -lt 150 ]] && src+=("$jdk/lib")
tar -cf "$WORK/layer.tar" -C / "${src[@]}"
gzip -c "$WORK/layer.tar" > "$WORK/layer.tar.gz"
echo "layer: $(du -m "$WORK/layer.tar" | cut -f1) MB, $(tar -tf "$WORK/layer.tar" | wc -l) entries" >&2
for f in layer.tar layer.tar.gz; do
  out=$("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$CP" \
      dev.legends.snapshot.archive.UnpackBench "$WORK/$f" "$DEST" "$RUNS")
  echo "$out" >&2
  # last line: "<file>: median GNU tar T ms, legends L ms, ratio R"
  echo "$out" | tail -1 | awk -v f="$f" '{ gsub(",", ""); printf "layer unpack %s\t%.3f\tGNU tar -xf\t%.3f\t%s\t<= 1.3x\n", f, $8 / 1000, $5 / 1000, $11 }'
done
