#!/usr/bin/env bash
# The one prepared device script (issue 23). On the GPU machine (PyTorch with CUDA, nvcc, CMake, ninja; no .NET, no
# network), from the repository root, with artifacts/gpu-pack/seco-gpu.tar.xz carried (bench/gpu/pack.sh makes it):
#
#   bench/gpu/run.sh                   unpack seco (self-contained, .NET inside) and the TorchSharp sources, build the
#                                      LibTorchSharp shim against the machine's PyTorch, `seco doctor`, then the same
#                                      seeded pipeline with device cpu and device cuda, compared stage by stage
#   bench/gpu/run.sh --cpu-only        the same path on a machine without a GPU: the shim step is replaced by the
#                                      bundled CPU libtorch laid out as a PyTorch install (from artifacts/seco), and the
#                                      pipeline runs twice on the CPU (the comparison must then find no difference)
#
# Options: --work DIR (default /tmp/seco-gpu), --out FILE (default bench/results/gpu-<UTC date>.json; --cpu-only:
# DIR/result.json), --torch DIR (default: the folder of `python3 -c 'import torch'`), --quick (smaller pipeline).
# Every step prints its wall time; the JSON result holds the doctor report, the shim build time and per stage:
# label-map pixels that differ, the largest difference among the numbers of the stage's JSON files, seconds per device.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work=/tmp/seco-gpu
out=""
torch_dir=""
cpu_only=0
quick=0
while [ $# -gt 0 ]; do
    case "$1" in
        --cpu-only) cpu_only=1; shift ;;
        --quick) quick=1; shift ;;
        --work|--out|--torch)
            [ $# -ge 2 ] || { echo "run.sh: $1 needs a value." >&2; exit 2; }
            case "$1" in --work) work="$2" ;; --out) out="$2" ;; --torch) torch_dir="$2" ;; esac
            shift 2 ;;
        -h|--help) sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "run.sh: unknown argument '$1'." >&2; exit 2 ;;
    esac
done

pack="$root/artifacts/gpu-pack/seco-gpu.tar.xz"
[ -f "$pack" ] || { echo "run.sh: no $pack (make it with bench/gpu/pack.sh and carry it)." >&2; exit 2; }
if [ -z "$out" ]; then
    if [ "$cpu_only" = 1 ]; then out="$work/result.json"; else out="$root/bench/results/gpu-$(date -u +%Y-%m-%d).json"; fi
fi

step_start=0
step() { step_start=$(date +%s.%N); echo "== $1"; }
step_done() { echo "   $(awk -v a="$step_start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s"; }
seconds_since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

step "unpack $pack into $work"
rm -rf "$work" && mkdir -p "$work"
tar -C "$work" -xJf "$pack"
seco="$work/seco/seco"
[ -x "$seco" ] || { echo "run.sh: the pack has no seco/seco." >&2; exit 1; }
step_done

shim_seconds=null
if [ "$cpu_only" = 1 ]; then
    step "lay out the bundled CPU libtorch as a PyTorch install (no GPU: the shim is the bundled one)"
    torch_dir="$work/site-packages/torch"
    mkdir -p "$torch_dir/lib"
    for f in libc10.so libtorch.so libtorch_cpu.so libgomp-98b21ff3.so.1 libLibTorchSharp.so; do
        ln "$root/artifacts/seco/$f" "$torch_dir/lib/$f" 2>/dev/null || cp "$root/artifacts/seco/$f" "$torch_dir/lib/$f"
    done
    echo "__version__ = '2.10.0+cpu'" > "$torch_dir/version.py"
    shim_dir="$torch_dir/lib"
    printf '{"torchSharp": "0.107.0", "libtorch": "2.10.0+cpu", "source": "TorchSharp-cpu 0.107.0 NuGet package (run.sh --cpu-only)"}\n' \
        > "$shim_dir/LibTorchSharp.build.json"
    devices=(cpu cpu)
    names=(cpu cpu-again)
    step_done
else
    if [ -z "$torch_dir" ]; then
        torch_dir="$(python3 -c 'import os, torch; print(os.path.dirname(torch.__file__))')"
    fi
    step "build LibTorchSharp against $torch_dir"
    shim_dir="$work/shim"
    t0=$(date +%s.%N)
    if ! "$root/build/libtorchsharp.sh" --torch "$torch_dir" --source "$work/torchsharp-src/v0.107.0" \
        --build-dir "$work/shim-build" --out "$shim_dir" --jobs "$(nproc)"; then
        [ -n "${OUT:-}" ] && [ -f "$work/shim-build/build.log" ] && cp "$work/shim-build/build.log" "$OUT/shim-build.log"
        exit 1
    fi
    shim_seconds="$(seconds_since "$t0")"
    devices=(cpu cuda)
    names=(cpu cuda)
    step_done
fi

export SECO_LIBTORCH="$torch_dir" SECO_LIBTORCHSHARP="$shim_dir"
# The device machine may have no ICU; seco needs no culture data.
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1

step "seco doctor"
"$seco" doctor | tee "$work/doctor.txt"
step_done

# The chain of the demo pipeline with SAM in PSA (the shipped tiny_rand SAM weights, the golden low-threshold AMG),
# SCC and UniMatch at demo scale, seeded: what the CPU computes, CUDA must compute too.
count=8; width=512; height=256; scc_iterations=60; adapt_iterations=20
if [ "$quick" = 1 ]; then count=2; width=256; height=128; scc_iterations=4; adapt_iterations=2; fi
weights="$work/weights"
write_pipeline() {
    cat > "$1" <<JSON
{ "name": "gpu-check", "device": "$2", "seed": 0, "taxonomy": "cityscapes19", "workspace": "$3",
  "stages": [
    { "id": "source", "use": "sources.synthetic", "with": { "count": $count, "width": $width, "height": $height } },
    { "id": "psa", "use": "psa.sam", "in": { "images": "source.images", "labels": "source.labels" },
      "with": { "checkpoint": "$weights/tiny_rand_sam.safetensors", "variant": "tiny_rand",
                "variantConfig": "$weights/config.json",
                "maskGenerator": { "pointsPerSide": 16, "predIouThresh": 0.03, "stabilityScoreThresh": 0.1, "stabilityScoreOffset": 0.02 } } },
    { "id": "scc", "use": "scc", "in": { "images": "source.images", "labels": "psa.labels" },
      "with": { "depth": 18, "baseChannels": 8, "patchHeight": 32, "patchWidth": 64, "batchSize": 8,
                "iterations": $scc_iterations, "learningRate": 0.05, "noiseRatio": 0.7, "keepNoisyLabel": true } },
    { "id": "split", "use": "split", "in": { "images": "source.images", "labels": "scc.labels" },
      "with": { "rule": "survivingFraction", "fraction": 0.5 } },
    { "id": "adapt", "use": "adapt.unimatch", "in": { "images": "source.images", "labels": "scc.labels", "split": "split.split" },
      "with": { "backbone": "tiny", "cropSize": 129, "batchSize": 1, "iterations": $adapt_iterations, "learningRate": 0.01,
                "learningRateMultiplier": 10, "ohemMinKept": 20000 } },
    { "id": "eval-psa", "use": "eval.miou", "in": { "images": "source.images", "labels": "psa.labels" } },
    { "id": "eval-scc", "use": "eval.miou", "in": { "images": "source.images", "labels": "scc.labels" } }
  ] }
JSON
}

for i in 0 1; do
    step "pipeline on ${devices[$i]} (${names[$i]})"
    write_pipeline "$work/${names[$i]}.pipeline.json" "${devices[$i]}" "runs-${names[$i]}"
    "$seco" run "$work/${names[$i]}.pipeline.json"
    step_done
done

step "compare ${names[0]} with ${names[1]} -> $out"
mkdir -p "$(dirname "$out")"
python3 - "$work/doctor.txt" "$shim_seconds" "$work/extra.json" <<'PY'
import json, sys
doctor, shim_seconds, target = sys.argv[1], sys.argv[2], sys.argv[3]
json.dump({"doctor": open(doctor).read().splitlines(),
           "shimBuildSeconds": None if shim_seconds == "null" else float(shim_seconds)}, open(target, "w"))
PY
python3 "$root/bench/gpu/compare.py" --a "$work/runs-${names[0]}" --b "$work/runs-${names[1]}" \
    --a-name "${names[0]}" --b-name "${names[1]}" --extra "$work/extra.json" --out "$out"
step_done
# On the device machine only what lands in $OUT comes back: the result, the doctor report, the shim's build log.
if [ -n "${OUT:-}" ] && [ -d "$OUT" ]; then
    cp "$out" "$work/doctor.txt" "$OUT/"
    [ -f "$work/shim-build/build.log" ] && cp "$work/shim-build/build.log" "$OUT/shim-build.log"
fi
echo "result: $out"
