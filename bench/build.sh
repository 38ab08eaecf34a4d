#!/usr/bin/env bash
# Dockerfile builds: `legends build` (CLI to exit, through the daemon) against
# `podman --runtime runc build --network=none` on the same Dockerfiles, contexts and base image,
# cold (--no-cache: every step runs) and fully cached (nothing changed since the last build).
# Targets (issue 5): cold <= 1.0x podman, cached <= 0.5x podman.
# The base is legends/busybox from `legends image bootstrap`, saved as a docker-archive and loaded
# into podman, so both start from the same bytes. The three Dockerfiles are a typical app (COPY
# sources, RUN build steps, metadata), a two-stage build, and the seed's ADD of a tarball.
# Usage: bench/build.sh [RUNS]   (as root, with podman)
source "$(dirname "$0")/lib.sh"
runs="${1:-5}"
work="$(mktemp -d /var/tmp/legends-bench-build.XXXXXX)"
tag="bench/build"
podman=(podman --root "$work/podman" --runroot "$work/podman-run" --runtime runc)
# `legends daemon --root R`, not start_daemon's `legends --root R daemon`: the launcher picks the
# daemon's JVM flags only when `daemon` comes first, and the client's (C1 only) would slow hashing.
daemon_pid=""
start_build_daemon() {
  "$LEGENDS" version >/dev/null 2>&1 || true   # build and train the AOT cache first
  "$LEGENDS" daemon --root "$1" >"$1.out" 2>&1 &
  daemon_pid=$!
  for _ in $(seq 200); do grep -q serving "$1.out" 2>/dev/null && return 0; sleep 0.1; done
  echo "daemon did not start: $(cat "$1.out")" >&2; return 1
}
cleanup() {
  [[ -n "$daemon_pid" ]] && { kill "$daemon_pid" 2>/dev/null || true; wait "$daemon_pid" 2>/dev/null || true; }
  "${podman[@]}" system reset --force >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# The context: ~2000 small source files in a tree, a 16 MB library, a few configs, a 4 MB tarball.
ctx="$work/ctx"
mkdir -p "$ctx/conf" "$ctx/lib"
for d in $(seq 1 40); do
  mkdir -p "$ctx/src/pkg$d"
  for f in $(seq 1 50); do head -c 6000 /dev/urandom | base64 > "$ctx/src/pkg$d/File$f.java"; done
done
head -c $((16 * 1024 * 1024)) /dev/urandom > "$ctx/lib/app.jar"
for c in app logging db; do echo "$c.enabled=true" > "$ctx/conf/$c.properties"; done
mkdir -p "$work/payload/app" && head -c $((4 * 1024 * 1024)) /dev/urandom > "$work/payload/app/data.bin"
tar -czf "$ctx/app.tar.gz" -C "$work/payload" app
printf 'target/\n*.tmp\n' > "$ctx/.dockerignore"

cat > "$work/app.Dockerfile" <<'DF'
ARG BASE
FROM $BASE
LABEL org.example.team=platform
ENV APP_HOME=/opt/app JAVA_OPTS="-Xmx256m"
WORKDIR $APP_HOME
COPY lib/ lib/
COPY src/ src/
RUN find src -name '*.java' | sort > sources.txt && wc -l sources.txt && tar -czf classes.tgz src && rm -rf src
COPY conf/ /etc/app/
RUN sha256sum lib/app.jar > lib/app.jar.sha256 && mkdir -p /var/log/app && chown nobody /var/log/app
USER nobody
EXPOSE 8080
HEALTHCHECK --interval=10s CMD wget -q -O- http://127.0.0.1:8080/health || exit 1
ENTRYPOINT ["/bin/sh", "-c"]
CMD ["exec httpd -f -p 8080"]
DF
cat > "$work/multi.Dockerfile" <<'DF'
ARG BASE
FROM $BASE AS build
WORKDIR /build
COPY src/ src/
RUN tar -cf app.tar src && gzip -9 app.tar && ls -l app.tar.gz
FROM $BASE
COPY --from=build /build/app.tar.gz /opt/app/
RUN ls -l /opt/app
CMD ["sh"]
DF
cat > "$work/add.Dockerfile" <<'DF'
ARG BASE
FROM $BASE
ADD app.tar.gz /opt/
RUN du -sh /opt/app
DF

start_build_daemon "$work/root"
L="$LEGENDS --root $work/root"
$L image bootstrap >/dev/null 2>&1
$L image save --format docker-archive -o "$work/busybox.tar" legends/busybox
"${podman[@]}" load -q -i "$work/busybox.tar" >/dev/null
pbase=$("${podman[@]}" images --format '{{.Repository}}:{{.Tag}}' | grep '/legends/busybox:latest$' | head -1)

P="${podman[*]} build --network=none -q"
for df in app multi add; do
  f="$work/$df.Dockerfile"
  ours_cmd="$L build -q -t $tag/$df -f $f --build-arg BASE=legends/busybox $ctx"
  peer_cmd="$P -t $tag/$df -f $f --build-arg BASE=$pbase $ctx"
  peer=$(median_of "$runs" 1 "${peer_cmd/ -q / -q --no-cache }")
  ours=$(median_of "$runs" 1 "${ours_cmd/ -q / -q --no-cache }")
  row "build $df cold" "$ours" "podman build --no-cache" "$peer" "$(ratio "$ours" "$peer")" "<= 1.0x"
  peer=$(median_of "$runs" 1 "$peer_cmd")
  ours=$(median_of "$runs" 1 "$ours_cmd")
  row "build $df cached" "$ours" "podman build" "$peer" "$(ratio "$ours" "$peer")" "<= 0.5x"
done
