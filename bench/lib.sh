# Shared helpers for bench/*.sh. Each benchmark prints TSV rows:
#   name  legends_seconds  peer  peer_seconds  ratio  target
# and bench/run turns them into a table.
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCH_DIR/.." && pwd)"
LEGENDS="$REPO/legends"

# median_of RUNS WARMUP CMD: the median wall time in seconds of CMD (a shell string), via hyperfine.
median_of() {
  local runs=$1 warmup=$2 cmd=$3 csv
  csv=$(mktemp)
  hyperfine -N --style none --runs "$runs" --warmup "$warmup" --export-csv "$csv" "$cmd" >/dev/null 2>&1 \
    || hyperfine --style none --runs "$runs" --warmup "$warmup" --export-csv "$csv" "$cmd" >/dev/null
  awk -F, 'NR==2 {printf "%.3f\n", $4}' "$csv"
  rm -f "$csv"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

row() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@"; }

# median_prepared RUNS PREPARE CMD: like median_of, running PREPARE (untimed) before each run.
median_prepared() {
  local runs=$1 prep=$2 cmd=$3 csv
  csv=$(mktemp)
  hyperfine --style none --runs "$runs" --prepare "$prep" --export-csv "$csv" "$cmd" >/dev/null
  awk -F, 'NR==2 {printf "%.3f\n", $4}' "$csv"
  rm -f "$csv"
}

# start_daemon ROOT: a Legends daemon on its own root, stopped by stop_daemon (call it from a trap).
start_daemon() {
  "$LEGENDS" version >/dev/null 2>&1 || true   # build and train the AOT cache first
  "$LEGENDS" --root "$1" daemon >"$1.out" 2>&1 &
  DAEMON_PID=$!
  for _ in $(seq 200); do grep -q serving "$1.out" 2>/dev/null && return 0; sleep 0.1; done
  echo "daemon did not start: $(cat "$1.out")" >&2; return 1
}

stop_daemon() {
  [[ -n "${DAEMON_PID:-}" ]] && kill "$DAEMON_PID" 2>/dev/null || true
  [[ -n "${DAEMON_PID:-}" ]] && wait "$DAEMON_PID" 2>/dev/null || true
}
