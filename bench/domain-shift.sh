#!/usr/bin/env bash
# Runs the domain-shift demo (examples/domain-shift.pipeline.json) and its ablation (examples/ablation.pipeline.json) for seeds 0-2 and writes
# bench/results/domain-shift.json: per evaluation row (as each eval stage declares it: name, scores) the value of every
# seed, the mean and the sample standard deviation, plus the wall time of each run and the machine's load.
# Per seed the demo runs first (its wall time is the demo's run time) and the ablation then runs in the same workspace,
# so the stage cache reuses the stages both share (same ids, same keys) and only the ablation's extra stages run.
# Not part of CI or ./test.sh: it trains 3 x (1 + 4) small models. Usage: bench/domain-shift.sh [seeds...] (default 0 1 2)
# BENCH_THREADS=N passes --threads N to every run (recorded in the results); BENCH_AGGREGATE_ONLY=1 skips the runs and
# only rebuilds the results file from the workspaces (e.g. after running one seed per process in parallel); BENCH_OUT=FILE
# writes the results elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=("$@")
[ ${#seeds[@]} -gt 0 ] || seeds=(0 1 2)
out=${BENCH_OUT:-bench/results/domain-shift.json}
work=runs/domain-shift
mkdir -p "$work"
./seco.sh --version >/dev/null    # builds once, outside the timings

threads=()
[ -n "${BENCH_THREADS:-}" ] && threads=(--threads "$BENCH_THREADS")
[ "${BENCH_AGGREGATE_ONLY:-}" = "1" ] && seeds_to_run=() || seeds_to_run=("${seeds[@]}")
for seed in "${seeds_to_run[@]}"; do
  for kind in demo ablation; do
    src=examples/domain-shift.pipeline.json
    [ "$kind" = ablation ] && src=examples/ablation.pipeline.json
    pipeline="$work/$kind-seed$seed.pipeline.json"
    jq --argjson seed "$seed" --arg ws "seed$seed" \
      '.seed = $seed | .workspace = $ws | ."$schema" = "../../pipeline.schema.json"' "$src" > "$pipeline"
    start=$(date +%s)
    ./seco.sh run "$pipeline" "${threads[@]}"
    end=$(date +%s)
    jq -n --arg kind "$kind" --argjson seed "$seed" --argjson seconds $((end - start)) --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" \
      --arg threads "${BENCH_THREADS:-default ($(nproc) CPUs)}" \
      '{kind: $kind, seed: $seed, seconds: $seconds, loadAverageAtEnd: $load, threads: $threads}' > "$work/$kind-seed$seed.time.json"
  done
done

python3 - "$work" "$out" "${seeds[@]}" <<'PY'
import glob, json, os, statistics, sys, platform
work, out, seeds = sys.argv[1], sys.argv[2], [int(s) for s in sys.argv[3:]]
rows = {}
for kind in ("demo", "ablation"):
    for seed in seeds:
        folder = os.path.join(work, f"seed{seed}")
        stages = [s["id"] for s in json.load(open(os.path.join(work, f"{kind}-seed{seed}.pipeline.json")))["stages"] if s["id"].startswith("eval-")]
        for stage in stages:
            # The stage folder is <id>-<key>; the newest one is this run's (an earlier setting leaves its own folder).
            paths = sorted(glob.glob(os.path.join(folder, glob.escape(stage) + "-" + "[0-9a-f]" * 12, "metrics.json")), key=os.path.getmtime)
            if not paths:
                continue
            m = json.load(open(paths[-1]))
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
def value(kind, stage, seed, metric="mIoU"):
    row = rows.get((kind, stage))
    return None if row is None or seed not in row["seeds"] else row["seeds"][seed][metric]
def classes_lost(seed):
    # Classes present in PSA's labels that lose more than half of their labelled pixels in SCC's labels.
    def pixels(stage):
        paths = sorted(glob.glob(os.path.join(work, f"seed{seed}", stage + "-" + "[0-9a-f]" * 12, "metrics.json")), key=os.path.getmtime)
        return {c["name"]: c.get("predictedPixels") or 0 for c in json.load(open(paths[-1]))["classes"]} if paths else {}
    psa, scc = pixels("eval-psa"), pixels("eval-scc")
    return [name for name, n in psa.items() if n > 0 and scc.get(name, 0) < n / 2]
def gate(name, differences, threshold):
    differences = [d for d in differences if d is not None]
    mean = statistics.fmean(differences) if differences else None
    return {"gate": name, "perSeed": differences, "mean": mean, "threshold": threshold,
            "holds": bool(differences) and len(differences) == len(seeds) and mean >= threshold and all(d > 0 for d in differences)}
gates = [
    gate("adapted - base >= 2.0 (target-val)", [None if value("demo", "eval-adapted", s) is None else value("demo", "eval-adapted", s) - value("demo", "eval-base", s) for s in seeds], 2.0),
    gate("adapted - source-only >= 5.0 (target-val)", [None if value("demo", "eval-adapted", s) is None else value("demo", "eval-adapted", s) - value("demo", "eval-source-only", s) for s in seeds], 5.0),
    gate("adapt from PSA+SCC - adapt from raw >= 1.5 (target-val)", [None if value("ablation", "eval-adapt-raw", s) is None else value("ablation", "eval-adapt-scc", s) - value("ablation", "eval-adapt-raw", s) for s in seeds], 1.5),
    gate("PSA mIoU - raw mIoU >= 3 (target-train, all pixels)", [value("demo", "eval-psa", s) - value("demo", "eval-raw", s) for s in seeds], 3.0),
    gate("PSA labelled mIoU - raw labelled mIoU >= -1", [value("demo", "eval-psa", s, "labelledMIoU") - value("demo", "eval-raw", s, "labelledMIoU") + 1 for s in seeds], 0.0),
    gate("SCC labelled mIoU - PSA labelled mIoU >= 1", [value("demo", "eval-scc", s, "labelledMIoU") - value("demo", "eval-psa", s, "labelledMIoU") for s in seeds], 1.0),
    gate("SCC coverage - 0.8 x PSA coverage >= 0", [value("demo", "eval-scc", s, "coverage") - 0.8 * value("demo", "eval-psa", s, "coverage") for s in seeds], 0.0),
]
gates[4]["note"] = "perSeed is (PSA - raw) + 1, so > 0 means the gate holds for that seed"
lost = {seed: classes_lost(seed) for seed in seeds}
gates.append({"gate": "no class present in PSA's labels loses more than half of its labelled pixels in SCC's", "perSeed": lost,
              "holds": all(not v for v in lost.values())})
result["gates"] = gates
tmp = out + ".tmp"
with open(tmp, "w") as f:
    json.dump(result, f, indent=2)
    f.write("\n")
os.replace(tmp, out)
for r in result["rows"]:
    m = r["mIoU"]
    print(f'{r["pipeline"]:9} {r["stage"]:22} {m["mean"]:6.2f} ± {m["sd"]:5.2f}  {r["name"]}')
for g in result["gates"]:
    print(("holds " if g["holds"] else "FAILS ") + g["gate"], g.get("mean"), g["perSeed"])
PY
