#!/usr/bin/env bash
# Container start, in one run on this machine:
#   legends run --rm --network none legends/busybox true   wall time, CLI start to exit
#   podman --runtime runc run --rm (same image)     the peer, no network, the same ulimits
#   runc run of a prepared bundle (same rootfs)     the floor; and of the bundle Legends generates
#   the daemon's own create+start+wait              from its log: creation began -> exit seen
# Targets (issue 4): legends <= 0.5x podman; the daemon's create+start+wait <= 1.5x raw runc.
source "$(dirname "$0")/lib.sh"
LEGENDS=${LEGENDS_BIN:-$LEGENDS}   # another build of the CLI, e.g. while the launcher would rebuild
RUNS=${RUNS:-20}
root=$(mktemp -d /tmp/legends-bench.XXXXXX)
work=$(mktemp -d /tmp/legends-bench-work.XXXXXX)
name="legends-bench-$$/busybox"
podman_image="localhost/$name:latest"
daemon=

cleanup() {
  if [[ -n "$daemon" ]]; then
    ids=$("$LEGENDS" --root "$root" ps -a -q 2>/dev/null || true)
    [[ -n "$ids" ]] && "$LEGENDS" --root "$root" rm -f $ids >/dev/null 2>&1 || true
    kill "$daemon" 2>/dev/null || true
    wait "$daemon" 2>/dev/null || true
  fi
  podman rmi -f "$podman_image" >/dev/null 2>&1 || true
  runc --root "$work/runc" delete -f bench >/dev/null 2>&1 || true
  runc --root "$work/runc" delete -f bench-ours >/dev/null 2>&1 || true
  grep -o " $root/[^ ]*" /proc/self/mountinfo | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  rm -rf "$root" "$root.out" "$work"
}
trap cleanup EXIT

"$LEGENDS" version >/dev/null 2>&1 || true   # build and train the AOT cache first
"$LEGENDS" --root "$root" daemon >"$root.out" 2>&1 &
daemon=$!
for _ in $(seq 200); do grep -q serving "$root.out" 2>/dev/null && break; sleep 0.1; done
"$LEGENDS" --root "$root" image bootstrap >/dev/null 2>&1
"$LEGENDS" --root "$root" run --rm -q legends/busybox true   # unpacks the image once

# the same image for podman, under a name no one else uses
"$LEGENDS" --root "$root" image tag legends/busybox "$name" >/dev/null
"$LEGENDS" --root "$root" image save --format docker-archive -o "$work/busybox.tar" "$name"
podman load -q -i "$work/busybox.tar" >/dev/null
# the host's hard NOFILE limit is below podman's default: set the limits Legends sets
podman_run="podman --runtime runc run --rm --network none --ulimit nofile=1024:1024 --ulimit nproc=1024:1024"
$podman_run "$podman_image" true   # podman's first run prepares its storage

# and for runc: the image's root filesystem in a bundle from `runc spec`, running `true`
mkdir -p "$work/bundle/rootfs"
cid=$(podman create --ulimit nofile=1024:1024 "$podman_image" true)
podman export "$cid" | tar -x -C "$work/bundle/rootfs"
podman rm "$cid" >/dev/null
(cd "$work/bundle" && runc spec && sed -i 's/"terminal": true/"terminal": false/; s/"sh"/"true"/' config.json)

# and runc on the bundle Legends itself generates (its capabilities, masked paths, cgroup limits,
# ulimits): what the daemon adds over runc doing the same work
keep=$("$LEGENDS" --root "$root" run -d --network none legends/busybox sleep 600)
mkdir -p "$work/ours"
python3 - "$root/run/runtime/containers/$keep/bundle/config.json" "$work/ours/config.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["process"]["args"] = ["true"]
c["process"]["terminal"] = False
c["linux"]["cgroupsPath"] = "/legends-bench-runc"
json.dump(c, open(sys.argv[2], "w"))
PY

legends=$(median_of "$RUNS" 10 "$LEGENDS --root $root run --rm --network none legends/busybox true")
podman=$(median_of "$RUNS" 10 "$podman_run $podman_image true")
runc=$(median_of "$RUNS" 10 "runc --root $work/runc run -b $work/bundle bench")
runc_ours=$(median_of "$RUNS" 10 "runc --root $work/runc run -b $work/ours bench-ours")
"$LEGENDS" --root "$root" rm -f "$keep" >/dev/null
# one line per container the daemon ran: "... seen N ms after its creation began (create+start+wait)"
daemon_ms=$(grep -o 'seen [0-9]* ms after its creation began' "$root/legends.log" | awk '{print $2}' | tail -n "$RUNS" | sort -n \
  | awk '{ v[NR] = $1 } END { if (NR % 2) m = v[(NR + 1) / 2]; else m = (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.3f\n", m / 1000 }')

row "container: legends run --rm busybox true" "$legends" "podman run --rm (runc)" "$podman" "$(ratio "$legends" "$podman")" "<= 0.5x"
row "container: daemon create+start+wait" "$daemon_ms" "runc run (prepared bundle)" "$runc" "$(ratio "$daemon_ms" "$runc")" "<= 1.5x"
row "container: daemon create+start+wait" "$daemon_ms" "runc run (Legends' own bundle)" "$runc_ours" "$(ratio "$daemon_ms" "$runc_ours")" "<= 1.5x"
