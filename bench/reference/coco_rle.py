# A pure-Python/numpy stand-in for the three pycocotools.mask calls that SeCo's gen_ins_mask makes (encode, toBbox,
# area), reproducing cocoapi maskApi.c bit for bit (tests/golden/regions/README.md lists the rules; `python3
# coco_rle.py` checks every RLE of tests/golden/regions/rle). pycocotools is not packaged for Debian's python3-torch;
# scc_regions.py installs this module as sys.modules["pycocotools.mask"], as the golden data's generator did.
import numpy as np


def _counts(mask):
    """Run lengths of the column-major flattening, first run = zeros (maskApi.c rleEncode)."""
    flat = np.asarray(mask).reshape(-1, order="F") != 0
    change = np.flatnonzero(flat[1:] != flat[:-1]) + 1
    counts = np.diff(np.concatenate(([0], change, [flat.size])))
    return np.concatenate(([0], counts)) if flat.size and flat[0] else counts


def _to_string(counts):
    """maskApi.c rleToString: delta against the run two back for i > 2, 5-bit little-endian groups, +48."""
    out = bytearray()
    for i, c in enumerate(counts.tolist()):
        x = c - counts[i - 2] if i > 2 else c
        x = int(x)
        more = True
        while more:
            ch = x & 0x1F
            x >>= 5
            more = x != -1 if ch & 0x10 else x != 0
            if more:
                ch |= 0x20
            out.append(ch + 48)
    return bytes(out)


def _from_string(s):
    """maskApi.c rleFrString (the counts of a compressed string)."""
    counts, p = [], 0
    while p < len(s):
        x, k, more = 0, 0, True
        while more:
            c = s[p] - 48
            x |= (c & 0x1F) << (5 * k)
            more = bool(c & 0x20)
            p += 1
            k += 1
            if not more and c & 0x10:
                x |= -1 << (5 * k)
        if len(counts) > 2:
            x += counts[-2]
        counts.append(x)
    return np.array(counts, dtype=np.int64)


def encode(mask):
    """pycocotools.mask.encode of one H x W uint8 mask (Fortran order or not): {'size': [h, w], 'counts': bytes}."""
    mask = np.asarray(mask)
    if mask.ndim == 3:
        return [encode(mask[:, :, i]) for i in range(mask.shape[2])]
    return {"size": [mask.shape[0], mask.shape[1]], "counts": _to_string(_counts(mask))}


def _counts_of(rle):
    counts = rle["counts"]
    return _from_string(counts.encode() if isinstance(counts, str) else counts)


def area(rle):
    """Sum of the runs of ones."""
    if isinstance(rle, list):
        return np.array([area(r) for r in rle], dtype=np.uint32)
    return np.uint32(_counts_of(rle)[1::2].sum())


def toBbox(rle):  # noqa: N802 (pycocotools' name)
    """maskApi.c rleToBbox, uint32 arithmetic: [x, y, w, h] as float64."""
    if isinstance(rle, list):
        return np.array([toBbox(r) for r in rle])
    h, w = (int(v) for v in rle["size"])
    counts = _counts_of(rle)
    m = len(counts) // 2 * 2
    if m == 0:
        return np.zeros(4)
    cc = np.cumsum(counts[:m].astype(np.uint32), dtype=np.uint32)
    j = np.arange(m, dtype=np.uint32)
    t = cc - j % np.uint32(2)
    y = t % np.uint32(h)
    x = (t - y) // np.uint32(h)
    xs, xe = min(w, int(x.min())), int(x.max())
    ys, ye = min(h, int(y.min())), int(y.max())
    if np.any(x[0::2] < x[1::2]):  # a run of ones that starts in an earlier column than it ends
        ys, ye = 0, h - 1
    return np.array([xs, ys, xe - xs + 1, ye - ys + 1], dtype=np.float64)


def _check_golden():
    import glob
    import json
    import os
    from golden_inputs import GOLDEN, read_safetensors
    folder = os.path.join(GOLDEN, "regions", "rle")
    checked = 0
    for path in sorted(glob.glob(os.path.join(folder, "lm_*_rle.json"))):
        record = json.load(open(path))
        index = read_safetensors(os.path.join(GOLDEN, "regions", record["regions_file"]))["region_index"]
        for r in record["regions"]:
            rle = encode(np.asfortranarray((index == r["region"]).astype(np.uint8)))
            got = (rle["size"], _counts(index == r["region"]).tolist(), rle["counts"].decode(), toBbox(rle).tolist(), int(area(rle)))
            want = (r["size"], r["counts_uncompressed"], r["counts"], r["toBbox"], r["area"])
            assert got == want, (path, r["region"], got, want)
            checked += 1
    edge = json.load(open(os.path.join(folder, "rle_edge_cases.json")))
    tensors = read_safetensors(os.path.join(folder, "rle_edge_cases.safetensors"))
    for case in edge["encode_cases"]:
        mask = tensors["mask_" + case["name"]]
        rle = encode(mask)
        got = (rle["size"], _counts(mask).tolist(), rle["counts"].decode(), toBbox(rle).tolist(), int(area(rle)))
        want = (case["size"], case["counts_uncompressed"], case["counts"], case["toBbox"], case["area"])
        assert got == want, (case["name"], got, want)
        checked += 1
    print(f"coco_rle: {checked} RLEs equal to tests/golden/regions/rle (counts, string, toBbox, area)")


if __name__ == "__main__":
    _check_golden()
