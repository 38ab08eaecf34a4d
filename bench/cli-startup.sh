#!/usr/bin/env bash
# CLI start-up: `legends version` and `legends events` (both ask the daemon) against `podman version`:
# through the native client (the daemon runs the command), and in the JVM CLI (LEGENDS_JVM=1, as
# when no daemon answers or the command needs the client's terminal).
# Target (issue 2): median wall time <= 0.35 s for a command that talks to the daemon.
source "$(dirname "$0")/lib.sh"
root=$(mktemp -d /tmp/legends-bench.XXXXXX)
"$LEGENDS" version >/dev/null 2>&1 || true   # build and train the AOT cache first
"$LEGENDS" --root "$root" daemon >"$root.out" 2>&1 &
daemon=$!
trap 'kill $daemon 2>/dev/null || true; wait $daemon 2>/dev/null || true; rm -rf "$root" "$root.out"' EXIT
for _ in $(seq 100); do grep -q serving "$root.out" 2>/dev/null && break; sleep 0.1; done

peer=$(median_of 20 3 "podman --runtime runc version")
for cmd in version events; do
  t=$(median_of 20 3 "$LEGENDS --root $root $cmd")
  row "cli: legends $cmd" "$t" "podman version" "$peer" "$(ratio "$t" "$peer")" "<= 0.35 s"
done
t=$(median_of 20 3 "env LEGENDS_JVM=1 $LEGENDS --root $root version")
row "cli: legends version (JVM CLI)" "$t" "podman version" "$peer" "$(ratio "$t" "$peer")" "<= 0.35 s"
