#!/usr/bin/env bash
# Measures PSA (Felzenszwalb proposer, the demo pipeline's PSA) on this machine: 1 process with 2 threads versus
# 2 shard processes (seco run --only psa --shard i/2) with 1 thread each, plus the merge (seco run --only psa).
# Both are measured in one sitting, alternating, REPS times each; prints every time, the medians and the load.
# Also prints the CPU seconds (user + system) the processes used, which the load of other jobs does not change much.
#   bench/scale-out/psa-shards.sh [IMAGES=8] [REPS=3] [WIDTH=512] [HEIGHT=256]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
seco="$root/artifacts/seco/seco"
images="${1:-8}"
reps="${2:-3}"
width="${3:-512}"
height="${4:-256}"
work="$(mktemp -d /tmp/seco-psa-shards-XXXXXX)"
trap 'rm -rf "$work"' EXIT
cat > "$work/pipeline.json" <<JSON
{
  "name": "psa-shards",
  "seed": 0,
  "taxonomy": "cityscapes19",
  "workspace": "ws",
  "stages": [
    { "id": "source", "use": "sources.synthetic", "with": { "count": $images, "width": $width, "height": $height } },
    { "id": "psa", "use": "psa.sam", "in": { "images": "source.images", "labels": "source.labels" },
      "with": { "proposer": "felzenszwalb", "variant": "felzenszwalb" } }
  ]
}
JSON
cd "$work"
"$seco" run pipeline.json --only source >/dev/null 2>&1
now() { date +%s.%N; }
# Runs seco with /usr/bin/time, appending "user+system" CPU seconds to $work/cpu.
cpu_run() { /usr/bin/time -a -o "$work/cpu" -f "%U %S" "$seco" "$@" >/dev/null 2>&1; }
cpu_sum() { awk '{s += $1 + $2} END {printf "%.1f", s}' "$work/cpu"; rm -f "$work/cpu"; }
clear_psa() { rm -rf ws/psa-*; }
one=(); two=(); merge=(); cpu_one=(); cpu_two=()
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for rep in $(seq "$reps"); do
  clear_psa
  t0=$(now)
  OMP_NUM_THREADS=2 cpu_run run pipeline.json --only psa
  t1=$(now)
  one+=("$(echo "$t1 - $t0" | bc)")
  cpu_one+=("$(cpu_sum)")
  clear_psa
  t0=$(now)
  OMP_NUM_THREADS=1 cpu_run run pipeline.json --only psa --shard 0/2 &
  p0=$!
  OMP_NUM_THREADS=1 cpu_run run pipeline.json --only psa --shard 1/2 &
  p1=$!
  wait "$p0" "$p1"
  t1=$(now)
  cpu_two+=("$(cpu_sum)")
  OMP_NUM_THREADS=1 "$seco" run pipeline.json --only psa >/dev/null 2>&1
  t2=$(now)
  two+=("$(echo "$t1 - $t0" | bc)")
  merge+=("$(echo "$t2 - $t1" | bc)")
  echo "rep $rep: 1 process x 2 threads ${one[-1]} s (CPU ${cpu_one[-1]} s); 2 shards x 1 thread ${two[-1]} s (CPU ${cpu_two[-1]} s) + merge ${merge[-1]} s; load $(cut -d' ' -f1-3 /proc/loadavg)"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
m1=$(median "${one[@]}"); m2=$(median "${two[@]}"); mm=$(median "${merge[@]}")
echo "images: $images (${width}x${height}), reps: $reps"
echo "median 1 process x 2 threads: $m1 s"
echo "median 2 shards x 1 thread:   $m2 s (+ merge $mm s)"
echo "speed-up shards only: $(echo "scale=2; $m1 / $m2" | bc)x; with merge: $(echo "scale=2; $m1 / ($m2 + $mm)" | bc)x"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
