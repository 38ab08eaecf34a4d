#!/usr/bin/env bash
# Push then pull of a ~100 MB image through a local docker-registry on 127.0.0.1: `legends push`
# and `legends pull` (CLI to exit, through a daemon) against `podman push` / `podman pull` of the
# same image on the same registry, in one run. Target (issue 6): <= 1.0x podman.
# Each push goes to an emptied registry, so nothing is skipped or mounted; each pull starts from a
# store without the image. The image: busybox plus incompressible files, one layer.
# Usage: bench/registry.sh [SIZE_MB] [RUNS]   (as root, with podman and docker-registry)
source "$(dirname "$0")/lib.sh"
size_mb="${1:-100}"
runs="${2:-3}"
work="$(mktemp -d /var/tmp/legends-registry.XXXXXX)"
port=$(( 20000 + RANDOM % 20000 ))
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
if [[ -f "$work/registry.pid" ]]; then kill \$(cat "$work/registry.pid") 2>/dev/null
  while kill -0 \$(cat "$work/registry.pid") 2>/dev/null; do sleep 0.05; done; fi
rm -rf "$work/registry"
docker-registry serve "$work/config.yml" >>"$work/registry.log" 2>&1 &
echo \$! > "$work/registry.pid"
for _ in \$(seq 1 200); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && exit 0; sleep 0.05; done
echo "registry did not start" >&2; exit 1
SH
ours="$host/bench/legends:1"
theirs="$host/bench/podman:1"
cleanup() {
  stop_daemon
  [[ -f "$work/registry.pid" ]] && kill "$(cat "$work/registry.pid")" 2>/dev/null || true
  podman rmi -f "$theirs" >/dev/null 2>&1 || true
  rm -rf "$work" "$work/root.out"
}
trap cleanup EXIT

mkdir -p "$work/rootfs/bin" "$work/rootfs/data"
cp /bin/busybox "$work/rootfs/bin/busybox"
for i in $(seq 1 $(( size_mb / 10 ))); do
  head -c $((10 * 1024 * 1024)) /dev/urandom > "$work/rootfs/data/blob-$i"
done
tar -C "$work/rootfs" -cf "$work/rootfs.tar" .
rm -rf "$work/rootfs"
start_daemon "$work/root"
L="$LEGENDS --root $work/root"
$L image import -q "$work/rootfs.tar" "$ours" >/dev/null
podman import -q "$work/rootfs.tar" "$theirs" >/dev/null
echo "registry: image of $(du -m "$work/rootfs.tar" | cut -f1) MB, registry on $host" >&2

push_l=$(median_prepared "$runs" "bash $work/reset.sh" "$L push $ours")
push_p=$(median_prepared "$runs" "bash $work/reset.sh" "podman push -q --tls-verify=false $theirs")
bash "$work/reset.sh"
$L push "$ours" >/dev/null 2>&1
podman push -q --tls-verify=false "$theirs" >/dev/null
pull_l=$(median_prepared "$runs" "$L image rm $ours >/dev/null 2>&1; $L image prune >/dev/null" "$L pull -q $ours")
pull_p=$(median_prepared "$runs" "podman rmi -f $theirs >/dev/null 2>&1" "podman pull -q --tls-verify=false $theirs")
row "registry push ${size_mb} MB" "$push_l" "podman push" "$push_p" "$(ratio "$push_l" "$push_p")" "<= 1.0x"
row "registry pull ${size_mb} MB" "$pull_l" "podman pull" "$pull_p" "$(ratio "$pull_l" "$pull_p")" "<= 1.0x"
both_l=$(awk -v a="$push_l" -v b="$pull_l" 'BEGIN {printf "%.3f", a + b}')
both_p=$(awk -v a="$push_p" -v b="$pull_p" 'BEGIN {printf "%.3f", a + b}')
row "registry push+pull ${size_mb} MB" "$both_l" "podman push+pull" "$both_p" "$(ratio "$both_l" "$both_p")" "<= 1.0x"
