#!/usr/bin/python3
# Anchors row 5a with the REAL reference: DZhaoXd/SeCo SCC/gen_ins_mask.py gen_ins_mask() on the input of our
# `Scc.Benchmarks anchors regions` item, rebuilt bit for bit (RegionExtractionBenchmarks.Setup: a 1024x2048 map of 150
# Voronoi cells of random classes as the ground truth, the pseudo-label = the same map with 4,000 one-pixel speckles,
# .NET's Random(0) ported in dotnet_random.py), both written as palette PNGs in the reference's folder layout with a
# one-line list. A run is one gen_ins_mask() call: read the two PNGs, regions per class (cv2.connectedComponents),
# true-label statistics, COCO RLE, boxes, json.dump to a file; the input is written outside the timed part.
# pycocotools is not packaged for Debian: coco_rle.py, a bit-exact pure-Python/numpy stand-in (checked against
# tests/golden/regions/rle), is installed as pycocotools.mask, as the anchors' row and the golden data did.
# Both sides print the SHA-256 of the two maps and of the JSON they write, so equal input and output can be checked.
# The reference source is not part of this repository (bench/reference/README.md):
#
#   /usr/bin/python3 bench/reference/scc_regions.py --reference-src /work/refsrc
#   /usr/bin/python3 bench/reference/scc_regions.py --reference-src /work/refsrc --verify-golden
import argparse
import hashlib
import os
import shutil
import sys
import tempfile
import time
import types

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--reference-src", required=True, help="folder with SCC/gen_ins_mask.py (reference code)")
parser.add_argument("--verify-golden", action="store_true", help="run gen_ins_mask on tests/golden/regions/ins_mask, compare the JSON, exit")
ARGS = parser.parse_args()

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

import coco_rle  # noqa: E402
from dotnet_random import DotnetRandom  # noqa: E402
from golden_inputs import GOLDEN  # noqa: E402

pycocotools = types.ModuleType("pycocotools")
pycocotools.mask = coco_rle
sys.modules["pycocotools"], sys.modules["pycocotools.mask"] = pycocotools, coco_rle
sys.path.insert(0, os.path.join(os.path.abspath(ARGS.reference_src), "SCC"))
from gen_ins_mask import cityspallete, gen_ins_mask  # noqa: E402

WIDTH, HEIGHT, CELLS, SPECKLES = 2048, 1024, 150, 4000
STEM = "bench/bench_000000_000019"


def maps():
    """(pseudo-label, ground truth) of RegionExtractionBenchmarks.Setup, uint8 HxW."""
    random = DotnetRandom(0)
    cells = [(random.next(WIDTH), random.next(HEIGHT), random.next(19)) for _ in range(CELLS)]
    cx = np.array([c[0] for c in cells], dtype=np.int64)
    cy = np.array([c[1] for c in cells], dtype=np.int64)
    cls = np.array([c[2] for c in cells], dtype=np.uint8)
    gt = np.empty((HEIGHT, WIDTH), dtype=np.uint8)
    xs = np.arange(WIDTH, dtype=np.int64)
    for y in range(HEIGHT):  # nearest cell, the first one on ties (C#'s strict <)
        distance = (xs[:, None] - cx[None, :]) ** 2 + (y - cy[None, :]) ** 2
        gt[y] = cls[distance.argmin(axis=1)]
    labels = gt.copy().reshape(-1)
    for _ in range(SPECKLES):
        index = random.next(WIDTH * HEIGHT)  # C# evaluates the index before the value
        labels[index] = random.next(19)
    return labels.reshape(HEIGHT, WIDTH), gt


def write_png(path, array):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    image = Image.fromarray(array, mode="P")
    image.putpalette(cityspallete)
    image.save(path)


def sha(data):
    return hashlib.sha256(data).hexdigest()


def verify_golden():
    """gen_ins_mask with this stand-in on the golden ins_mask input writes the golden JSON byte for byte."""
    folder = os.path.join(GOLDEN, "regions", "ins_mask")
    out = tempfile.mkdtemp(prefix="scc_regions_golden_")
    try:
        gen_ins_mask(os.path.join(folder, "pseudo"), out, os.path.join(folder, "all_data.txt"), os.path.join(folder, "gt"))
        ok = True
        for top, _, files in os.walk(os.path.join(folder, "json")):
            for name in files:
                want = os.path.join(top, name)
                got = os.path.join(out, os.path.relpath(want, os.path.join(folder, "json")))
                same = os.path.exists(got) and open(got, "rb").read() == open(want, "rb").read()
                print(f"golden {os.path.relpath(want, folder)}: {'identical' if same else 'DIFFERS'}")
                ok &= same
        return ok
    finally:
        shutil.rmtree(out, ignore_errors=True)


def benchmark():
    from anchor_timing import measure
    labels, gt = maps()
    print(f"scc regions input: pseudo-label sha256 {sha(labels.tobytes())}, ground truth sha256 {sha(gt.tobytes())}", flush=True)
    root = tempfile.mkdtemp(prefix="scc_regions_")
    try:
        result_dir, save_dir = os.path.join(root, "pseudo"), os.path.join(root, "json")
        image_id = f"leftImg8bit/train/{STEM}_leftImg8bit.png"
        write_png(os.path.join(result_dir, "train", f"{STEM}_leftImg8bit.png"), labels)
        write_png(os.path.join(root, "gtFine", "train", f"{STEM}_gtFine_labelTrainIds.png"), gt)
        info_path = os.path.join(root, "all_data.txt")
        with open(info_path, "w") as f:
            f.write(image_id + "\n")
        json_path = os.path.join(save_dir, "train", f"{STEM}_leftImg8bit.json")
        rle_seconds = [0.0]
        encode = coco_rle.encode

        def timed_encode(mask):  # the RLE calls' share, as the anchors reported it
            t = time.perf_counter()
            try:
                return encode(mask)
            finally:
                rle_seconds[0] += time.perf_counter() - t

        coco_rle.encode = timed_encode

        def run():
            rle_seconds[0] = 0.0
            gen_ins_mask(result_dir, save_dir, info_path, root)

        measure("reference scc regions gen_ins_mask 1024x2048", run, split=lambda: {"rle encode": rle_seconds[0]})
        print(f"scc regions output: JSON sha256 {sha(open(json_path, 'rb').read())}", flush=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return True


if __name__ == "__main__":
    sys.exit(0 if (verify_golden() if ARGS.verify_golden else benchmark()) else 1)
