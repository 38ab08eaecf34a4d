#!/usr/bin/env bash
# The gateway's data plane against nginx (issue 8): wrk through Legends' gateway and through nginx,
# both proxying with upstream keep-alive to the same backend process (a separate nginx answering a
# small fixed body), in one run. For comparable CPU both proxies are pinned to the same single CPU
# (the gateway with one event loop, nginx with one worker) while wrk and the backend share the
# other. Each proxy is warmed up until its throughput stops growing (the JVM needs its JIT; nginx
# is measured the same way), then measured three times; the median run counts.
# Targets: throughput >= 0.8x nginx, p99 latency <= 1.5x nginx; with 100% mirroring (to a second
# backend), throughput >= 0.6x of no mirroring.
# Usage: bench/gateway.sh [SECONDS] [CONNECTIONS]   (wrk and nginx-light; GATEWAY_CP="-cp ..." to
# run the gateway from another classpath than the launcher's build, GATEWAY_JAVA_OPTS for its JVM:
# the default is the supervisor's, Serial GC, which gave the best p99 on one pinned CPU)
source "$(dirname "$0")/lib.sh"
secs="${1:-5}"
conns="${2:-50}"
work="$(mktemp -d /tmp/legends-gateway-bench.XXXXXX)"
pick_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
bport=$(pick_port); sport=$(pick_port); nport=$(pick_port); gport=$(pick_port)
# One CPU for the proxy under test; wrk and the backend get the others (on 2 CPUs they share one, and
# wrk may then be the bottleneck, which pulls both ratios towards 1: read them with that in mind).
cpus=$(nproc)
if [[ $cpus -ge 4 ]]; then proxy_cpu=(taskset -c 1); load_cpu=(taskset -c 2); backend_cpu=(taskset -c 3)
elif [[ $cpus -ge 2 ]]; then proxy_cpu=(taskset -c 1); load_cpu=(taskset -c 0); backend_cpu=(taskset -c 0)
else proxy_cpu=(); load_cpu=(); backend_cpu=(); fi

cleanup() {
  [[ -n "${GW_PID:-}" ]] && kill "$GW_PID" 2>/dev/null && wait "$GW_PID" 2>/dev/null || true
  for p in backend proxy; do
    [[ -f "$work/$p.pid" ]] && kill "$(cat "$work/$p.pid")" 2>/dev/null || true
  done
  sleep 0.2
  rm -rf "$work"
}
trap cleanup EXIT

nginx_conf() { # NAME SERVER-BLOCKS
  cat > "$work/$1.conf" <<CONF
worker_processes 1;
pid $work/$1.pid;
error_log $work/$1.err warn;
events { worker_connections 4096; }
http {
  access_log off;
  default_type text/plain;
  keepalive_requests 1000000;
  $2
}
CONF
}
nginx_conf backend "server { listen 127.0.0.1:$bport; location / { return 200 'hello from the backend\n'; } }
  server { listen 127.0.0.1:$sport; location / { return 200 'hello from the shadow\n'; } }"
nginx_conf proxy "upstream backend { server 127.0.0.1:$bport; keepalive 64; }
  server { listen 127.0.0.1:$nport; location / { proxy_pass http://backend; proxy_http_version 1.1;
    proxy_set_header Connection \"\"; proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for; } }"
"${backend_cpu[@]}" nginx -p "$work" -c "$work/backend.conf"
"${proxy_cpu[@]}" nginx -p "$work" -c "$work/proxy.conf"

route() { # MIRROR-PERMILLE
  cat <<JSON
{"name":"bench","hosts":[],"pathPrefix":"/","versions":[
  {"name":"stable","endpoints":["127.0.0.1:$bport"],"weight":1000},
  {"name":"shadow","endpoints":["127.0.0.1:$sport"],"weight":0}],
 "mirror":{"version":"shadow","permille":$1,"compare":false}}
JSON
}
echo "{\"listeners\":[{\"name\":\"http\",\"host\":\"127.0.0.1\",\"port\":$gport}],\"routes\":[$(route 0)]}" > "$work/gateway.json"
if [[ -z "${GATEWAY_CP:-}" ]]; then
  "$LEGENDS" version >/dev/null 2>&1 || true   # builds the tree and writes cli/target/classpath
  GATEWAY_CP="@$REPO/cli/target/classpath"
fi
java_bin="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
# shellcheck disable=SC2086
# shellcheck disable=SC2086
"${proxy_cpu[@]}" "$java_bin" --enable-native-access=ALL-UNNAMED ${GATEWAY_JAVA_OPTS:--Xms256m -Xmx512m -XX:+UseSerialGC -Xmn128m} $GATEWAY_CP \
  dev.legends.gateway.engine.GatewayMain --threads 1 --config "$work/gateway.json" --admin "$work/gateway.sock" >"$work/gateway.out" 2>&1 &
GW_PID=$!
for _ in $(seq 150); do grep -q serving "$work/gateway.out" 2>/dev/null && break; sleep 0.1; done
grep -q serving "$work/gateway.out" || { echo "gateway did not start: $(cat "$work/gateway.out")" >&2; exit 1; }
for port in $nport $gport; do
  curl -sf "http://127.0.0.1:$port/" | grep -q "hello from the backend" || { echo "proxy on $port does not answer" >&2; exit 1; }
done

# run_wrk PORT SECONDS -> "RPS P99_MS"
run_wrk() {
  "${load_cpu[@]}" wrk -t1 -c"$conns" -d"$2"s --latency "http://127.0.0.1:$1/" | awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec:/ { rps = $2 }
    $1 == "99%" { p99 = ms($2) }
    / Non-2xx or 3xx responses:/ { bad = $NF }
    /Socket errors:/ { bad = bad "+" $0 }
    END { if (bad != "") print "wrk errors: " bad > "/dev/stderr"; printf "%.0f %.3f\n", rps, p99 }'
}
# warm_up PORT: 3 s rounds, at least 24 s (C2 takes ~20 s on a busy 2-core host), then until
# throughput stops growing, at most 60 s
warm_up() {
  local last=0 rps _ i
  for i in $(seq 20); do
    read -r rps _ < <(run_wrk "$1" 3)
    [[ $i -ge 8 ]] && awk -v a="$rps" -v b="$last" 'BEGIN { exit !(a < b * 1.05) }' && return 0
    last=$rps
  done
}
# median3 PORT: the run with the median throughput of three (its p99 with it), to ride out a noisy host
median3() {
  for _ in 1 2 3; do run_wrk "$1" "$secs"; done | sort -n | sed -n 2p
}
warm_up "$gport"
warm_up "$nport"
read -r n_rps n_p99 < <(median3 "$nport")
read -r g_rps g_p99 < <(median3 "$gport")
curl -sf --unix-socket "$work/gateway.sock" -X PUT "http://gateway/routes/bench" --data-binary "$(route 1000)" >/dev/null
warm_up "$gport"
read -r m_rps m_p99 < <(median3 "$gport")
sent=$(curl -sf --unix-socket "$work/gateway.sock" "http://gateway/metrics/bench" | python3 -c 'import json,sys; m=json.load(sys.stdin)["mirror"]; print(m["sent"], m["skipped"])')

row "gateway: req/s, $conns conns" "$g_rps" "nginx, 1 worker" "$n_rps" "$(ratio "$g_rps" "$n_rps")" ">= 0.8"
row "gateway: p99 ms, $conns conns" "$g_p99" "nginx, 1 worker" "$n_p99" "$(ratio "$g_p99" "$n_p99")" "<= 1.5"
row "gateway: req/s, 100% mirror (sent/skipped $sent)" "$m_rps" "gateway, no mirror" "$g_rps" "$(ratio "$m_rps" "$g_rps")" ">= 0.6"
