#!/usr/bin/env bash
# Issue 22's contention check in one sitting: times `./seco.sh run` of a pipeline (default ./pipeline.json, every
# stage forced, each run in a fresh workspace) once quiet and once with one plain busy loop per core
# (`sh -c 'while :; do :; done'`) running beside it, and writes bench/results/busy-cpu.json: both wall times, their
# ratio (the issue asks for ≤ 3), the 1-minute load before each run, the per-stage seconds of each run (run.json),
# the thread count and the date. seco is built first (niced), so the timed runs never include a build.
#
#   bench/busy-cpu.sh                               the default pipeline
#   bench/busy-cpu.sh --pipeline my.json --out /tmp/busy.json --threads 2 --loops 2 --max-load 0.5 --gate-timeout 600
#   bench/busy-cpu.sh --seco /path/to/seco ...      an installed or already built seco instead of ./seco.sh (no build)
#
# The quiet run waits (up to --gate-timeout s) for the 1-minute load to fall below --max-load and records whether it
# did ("gate": "idle" or "timeout"), like bench/run-anchors. The busy loops are this script's children and are
# stopped by their process ids when the busy run ends (and on exit).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
pipeline="$root/pipeline.json"
out="$root/bench/results/busy-cpu.json"
loops="$(nproc)"
threads=""
max_load="0.5"
gate_timeout="600"
run_timeout="7200"
seco=""
while [ $# -gt 0 ]; do
  case "$1" in
    --pipeline) pipeline="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --loops) loops="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --max-load) max_load="$2"; shift 2 ;;
    --gate-timeout) gate_timeout="$2"; shift 2 ;;
    --run-timeout) run_timeout="$2"; shift 2 ;;
    --seco) seco="$2"; shift 2 ;;
    *) echo "Unknown option '$1'. Usage: bench/busy-cpu.sh [--pipeline FILE] [--out FILE] [--loops N] [--threads N] [--max-load L] [--gate-timeout S] [--run-timeout S] [--seco PATH]" >&2; exit 2 ;;
  esac
done
[ -f "$pipeline" ] || { echo "No pipeline file $pipeline." >&2; exit 2; }

work="$(mktemp -d /tmp/seco-busy-cpu.XXXXXX)"
busy_pids=()
stop_busy() {
  for pid in "${busy_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${busy_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  busy_pids=()
}
trap 'stop_busy; rm -rf "$work"' EXIT

load() { cut -d' ' -f1 /proc/loadavg; }

# Waits until the 1-minute load is below max_load; prints "idle" or "timeout".
gate() {
  local deadline=$((SECONDS + ${gate_timeout%.*}))
  while awk -v l="$(load)" -v m="$max_load" 'BEGIN { exit !(l >= m) }'; do
    if [ "$SECONDS" -ge "$deadline" ]; then echo timeout; return; fi
    sleep 10
  done
  echo idle
}

# One timed run in a fresh workspace, every stage forced; writes its wall seconds to $work/NAME.seconds and keeps
# its run.json as $work/NAME.run.json.
timed_run() {
  local name="$1" workspace="$work/$1" forces=() start end
  while IFS= read -r id; do forces+=(--force "$id"); done < <(python3 -c 'import json,sys; [print(s["id"]) for s in json.load(open(sys.argv[1]))["stages"]]' "$pipeline")
  start=$(date +%s.%N)
  SECO_SKIP_BUILD=1 timeout "$run_timeout" "${seco:-$root/seco.sh}" run "$pipeline" --set "workspace=$workspace" "${forces[@]}" ${threads:+--threads "$threads"} --quiet
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f\n", b - a }' > "$work/$name.seconds"
  cp "$workspace/run.json" "$work/$name.run.json"
}

if [ -z "$seco" ]; then
  echo "Building seco (niced) ..." >&2
  nice -n 19 "$root/seco.sh" validate "$pipeline" > /dev/null
fi

quiet_gate="$(gate)"
quiet_load="$(load)"
echo "quiet run: load $quiet_load ($quiet_gate)" >&2
timed_run quiet

for _ in $(seq "$loops"); do
  sh -c 'while :; do :; done' &
  busy_pids+=("$!")
done
sleep 5
busy_load="$(load)"
echo "busy run: $loops busy loop(s), load $busy_load" >&2
timed_run busy
stop_busy

mkdir -p "$(dirname "$out")"
python3 - "$root" "$work" "$out" "$pipeline" "$loops" "${threads:-default}" "$quiet_load" "$quiet_gate" "$busy_load" <<'EOF'
import datetime, json, os, socket, sys
root, work, out, pipeline, loops, threads, quiet_load, quiet_gate, busy_load = sys.argv[1:]
def run(name):
    summary = json.load(open(os.path.join(work, name + '.run.json')))
    return {'seconds': float(open(os.path.join(work, name + '.seconds')).read()),
            'runJsonSeconds': summary['durationSeconds'],
            'stages': {s['id']: round(s['durationSeconds'], 2) for s in summary['stages']}}
quiet, busy = run('quiet'), run('busy')
quiet.update(loadBefore=float(quiet_load), gate=quiet_gate)
busy.update(loadBefore=float(busy_load), busyLoops=int(loops))
result = {'pipeline': os.path.relpath(pipeline, root) if pipeline.startswith(root + os.sep) else pipeline,
          'threads': threads, 'cpus': os.cpu_count(), 'host': socket.gethostname(),
          'date': datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%MZ'),
          'quiet': quiet, 'busy': busy, 'ratio': round(busy['seconds'] / quiet['seconds'], 3)}
tmp = out + '.tmp'
with open(tmp, 'w') as f:
    json.dump(result, f, indent=1)
    f.write('\n')
os.replace(tmp, out)
print(f"quiet {quiet['seconds']:.1f} s (load {quiet['loadBefore']}), busy {busy['seconds']:.1f} s (load {busy['loadBefore']}), ratio {result['ratio']}")
EOF
