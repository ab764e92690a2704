#!/usr/bin/python3
# Anchors row 3 with the REAL reference: facebookresearch/segment-anything's SamAutomaticMaskGenerator with its
# defaults (32x32 points, 64 per batch, no crops) on the anchors' test image (golden sam/test_image.png), ViT-B with
# DetFill weights (golden_inputs.py, as psa_reference.py builds them), torch.set_num_threads(2). A run is one
# generate() call, which includes the AMG's own set_image (encode); the model and the generator are built outside
# the timed part, as `anchors sam-amg` builds its model and generator once. Split: encode (set_image) and masks (the
# rest of generate). The sources are not part of this repository (bench/reference/README.md says where they come from):
#
#   /usr/bin/python3 bench/reference/sam_amg.py --reference-src /work/refsrc
import argparse
import os
import sys
import time

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--reference-src", required=True, help="folder with segment_anything/ (reference code)")
ARGS = parser.parse_args()
sys.path.insert(0, os.path.abspath(ARGS.reference_src))

import numpy as np  # noqa: E402
import torch  # noqa: E402
from PIL import Image  # noqa: E402
from segment_anything import SamAutomaticMaskGenerator, SamPredictor, sam_model_registry  # noqa: E402

from anchor_timing import measure  # noqa: E402
from golden_inputs import GOLDEN, build_detfill  # noqa: E402

torch.set_num_threads(2)
image = np.array(Image.open(os.path.join(GOLDEN, "sam", "test_image.png")).convert("RGB"))
generator = SamAutomaticMaskGenerator(build_detfill(sam_model_registry["vit_b"]))

encode = [0.0]
set_image = SamPredictor.set_image


def timed_set_image(self, *a, **k):  # passes the call through, adding its wall time to the encode step
    t = time.perf_counter()
    try:
        return set_image(self, *a, **k)
    finally:
        encode[0] += time.perf_counter() - t


SamPredictor.set_image = timed_set_image
total = [0.0]


def run():
    encode[0] = 0.0
    t = time.perf_counter()
    masks = generator.generate(image)
    total[0] = time.perf_counter() - t
    print(f"sam amg: {len(masks)} masks kept, {image.shape[1]}x{image.shape[0]}", flush=True)


measure(f"reference sam amg vit_b (torch {torch.__version__})", run,
        split=lambda: {"encode": encode[0], "masks": total[0] - encode[0]})
