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
