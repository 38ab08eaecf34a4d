#!/usr/bin/env bash
# Pod networking (issue 7), in one run on this machine:
#   IPAM: allocate+release pairs per second through Legends IPAM (SQLite, one committed
#         transaction each, with the daemon's Store settings) vs CNI's host-local plugin doing ADD+DEL
#         (target >= 5,000 pairs per second; the ratio is of seconds per pair)
#   setup: what a network adds to a container run: legends run --rm with the default network
#          minus with --network none, vs the same difference for podman (target <= 1.0x)
source "$(dirname "$0")/lib.sh"
RUNS=${RUNS:-15}
PAIRS=${PAIRS:-5000}
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
  grep -o " $root/[^ ]*" /proc/self/mountinfo | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  rm -rf "$root" "$root.out" "$work"
}
trap cleanup EXIT

"$LEGENDS" version >/dev/null 2>&1 || true   # builds, so the test classes hold the harness
cp=$(sed -n 2p "$REPO/cli/target/classpath")
java_home="${JAVA_HOME:-$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -1)}"   # as the launcher finds it
ipam=$("$java_home/bin/java" --enable-native-access=ALL-UNNAMED -cp "$REPO/network/target/test-classes:$cp" dev.legends.network.IpamBenchmark "$work/ipam" "$PAIRS")

# host-local: the same pairs through the plugin binary, the way a CNI runtime calls it
conf='{"cniVersion":"1.0.0","name":"benchnet","type":"host-local","ipam":{"type":"host-local","ranges":[[{"subnet":"10.204.0.0/16"}]],"dataDir":"'"$work"'/hl"}}'
hl_pairs=500
start=$EPOCHREALTIME
for ((i = 0; i < hl_pairs; i++)); do
  for cmd in ADD DEL; do
    echo "$conf" | CNI_COMMAND=$cmd CNI_CONTAINERID="c$i" CNI_NETNS=/dev/null CNI_IFNAME=eth0 CNI_PATH=/usr/lib/cni \
      /usr/lib/cni/host-local >/dev/null
  done
done
hostlocal=$(awk -v a="$start" -v b="$EPOCHREALTIME" -v n="$hl_pairs" 'BEGIN { printf "%.6f", (b - a) / n }')

"$LEGENDS" --root "$root" daemon >"$root.out" 2>&1 &
daemon=$!
for _ in $(seq 200); do grep -q serving "$root.out" 2>/dev/null && break; sleep 0.1; done
"$LEGENDS" --root "$root" image bootstrap >/dev/null 2>&1
"$LEGENDS" --root "$root" run --rm legends/busybox true   # unpacks the image and makes the default network
"$LEGENDS" --root "$root" image tag legends/busybox "$name" >/dev/null
"$LEGENDS" --root "$root" image save --format docker-archive -o "$work/busybox.tar" "$name"
podman load -q -i "$work/busybox.tar" >/dev/null
podman_run="podman --runtime runc run --rm --ulimit nofile=1024:1024 --ulimit nproc=1024:1024"
$podman_run "$podman_image" true

l_net=$(median_of "$RUNS" 3 "$LEGENDS --root $root run --rm legends/busybox true")
l_none=$(median_of "$RUNS" 3 "$LEGENDS --root $root run --rm --network none legends/busybox true")
p_net=$(median_of "$RUNS" 3 "$podman_run $podman_image true")
p_none=$(median_of "$RUNS" 3 "$podman_run --network none $podman_image true")
l_setup=$(awk -v a="$l_net" -v b="$l_none" 'BEGIN { d = a - b; printf "%.3f", (d < 0.001 ? 0.001 : d) }')
p_setup=$(awk -v a="$p_net" -v b="$p_none" 'BEGIN { d = a - b; printf "%.3f", (d < 0.001 ? 0.001 : d) }')
rate=$(awk -v s="$ipam" 'BEGIN { printf "%d", 1 / s }')

row "network: IPAM allocate+release ($rate/s)" "$ipam" "CNI host-local ADD+DEL" "$hostlocal" "$(ratio "$ipam" "$hostlocal")" ">= 5000/s"
row "network: pod network setup (run with - without)" "$l_setup" "podman (same difference)" "$p_setup" "$(ratio "$l_setup" "$p_setup")" "<= 1.0x"
