#!/usr/bin/env bash
# Runs the domain-shift demo (examples/domain-shift.pipeline.json) and its ablation (examples/ablation.pipeline.json) for seeds 0-2 and writes
# bench/results/domain-shift.json: per evaluation row (as each eval stage declares it: name, scores) the value of every
# seed, the mean and the sample standard deviation, plus the wall time of each run and the machine's load.
# Not part of CI or ./test.sh: it trains 3 x (1 + 5) small models. Usage: bench/domain-shift.sh [seeds...] (default 0 1 2)
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=("$@")
[ ${#seeds[@]} -gt 0 ] || seeds=(0 1 2)
out=bench/results/domain-shift.json
work=runs/domain-shift
mkdir -p "$work"
./seco.sh --version >/dev/null    # builds once, outside the timings

for seed in "${seeds[@]}"; do
  for kind in demo ablation; do
    src=examples/domain-shift.pipeline.json
    [ "$kind" = ablation ] && src=examples/ablation.pipeline.json
    pipeline="$work/$kind-seed$seed.pipeline.json"
    jq --argjson seed "$seed" --arg ws "$kind-seed$seed" \
      '.seed = $seed | .workspace = $ws | ."$schema" = "../../pipeline.schema.json"' "$src" > "$pipeline"
    start=$(date +%s)
    ./seco.sh run "$pipeline"
    end=$(date +%s)
    jq -n --arg kind "$kind" --argjson seed "$seed" --argjson seconds $((end - start)) --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" \
      '{kind: $kind, seed: $seed, seconds: $seconds, loadAverage: $load}' > "$work/$kind-seed$seed.time.json"
  done
done

python3 - "$work" "$out" "${seeds[@]}" <<'PY'
import glob, json, os, statistics, sys, platform
work, out, seeds = sys.argv[1], sys.argv[2], [int(s) for s in sys.argv[3:]]
rows = {}
for kind in ("demo", "ablation"):
    for seed in seeds:
        folder = os.path.join(work, f"{kind}-seed{seed}")
        for path in sorted(glob.glob(os.path.join(folder, "eval-*", "metrics.json"))):
            m = json.load(open(path))
            stage = os.path.basename(os.path.dirname(path)).rsplit("-", 1)[0]
            key = (kind, stage)
            row = rows.setdefault(key, {"pipeline": kind, "stage": stage, "name": m.get("name"), "scores": m.get("scores"), "seeds": {}})
            row["seeds"][seed] = {k: m.get(k) for k in ("mIoU", "labelledMIoU", "coverage")}
def summary(row, metric):
    values = [row["seeds"][s][metric] for s in seeds if s in row["seeds"] and row["seeds"][s][metric] is not None]
    if not values:
        return None
    return {"mean": statistics.fmean(values), "sd": statistics.stdev(values) if len(values) > 1 else 0.0, "values": values}
result = {
    "what": "bench/domain-shift.sh: examples/domain-shift.pipeline.json (demo) and examples/ablation.pipeline.json per seed; values in percent",
    "seeds": seeds,
    "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
    "runs": [json.load(open(p)) for p in sorted(glob.glob(os.path.join(work, "*.time.json")))],
    "rows": [dict(pipeline=r["pipeline"], stage=r["stage"], name=r["name"], scores=r["scores"],
                  **{m: summary(r, m) for m in ("mIoU", "labelledMIoU", "coverage")}) for r in rows.values()],
}
tmp = out + ".tmp"
with open(tmp, "w") as f:
    json.dump(result, f, indent=2)
    f.write("\n")
os.replace(tmp, out)
for r in result["rows"]:
    m = r["mIoU"]
    print(f'{r["pipeline"]:9} {r["stage"]:22} {m["mean"]:6.2f} ± {m["sd"]:5.2f}  {r["name"]}')
PY
