#!/usr/bin/python3
# Times the REAL reference PSA (DZhaoXd/SeCo PSA/seco_sam.py main() + facebookresearch/segment-anything) on the
# input of our `anchors psa-vit-b` / `psa-tiny` rows (golden synth_000 and its noisy label, both x2 nearest ->
# 512x1024), with DetFill weights, and prints a markdown row in bench/Bench.Measurement's layout so the two rows can
# sit side by side. The reference sources are NOT part of this repository: pass the folder that holds them
# (`segment_anything/` and `PSA/`, see bench/reference/README.md) with --reference-src.
#
# Method (shared/anchors.md rows 4a/4b): one process per item, torch.set_num_threads(2), 1 warm-up + N timed runs,
# median (min-max) wall, process CPU time, peak RSS of the measured work (/proc/self/clear_refs "5" before, VmHWM
# after), 1-minute load average before the first timed run. A run is the reference main() on a one-line list: the
# model is built once outside the timed part and handed back by the registry (sam_model_registry[type] returns it),
# so a run is main()'s per-image loop body (read image + label, encode, AMG, stuff vote, purity, thing prompts,
# write the PNG) plus main()'s few constructor calls and the list file. The split comes from thin wrappers around the
# reference functions (values pass through unchanged).
#
#   /usr/bin/python3 bench/reference/psa_reference.py --reference-src /work/refsrc --model vit_b
#   /usr/bin/python3 bench/reference/psa_reference.py --reference-src /work/refsrc --model tiny --compare OURS.png
#   /usr/bin/python3 bench/reference/psa_reference.py --reference-src /work/refsrc --verify-detfill
#   /usr/bin/python3 bench/reference/psa_reference.py --reference-src /work/refsrc --golden tiny
import argparse
import json
import os
import shutil
import sys
import tempfile
import time

import golden_inputs
from golden_inputs import GOLDEN, detfill_state_dict, read_safetensors

PSA_DATA = os.path.join(GOLDEN, "psa", "data")
TINY_DIR = os.path.join(GOLDEN, "sam", "tiny")


def parse_args():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--reference-src", required=True, help="folder with segment_anything/ and PSA/ (reference code)")
    p.add_argument("--model", choices=["vit_b", "tiny", "tiny_rand_lowthr"], default="vit_b",
                   help="DetFill vit_b / tiny, or the shipped tiny_rand weights with the golden low-threshold AMG")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--warmups", type=int, default=1)
    p.add_argument("--scale", type=int, default=2, help="nearest-neighbour upscale of synth_000 (2 -> 512x1024)")
    p.add_argument("--compare", metavar="PNG", help="our label map for the same input (anchors psa-* --save): must match")
    p.add_argument("--keep", metavar="DIR", help="copy the reference's output label map here")
    p.add_argument("--verify-detfill", action="store_true", help="check DetFill against the golden files and exit")
    p.add_argument("--golden", choices=["tiny", "tiny_rand_lowthr", "vit_b"],
                   help="run main() like golden/psa/README.md and compare with its label maps, then exit")
    return p.parse_args()


ARGS = parse_args()
sys.path.insert(0, os.path.join(os.path.abspath(ARGS.reference_src), "PSA"))
sys.path.insert(0, os.path.abspath(ARGS.reference_src))

import numpy as np  # noqa: E402
import torch  # noqa: E402
from PIL import Image  # noqa: E402

torch.set_num_threads(2)

import seco_sam  # noqa: E402  (reference PSA/seco_sam.py)
import importlib  # noqa: E402

build_sam = importlib.import_module("segment_anything.build_sam")  # the module (the package exports a function of that name)

BUILDERS = dict(build_sam.sam_model_registry)  # the reference builders, before any replacement
REF_AMG = seco_sam.SamAutomaticMaskGenerator  # the reference class, before any override


# ---------------------------------------------------------------- models
def low_threshold_amg():
    """The AMG override recorded for the golden tiny_rand_lowthr run, applied where main() builds its AMG."""
    path = os.path.join(GOLDEN, "psa", "records", "tiny_rand_lowthr", "synth_000.json")
    override = json.load(open(path))["lowthr_override"]
    seco_sam.SamAutomaticMaskGenerator = lambda model: REF_AMG(model=model, **override)


def build_model(kind):
    if kind == "tiny_rand_lowthr":
        return BUILDERS["tiny"](checkpoint=os.path.join(GOLDEN, "sam", "tiny_rand", "tiny_rand_sam.pth")).eval()
    return build_detfill(kind)


def build_detfill(sam_type):
    return golden_inputs.build_detfill(BUILDERS[sam_type])


def verify_detfill():
    tiny = build_detfill("tiny").state_dict()
    golden = read_safetensors(os.path.join(TINY_DIR, "tiny_sam.safetensors"))
    assert sorted(tiny) == sorted(golden), "tiny keys differ from tiny_sam.safetensors"
    bad = [k for k in tiny if not np.array_equal(tiny[k].numpy().view(np.uint32), golden[k].view(np.uint32))]
    print(f"DetFill tiny: {len(tiny)} tensors, {len(tiny) - len(bad)} bit-identical to tiny_sam.safetensors")
    summary = json.load(open(os.path.join(GOLDEN, "sam", "detfill_vit_b_summary.json")))
    vitb = build_detfill("vit_b").state_dict()
    worst, mismatched = 0.0, []
    for row in summary:
        a = vitb[row["key"]].numpy()
        flat = a.reshape(-1)
        if list(a.shape) != row["shape"] or flat[:4].tolist() != row["first"] or float(flat[-1]) != row["last"]:
            mismatched.append(row["key"])
        for name, value in (("sum", flat.astype(np.float64).sum()), ("abs_sum", np.abs(flat.astype(np.float64)).sum())):
            worst = max(worst, abs(value - row[name]) / max(abs(row[name]), 1e-300))
    print(f"DetFill vit_b: {len(summary)} keys, first/last values exact for {len(summary) - len(mismatched)}, "
          f"worst relative sum diff {worst:.2e}")
    return not bad and not mismatched and worst < 1e-9 and len(summary) == len(vitb)


# ---------------------------------------------------------------- inputs
def upscale(array, k):
    return np.repeat(np.repeat(array, k, axis=0), k, axis=1)


def write_bench_input(root, scale):
    """synth_000 and its noisy label, xscale nearest neighbour, in the reference folder layout + a one-line list."""
    image = Image.open(os.path.join(PSA_DATA, "leftImg8bit", "train", "synth_000_leftImg8bit.png")).convert("RGB")
    label = Image.open(os.path.join(PSA_DATA, "psd_label", "train", "synth_000.png"))
    os.makedirs(os.path.join(root, "data", "leftImg8bit", "train"))
    os.makedirs(os.path.join(root, "data", "psd_label", "train"))
    os.makedirs(os.path.join(root, "splits", "bench"))
    Image.fromarray(upscale(np.array(image), scale)).save(
        os.path.join(root, "data", "leftImg8bit", "train", "synth_000_leftImg8bit.png"))
    big = Image.fromarray(upscale(np.array(label), scale))
    if label.mode == "P":
        big.putpalette(label.getpalette())
    big.save(os.path.join(root, "data", "psd_label", "train", "synth_000.png"))
    with open(os.path.join(root, "splits", "bench", "labeled.txt"), "w") as f:
        f.write("leftImg8bit/train/synth_000_leftImg8bit.png psd_label/train/synth_000.png\n")
    return os.path.join(root, "splits", "bench", "labeled.txt")


def run_main(list_path, root, sam_type, checkpoint):
    argv = sys.argv
    sys.argv = ["seco_sam.py", "--id-list-path", list_path, "--class-num", "19",
                "--root-path", os.path.join(root, "data") + "/", "--sam-checkpoint", checkpoint, "--sam-type", sam_type]
    try:
        seco_sam.main()
    finally:
        sys.argv = argv


# ---------------------------------------------------------------- split timers (wrappers pass values through)
class Split:
    def __init__(self):
        self.reset()
        self.in_amg = False

    def reset(self):
        self.t = dict(enc_pred=0.0, enc_amg=0.0, amg=0.0, purity=0.0, predict=0.0)
        self.predict_calls = 0
        self.marks = {}


SPLIT = Split()


def install_timers():
    predictor_cls = seco_sam.SamPredictor
    amg_cls = REF_AMG
    set_image, generate, predict = predictor_cls.set_image, amg_cls.generate, predictor_cls.predict
    purity_fn, pallete_fn = seco_sam.Calculate_purity, seco_sam.get_color_pallete

    def timed_set_image(self, *a, **k):
        t0 = time.perf_counter()
        r = set_image(self, *a, **k)
        SPLIT.t["enc_amg" if SPLIT.in_amg else "enc_pred"] += time.perf_counter() - t0
        return r

    def timed_generate(self, *a, **k):
        SPLIT.in_amg = True
        t0 = time.perf_counter()
        try:
            r = generate(self, *a, **k)
        finally:
            SPLIT.in_amg = False
        SPLIT.marks["amg_end"] = time.perf_counter()
        SPLIT.t["amg"] += SPLIT.marks["amg_end"] - t0
        return r

    def timed_predict(self, *a, **k):
        t0 = time.perf_counter()
        r = predict(self, *a, **k)
        SPLIT.t["predict"] += time.perf_counter() - t0
        SPLIT.predict_calls += 1
        return r

    def timed_purity(*a, **k):
        SPLIT.marks["purity_start"] = time.perf_counter()
        r = purity_fn(*a, **k)
        SPLIT.marks["purity_end"] = time.perf_counter()
        SPLIT.t["purity"] += SPLIT.marks["purity_end"] - SPLIT.marks["purity_start"]
        return r

    def timed_pallete(*a, **k):
        SPLIT.marks["things_end"] = time.perf_counter()
        return pallete_fn(*a, **k)

    predictor_cls.set_image = timed_set_image
    amg_cls.generate = timed_generate
    predictor_cls.predict = timed_predict
    seco_sam.Calculate_purity = timed_purity
    seco_sam.get_color_pallete = timed_pallete


def split_of_run(total):
    t, m = SPLIT.t, SPLIT.marks
    steps = {
        "encode (predictor)": t["enc_pred"],
        "encode (AMG)": t["enc_amg"],
        "amg without encode": t["amg"] - t["enc_amg"],
        "stuff vote": m["purity_start"] - m["amg_end"],   # main()'s loop over the AMG masks
        "purity": t["purity"],
        "thing prompts": m["things_end"] - m["purity_end"],  # components, contours, boxes, points, predict calls
        f"predict x{SPLIT.predict_calls}": t["predict"],
    }
    steps["other"] = total - sum(v for k, v in steps.items() if not k.startswith("predict x"))
    return steps


# ---------------------------------------------------------------- measurement
def vm_hwm_bytes():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return -1


def reset_peak():
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def median(values):
    s = sorted(values)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def read_label(path):
    return np.array(Image.open(path))


def benchmark():
    item = f"reference psa {ARGS.model} (x{ARGS.scale})"
    root = tempfile.mkdtemp(prefix="psa_reference_")
    try:
        list_path = write_bench_input(root, ARGS.scale)
        model = build_model(ARGS.model)
        if ARGS.model == "tiny_rand_lowthr":
            low_threshold_amg()
        checkpoint = os.path.join(root, "unused.pth")  # never read: the registry hands back the built model
        build_sam.sam_model_registry[ARGS.model] = lambda checkpoint=None: model
        seco_sam.sam_model_registry = build_sam.sam_model_registry
        install_timers()
        out_png = os.path.join(root, "data", "psd_label_sam_" + ARGS.model, "train", "synth_000.png")
        out_list = os.path.join(root, "splits", "bench_sam_" + ARGS.model, "labeled.txt")

        def one_run():
            for path in (out_png, out_list):  # main() skips images whose output exists
                if os.path.exists(path):
                    os.remove(path)
            SPLIT.reset()
            run_main(list_path, root, ARGS.model, checkpoint)

        for i in range(ARGS.warmups):
            one_run()
            print(f"{item}: warm-up {i + 1} done", flush=True)
        process_peak = vm_hwm_bytes()
        load = os.getloadavg()[0]
        walls, cpus, splits, peak = [], [], [], -1
        for i in range(ARGS.runs):
            if os.path.exists(out_png):
                os.remove(out_png)
            if os.path.exists(out_list):
                os.remove(out_list)
            SPLIT.reset()
            can_reset = reset_peak()
            c0, t0 = time.process_time(), time.perf_counter()
            run_main(list_path, root, ARGS.model, checkpoint)
            wall, cpu = time.perf_counter() - t0, time.process_time() - c0
            peak = max(peak, vm_hwm_bytes() if can_reset else -1)
            walls.append(wall)
            cpus.append(cpu)
            splits.append(split_of_run(wall))
            print(f"{item}: run {i + 1}: {wall:.2f} s, {cpu:.1f} s CPU, load {os.getloadavg()[0]:.2f}", flush=True)
        process_peak = max(process_peak, vm_hwm_bytes())

        split_text = ", ".join(f"{k} {median([s[k] for s in splits]):.2f}" for k in splits[0])
        peak_text = "n/a" if peak < 0 else f"{peak / 1e9:.2f} GB"
        if process_peak > peak:
            peak_text += f" ({process_peak / 1e9:.2f})"
        print(f"| {item} | {median(walls):.2f} s ({min(walls):.2f}–{max(walls):.2f}) | {median(cpus):.1f} s CPU | "
              f"{peak_text} | {len(walls)}+{ARGS.warmups} ({load:.2f}) | {split_text} |", flush=True)
        if os.environ.get("SECO_ANCHOR_JSON"):  # bench/run-anchors reads it (anchor_timing.py's shape)
            path = os.environ["SECO_ANCHOR_JSON"]
            with open(path + ".tmp", "w") as f:
                json.dump({"item": item, "wallSeconds": walls, "cpuSeconds": cpus, "medianSeconds": median(walls),
                           "peakBytes": peak, "processPeakBytes": max(process_peak, peak), "loadBefore": load,
                           "warmups": ARGS.warmups, "split": split_text}, f)
            os.replace(path + ".tmp", path)

        ok = True
        if ARGS.keep:
            os.makedirs(ARGS.keep, exist_ok=True)
            shutil.copy(out_png, os.path.join(ARGS.keep, f"synth_000_x{ARGS.scale}_reference_{ARGS.model}.png"))
        if ARGS.compare:
            ours, ref = read_label(ARGS.compare), read_label(out_png)
            if ours.shape != ref.shape:
                print(f"compare: shapes differ, ours {ours.shape} reference {ref.shape}")
                ok = False
            else:
                diff = int((ours != ref).sum())
                values = np.unique(ref).tolist()
                print(f"compare: {diff} of {ref.size} pixels differ between {ARGS.compare} and the reference "
                      f"(reference classes {values})")
                ok = diff == 0
        return ok
    finally:
        shutil.rmtree(root, ignore_errors=True)


def golden(kind):
    """main() as golden/psa/README.md ran it, on a temp copy of the golden inputs; compares the written maps."""
    root = tempfile.mkdtemp(prefix="psa_golden_")
    try:
        split = "synthone" if kind == "vit_b" else "synthcity"
        shutil.copytree(os.path.join(PSA_DATA, "leftImg8bit"), os.path.join(root, "data", "leftImg8bit"))
        shutil.copytree(os.path.join(PSA_DATA, "psd_label"), os.path.join(root, "data", "psd_label"))
        os.makedirs(os.path.join(root, "splits", split))
        list_path = os.path.join(root, "splits", split, "labeled.txt")
        shutil.copy(os.path.join(GOLDEN, "psa", "splits", split, "labeled.txt"), list_path)
        if kind == "tiny":
            checkpoint = os.path.join(TINY_DIR, "tiny_sam.pth")
        elif kind == "tiny_rand_lowthr":
            checkpoint = os.path.join(GOLDEN, "sam", "tiny_rand", "tiny_rand_sam.pth")
            low_threshold_amg()
        else:
            checkpoint = os.path.join(root, "detfill_vit_b.pth")
            torch.save(detfill_state_dict(BUILDERS["vit_b"](checkpoint=None)), checkpoint)
        t0 = time.perf_counter()
        run_main(list_path, root, kind, checkpoint)
        print(f"golden {kind}: main() took {time.perf_counter() - t0:.1f} s")
        ok = True
        with open(os.path.join(GOLDEN, "psa", "splits", split + "_sam_" + kind, "labeled.txt")) as f:
            expected_list = f.read()
        with open(os.path.join(root, "splits", split + "_sam_" + kind, "labeled.txt")) as f:
            ok &= f.read() == expected_list
        for line in expected_list.splitlines():
            rel = line.split(" ")[1]
            ours, want = read_label(os.path.join(root, "data", rel)), read_label(os.path.join(PSA_DATA, rel))
            diff = int((ours != want).sum())
            print(f"golden {kind}: {rel}: {diff} of {want.size} pixels differ (classes {np.unique(ours).tolist()})")
            ok &= diff == 0
        return ok
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    if ARGS.verify_detfill:
        sys.exit(0 if verify_detfill() else 1)
    if ARGS.golden:
        sys.exit(0 if golden(ARGS.golden) else 1)
    sys.exit(0 if benchmark() else 1)
