#!/usr/bin/python3
# Anchors row 6 with the REAL reference: DZhaoXd/SeCo PSA/utils.py Calculate_purity(psd_label, randius=8,
# class_num=19) (a 17x17 depthwise convolution over the one-hot map of 19 classes + ignore, then the entropy) on the
# input of our `SeCo.Benchmarks anchors purity` item, rebuilt bit for bit (PurityBenchmarks.Scene: 512x1024, 150
# Voronoi cells of random classes with 2-pixel ignore borders; .NET's Random(1) ported in dotnet_random.py; the time
# does not depend on the labels). torch.set_num_threads(2). The source is not part of this repository
# (bench/reference/README.md; the one adaptation: .cuda() -> .cpu()):
#
#   /usr/bin/python3 bench/reference/purity.py --reference-src /work/refsrc
import argparse
import hashlib
import os
import sys

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--reference-src", required=True, help="folder with PSA/utils.py (reference code)")
ARGS = parser.parse_args()
sys.path.insert(0, os.path.join(os.path.abspath(ARGS.reference_src), "PSA"))

import numpy as np  # noqa: E402
import torch  # noqa: E402
from utils import Calculate_purity  # noqa: E402  (reference PSA/utils.py)

from anchor_timing import measure  # noqa: E402
from dotnet_random import DotnetRandom  # noqa: E402

WIDTH, HEIGHT, CLASSES, CELLS = 1024, 512, 19, 150


def scene():
    """PurityBenchmarks.Scene(seed: 1, cells: 150): nearest cell's class, 255 on both sides of every cell border."""
    random = DotnetRandom(1)
    cells = [(random.next(WIDTH), random.next(HEIGHT), random.next(CLASSES)) for _ in range(CELLS)]
    cx = np.array([c[0] for c in cells], dtype=np.int64)
    cy = np.array([c[1] for c in cells], dtype=np.int64)
    cls = np.array([c[2] for c in cells], dtype=np.uint8)
    xs = np.arange(WIDTH, dtype=np.int64)
    owner = np.empty((HEIGHT, WIDTH), dtype=np.int64)
    for y in range(HEIGHT):  # the first nearest cell on ties (C#'s strict <)
        owner[y] = ((xs[:, None] - cx[None, :]) ** 2 + (y - cy[None, :]) ** 2).argmin(axis=1)
    label = cls[owner]
    for y in range(HEIGHT - 1):  # in C#'s order: a border pixel and its right neighbour become 255
        for x in np.flatnonzero((owner[y, :-1] != owner[y, 1:]) | (owner[y, :-1] != owner[y + 1, :-1])):
            label[y, x] = 255
            label[y, x + 1] = 255
    return label


torch.set_num_threads(2)
psd_label = scene()
print(f"purity input: 512x1024 sha256 {hashlib.sha256(psd_label.tobytes()).hexdigest()}", flush=True)
measure(f"reference purity radius 8 (torch {torch.__version__})", lambda: Calculate_purity(psd_label.copy(), randius=8, class_num=CLASSES))  # it writes into its input
