#!/usr/bin/env bash
# Push and pull of a ~200 MB image through a local docker-registry (127.0.0.1): Legends'
# RegistryClient against `podman push` / `podman pull`, same image, same registry, one run.
# Targets: pull <= 1.0x podman, push <= 1.2x podman.
# The image is podman's import of busybox plus incompressible files (one layer). Each push goes to
# an emptied registry, so nothing is skipped or mounted. Both tools push what they do by default:
# podman gzips the layer on the way (containers/image always compresses for a registry), Legends
# sends the layer as stored (uncompressed, as `legends import` keeps it). Both pull the same remote
# image (podman's gzip push): podman also unpacks it into containers-storage, Legends keeps the
# verified blobs (unpacking is the snapshot layer's job, at first run). Legends runs in one JVM as
# the daemon does: the first operation pays class loading and JIT, the median of the rest is warm.
# Usage: bench/registry.sh [SIZE_MB] [RUNS]   (as root, with podman and docker-registry)
source "$(dirname "$0")/lib.sh"
size_mb="${1:-200}"
runs="${2:-3}"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
work="$(mktemp -d /var/tmp/legends-registry.XXXXXX)"
name="localhost/legends-bench-registry-$$:latest"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
host="127.0.0.1:$port"

cat > "$work/config.yml" <<YAML
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $work/registry
http:
  addr: $host
  secret: legends-bench
YAML
# reset.sh: a stopped, emptied and restarted registry (between runs, not timed)
cat > "$work/reset.sh" <<SH
set -e
if [[ -f "$work/registry.pid" ]]; then kill \$(cat "$work/registry.pid") 2>/dev/null || true; \
  while kill -0 \$(cat "$work/registry.pid") 2>/dev/null; do sleep 0.05; done; fi
rm -rf "$work/registry"
docker-registry serve "$work/config.yml" >>"$work/registry.log" 2>&1 &
echo \$! > "$work/registry.pid"
for _ in \$(seq 1 200); do curl -fs -o /dev/null "http://$host/v2/" && exit 0; sleep 0.05; done
echo "registry did not start" >&2; exit 1
SH
cleanup() {
  [[ -f "$work/registry.pid" ]] && kill "$(cat "$work/registry.pid")" 2>/dev/null || true
  podman rmi -f "$name" "$host/bench/podman:latest" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

(cd "$REPO" && ./mvnw -q -B -o -pl image install -DskipTests) >&2
cp="$(cd "$REPO" && ./mvnw -q -B -o -pl image dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=runtime)"
cp="$cp:$REPO/image/target/classes"
mkdir -p "$work/classes"
cp "$BENCH_DIR/registry.java" "$work/RegistryBench.java"
"$JAVA_HOME/bin/javac" -cp "$cp" -d "$work/classes" "$work/RegistryBench.java"

mkdir -p "$work/rootfs/bin" "$work/rootfs/data"
cp /bin/busybox "$work/rootfs/bin/busybox"
for i in $(seq 1 $(( size_mb / 10 ))); do
  head -c $((10 * 1024 * 1024)) /dev/urandom > "$work/rootfs/data/blob-$i"
done
tar -C "$work/rootfs" -cf "$work/rootfs.tar" .
rm -rf "$work/rootfs"
podman import -q "$work/rootfs.tar" "$name" >/dev/null
echo "registry: image of $(du -m "$work/rootfs.tar" | cut -f1) MB, registry on $host" >&2

secs() { awk -v ns=$(( $2 - $1 )) 'BEGIN {printf "%.3f", ns / 1e9}'; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ms_to_s() { awk -v ms="$1" 'BEGIN {printf "%.3f", ms / 1000}'; }

podman_push=()
for _ in $(seq 1 "$runs"); do
  bash "$work/reset.sh"
  sync
  start=$(date +%s%N)
  podman push -q --tls-verify=false "$name" "docker://$host/bench/podman:latest" >/dev/null
  podman_push+=("$(secs "$start" "$(date +%s%N)")")
done
sync
mapfile -t legends_push < <("$JAVA_HOME/bin/java" -cp "$cp:$work/classes" RegistryBench push "$work/rootfs.tar" \
  "$host/bench/legends:latest" $(( runs + 1 )) "$work/reset.sh" "$work")

# one remote image for both pullers: podman's push (gzip), as a registry usually holds
bash "$work/reset.sh"
podman push -q --tls-verify=false "$name" "docker://$host/bench/podman:latest" >/dev/null
podman rmi -f "$name" >/dev/null   # else podman finds the layer locally and skips it
podman_pull=()
for _ in $(seq 1 "$runs"); do
  sync
  start=$(date +%s%N)
  podman pull -q --tls-verify=false "$host/bench/podman:latest" >/dev/null
  podman_pull+=("$(secs "$start" "$(date +%s%N)")")
  podman rmi -f "$host/bench/podman:latest" >/dev/null
done
sync
mapfile -t legends_pull < <("$JAVA_HOME/bin/java" -cp "$cp:$work/classes" RegistryBench pull \
  "$host/bench/podman:latest" $(( runs + 1 )) "$work")

echo "registry: podman push ${podman_push[*]} s; legends push ${legends_push[*]} ms" >&2
echo "registry: podman pull ${podman_pull[*]} s; legends pull ${legends_pull[*]} ms" >&2
peer=$(median "${podman_push[@]}")
cold=$(ms_to_s "${legends_push[0]}")
warm=$(ms_to_s "$(median "${legends_push[@]:1}")")
row "registry push ${size_mb} MB (first)" "$cold" "podman push" "$peer" "$(ratio "$cold" "$peer")" "<= 1.2x"
row "registry push ${size_mb} MB (warm)" "$warm" "podman push" "$peer" "$(ratio "$warm" "$peer")" "<= 1.2x"
peer=$(median "${podman_pull[@]}")
cold=$(ms_to_s "${legends_pull[0]}")
warm=$(ms_to_s "$(median "${legends_pull[@]:1}")")
row "registry pull ${size_mb} MB (first)" "$cold" "podman pull" "$peer" "$(ratio "$cold" "$peer")" "<= 1.0x"
row "registry pull ${size_mb} MB (warm)" "$warm" "podman pull" "$peer" "$(ratio "$warm" "$peer")" "<= 1.0x"
