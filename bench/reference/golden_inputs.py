# What the reference scripts of this folder share about the golden data (tests/golden): where it is, the DetFill
# weights (golden/README.md, section DetFill) for a model built by the reference code, and a reader for its
# safetensors files. Imported by psa_reference.py, sam_amg.py and scc_regions.py; needs numpy (and torch for DetFill).
import json
import math
import os
import struct

import numpy as np

GOLDEN = os.environ.get("SECO_GOLDEN", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "golden"))


def detfill_state_dict(model):
    """The DetFill value of every entry of model.state_dict() (sorted keys; the key's index t and the element index j
    pick the value), as tensors of the entry's shape and dtype."""
    import torch
    out = {}
    for t, key in enumerate(sorted(model.state_dict().keys())):
        ref = model.state_dict()[key]
        n = ref.numel()
        j = np.arange(n, dtype=np.float64)
        if key.endswith("num_batches_tracked"):
            v = np.zeros(n)
        elif key.endswith("running_var"):
            v = 1 + 0.5 * np.abs(np.sin(0.1 * t + 0.01 * j))
        elif key.endswith("running_mean"):
            v = 0.1 * np.sin(0.3 * t + 0.017 * j)
        elif ref.dim() == 1:
            v = 1 + 0.1 * np.sin(0.5 * t + 0.013 * j) if key.endswith("weight") else 0.05 * np.sin(0.5 * t + 0.013 * j)
        else:
            fan_in = n / ref.shape[0]
            v = np.sin(1 + 0.37 * t + 0.011 * j) * math.sqrt(2 / fan_in)
        out[key] = torch.from_numpy(v.reshape(tuple(ref.shape))).to(ref.dtype)
    return out


def build_detfill(builder):
    """builder(checkpoint=None) (a reference sam_model_registry entry) with DetFill weights, in eval mode."""
    model = builder(checkpoint=None)
    model.load_state_dict(detfill_state_dict(model))
    return model.eval()


def read_safetensors(path):
    """name -> numpy array of a safetensors file (F32, I32, I64, U8, BOOL)."""
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    dtypes = {"F32": np.float32, "I32": np.int32, "I64": np.int64, "U8": np.uint8, "BOOL": np.bool_}
    out = {}
    for k, v in header.items():
        if k == "__metadata__":
            continue
        b, e = v["data_offsets"]
        out[k] = np.frombuffer(data[b:e], dtype=dtypes[v["dtype"]]).reshape(v["shape"])
    return out
