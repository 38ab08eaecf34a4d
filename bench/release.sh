#!/usr/bin/env bash
# Release switch times, under bounded load on 127.0.0.1 (issue 10's benchmark):
#   blue/green: from the first answer of the new version to the last answer of the old one
#               after the switch (target <= 50 ms); peer: nginx switching its upstream by reload
#   abort:      from the abort request to the last answer of the canary (target <= 1 s);
#               peer: the same nginx reload, timed from the reload command
# Apps are busybox httpd pods answering their version; nginx's backends are busybox httpd on the host.
source "$(dirname "$0")/lib.sh"
root=$(mktemp -d /tmp/legends-bench.XXXXXX)
work=$(mktemp -d /tmp/legends-bench-work.XXXXXX)
port=$((20000 + RANDOM % 10000)); nport=$((port + 1)); pa=$((port + 2)); pb=$((port + 3))
daemon=; loaders=(); hpids=()

cleanup() {
  for p in "${loaders[@]}" "${hpids[@]}"; do kill "$p" 2>/dev/null || true; done
  [[ -f "$work/nginx.pid" ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  if [[ -n "$daemon" ]]; then
    "$LEGENDS" --root "$root" app rm web >/dev/null 2>&1 || true
    "$LEGENDS" --root "$root" gateway stop >/dev/null 2>&1 || true
    kill "$daemon" 2>/dev/null || true; wait "$daemon" 2>/dev/null || true
  fi
  grep -o " $root/[^ ]*" /proc/self/mountinfo | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  rm -rf "$root" "$root.out" "$work"
}
trap cleanup EXIT
lg() { "$LEGENDS" --root "$root" "$@"; }

# load URL HOST SECONDS FILE: two clients, each line "epoch-seconds answer"; bounded in time and count
load() {
  for c in 1 2; do
    (
      end=$((SECONDS + $3))
      for ((i = 0; i < 20000 && SECONDS < end; i++)); do
        a=$(curl -s -m 1 -H "Host: $2" "$1" 2>/dev/null || echo fail); echo "$EPOCHREALTIME $a"
      done > "$4.$c"
    ) &
    loaders+=($!)
  done
}
wait_load() { for p in "${loaders[@]}"; do wait "$p" 2>/dev/null || true; done; loaders=(); sort -n "$1".* > "$1"; }
# first time an answer matched $2, and last time one matched $3 at or after $4 (seconds, decimals)
first_of() { awk -v v="$2" '$2 == v { print $1; exit }' "$1"; }
last_of_after() { awk -v v="$2" -v t="$3" '$2 == v && $1 >= t { l = $1 } END { print (l == "" ? t : l) }' "$1"; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { d = b - a; if (d < 0) d = 0; printf "%.3f", d }'; }

"$LEGENDS" version >/dev/null 2>&1 || true
"$LEGENDS" --root "$root" daemon --gateway-listen "127.0.0.1:$port" >"$root.out" 2>&1 &
daemon=$!
for _ in $(seq 200); do grep -q serving "$root.out" 2>/dev/null && break; sleep 0.1; done
lg image bootstrap >/dev/null 2>&1
for v in v1 v2; do
  mkdir -p "$work/$v"
  printf 'FROM legends/busybox\nENV VERSION=%s\nCMD ["sh", "-c", "mkdir -p /www && echo $VERSION > /www/index.html && exec httpd -f -p 8080 -h /www"]\n' "$v" > "$work/$v/Dockerfile"
  lg build -q -t "bench/web:$v" "$work/$v" >/dev/null
done
app() { # app STRATEGY_YAML
  cat > "$work/app.yaml" <<YAML
apiVersion: legends.dev/v1
kind: App
metadata: {name: web}
spec:
  image: bench/web:v1
  replicas: 2
  ports: [{containerPort: 8080}]
  readinessProbe: {httpGet: {path: /index.html, port: 8080}, periodSeconds: 1}
  route: {host: web.bench, path: /, port: 8080}
  strategy: $1
YAML
  lg apply -f "$work/app.yaml" >/dev/null
  for _ in $(seq 60); do lg app get web -o json | grep -q '"ready" *: *2' && break; sleep 0.5; done
}
url="http://127.0.0.1:$port/"

# blue/green, promoted automatically once green is ready
app '{blueGreen: {autoPromotionEnabled: true, scaleDownDelaySeconds: 5}}'
load "$url" web.bench 25 "$work/bg"
sleep 2
lg release start web --image bench/web:v2 >/dev/null
wait_load "$work/bg"
t_new=$(first_of "$work/bg" v2); t_old=$(last_of_after "$work/bg" v1 "$t_new")
bg=$(secs "$t_new" "$t_old")
lg app rm web >/dev/null; sleep 1

# canary held at 50%, then aborted through the API (the CLI's own start-up is not the switch)
app '{canary: {abortScaleDownDelaySeconds: 5, steps: [{setWeight: 50}, {pause: {}}]}}'
load "$url" web.bench 20 "$work/ab"
sleep 2
lg release start web --image bench/web:v2 >/dev/null
for _ in $(seq 100); do lg release status web -o json | grep -q '"phase" *: *"PAUSED"' && break; sleep 0.2; done
sleep 2
t_abort=$EPOCHREALTIME
curl -s --unix-socket "$root/run/legends.sock" -X POST http://legends/v1/releases/web/abort >/dev/null
wait_load "$work/ab"
abort=$(secs "$t_abort" "$(last_of_after "$work/ab" v2 "$t_abort")")

# the peer: nginx in front of two host httpds, switched by rewriting its upstream and reloading
for v in v1 v2; do mkdir -p "$work/www-$v"; echo "$v" > "$work/www-$v/index.html"; done
busybox httpd -f -p "127.0.0.1:$pa" -h "$work/www-v1" & hpids+=($!)
busybox httpd -f -p "127.0.0.1:$pb" -h "$work/www-v2" & hpids+=($!)
nginx_conf() {
  cat > "$work/nginx.conf" <<NGINX
pid $work/nginx.pid; error_log $work/nginx.err; worker_processes 1; daemon on;
events { worker_connections 1024; }
http { access_log off; upstream app { server 127.0.0.1:$1; keepalive 16; }
  server { listen 127.0.0.1:$nport; location / { proxy_pass http://app; proxy_http_version 1.1; proxy_set_header Connection ""; } } }
NGINX
}
nginx_conf "$pa"; nginx -c "$work/nginx.conf" -p "$work" 2>/dev/null
nurl="http://127.0.0.1:$nport/index.html"
load "$nurl" web.bench 8 "$work/ng"
sleep 3
nginx_conf "$pb"; t_reload=$EPOCHREALTIME; nginx -c "$work/nginx.conf" -p "$work" -s reload 2>/dev/null
wait_load "$work/ng"
n_new=$(first_of "$work/ng" v2); n_old=$(last_of_after "$work/ng" v1 "$n_new")
ng_switch=$(secs "$n_new" "$n_old"); ng_abort=$(secs "$t_reload" "$(last_of_after "$work/ng" v1 "$t_reload")")
for f in bg ab ng; do echo "release bench: $f answers: $(awk '{print $2}' "$work/$f" | sort | uniq -c | tr -s ' ' | tr '\n' ',')" >&2; done
fails=$(cat "$work"/bg "$work"/ab | grep -c " fail$" || true)

row "release: blue/green switch (old after first new)" "$bg" "nginx upstream reload" "$ng_switch" "$(ratio "$bg" "$(awk -v n="$ng_switch" 'BEGIN{print (n > 0.001 ? n : 0.001)}')")" "<= 0.050 s"
row "release: abort -> all stable ($fails failed requests)" "$abort" "nginx reload -> all on the new upstream" "$ng_abort" "$(ratio "$abort" "$(awk -v n="$ng_abort" 'BEGIN{print (n > 0.001 ? n : 0.001)}')")" "<= 1 s"
