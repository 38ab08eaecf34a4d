#!/usr/bin/env bash
# Loading a ~200 MB docker-archive: `legends image load` (CLI to exit, through the daemon) against
# `podman load` of the same file. Target: <= 1.0x podman. The archive is made by podman itself
# (podman import of busybox plus incompressible files, then podman save --format docker-archive).
# Each run starts from an empty store (legends: rm + prune; podman: rmi), so no layer is skipped.
# Usage: bench/image-load.sh [SIZE_MB] [RUNS]   (as root, with podman)
source "$(dirname "$0")/lib.sh"
size_mb="${1:-200}"
runs="${2:-5}"
work="$(mktemp -d /var/tmp/legends-image-load.XXXXXX)"
name="localhost/legends-bench-image-load-$$:latest"
trap 'stop_daemon; podman rmi -f "$name" >/dev/null 2>&1 || true; rm -rf "$work" "$work.out"' EXIT

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

start_daemon "$work/root"
L="$LEGENDS --root $work/root"
peer=$(median_prepared "$runs" "podman rmi -f $name >/dev/null 2>&1 || true" "podman load -q -i $work/image.tar")
ours=$(median_prepared "$runs" "$L image rm $name >/dev/null 2>&1 || true; $L image prune >/dev/null" "$L image load -q -i $work/image.tar")
row "image load ${size_mb} MB docker-archive" "$ours" "podman load" "$peer" "$(ratio "$ours" "$peer")" "<= 1.0x"
