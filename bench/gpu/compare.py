#!/usr/bin/env python3
"""Compares two seco workspaces of the same pipeline run on two devices, stage by stage, and writes one JSON result.

Per stage folder (matched by stage id): every PNG label map by pixel (how many differ, of how many), every JSON file's
numbers (largest absolute and relative difference, keys that differ), and each device's stage seconds from run.json.
Standard library only (the GPU machine's Python has PyTorch, nothing else is assumed).

    compare.py --a runs-cpu --b runs-cuda --a-name cpu --b-name cuda --extra extra.json --out result.json
"""
import argparse, json, os, struct, sys, zlib


def read_png(path):
    """8-bit grey or palette PNG -> (width, height, bytes of pixel values)."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG")
    pos, idat, width = 8, bytearray(), None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            if depth != 8 or colour not in (0, 3):
                return None  # an RGB preview, not a label map
        elif kind == b"IDAT":
            idat += body
    raw, out, prev = zlib.decompress(bytes(idat)), bytearray(), bytearray(width)
    stride = width + 1
    for y in range(height):
        kind, row = raw[y * stride], bytearray(raw[y * stride + 1:(y + 1) * stride])
        for x in range(width):
            a = row[x - 1] if x else 0
            b, c = prev[x], (prev[x - 1] if x else 0)
            if kind == 1: row[x] = (row[x] + a) & 255
            elif kind == 2: row[x] = (row[x] + b) & 255
            elif kind == 3: row[x] = (row[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                row[x] = (row[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out += row
        prev = row
    return width, height, bytes(out)


def numbers(value, prefix=""):
    if isinstance(value, bool):
        return
    if isinstance(value, (int, float)):
        yield prefix, float(value)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from numbers(v, f"{prefix}.{k}" if prefix else k)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from numbers(v, f"{prefix}[{i}]")


def stage_folders(workspace):
    run = json.load(open(os.path.join(workspace, "run.json")))
    stages = {}
    for stage in run.get("stages", []):
        folder = stage.get("outputDirectory") or ""
        stages[stage["id"]] = {"folder": folder, "seconds": stage.get("durationSeconds"), "state": stage.get("state")}
    return run, stages


def compare_stage(a, b):
    result = {"labelMaps": 0, "pixels": 0, "pixelsDiffering": 0, "jsonFiles": 0, "numbers": 0,
              "maxAbsDiff": 0.0, "maxRelDiff": 0.0, "differingKeys": []}
    for dirpath, _, files in os.walk(a):
        for name in sorted(files):
            pa = os.path.join(dirpath, name)
            rel = os.path.relpath(pa, a)
            pb = os.path.join(b, rel)
            if not os.path.exists(pb):
                result.setdefault("missingInB", []).append(rel)
                continue
            if name.endswith(".png"):
                ia, ib = read_png(pa), read_png(pb)
                if ia is None or ib is None:
                    continue
                if ia[:2] != ib[:2]:
                    raise ValueError(f"{rel}: sizes differ {ia[:2]} vs {ib[:2]}")
                result["labelMaps"] += 1
                result["pixels"] += len(ia[2])
                result["pixelsDiffering"] += sum(1 for x, y in zip(ia[2], ib[2]) if x != y)
            elif name.endswith(".json") and name not in ("manifest.json",):
                na, nb = dict(numbers(json.load(open(pa)))), dict(numbers(json.load(open(pb))))
                result["jsonFiles"] += 1
                for key in na.keys() & nb.keys():
                    if "second" in key.lower() or key.lower().endswith("ms") or "time" in key.lower():
                        continue  # timings differ by nature
                    result["numbers"] += 1
                    diff = abs(na[key] - nb[key])
                    rel_diff = diff / max(abs(na[key]), abs(nb[key]), 1e-12)
                    result["maxAbsDiff"] = max(result["maxAbsDiff"], diff)
                    result["maxRelDiff"] = max(result["maxRelDiff"], rel_diff)
                    if diff > 0 and len(result["differingKeys"]) < 10:
                        result["differingKeys"].append(f"{rel}:{key}: {na[key]!r} vs {nb[key]!r}")
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--a", required=True); parser.add_argument("--b", required=True)
    parser.add_argument("--a-name", default="a"); parser.add_argument("--b-name", default="b")
    parser.add_argument("--extra", action="append", default=[], help="JSON files merged into the result")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    run_a, stages_a = stage_folders(args.a)
    run_b, stages_b = stage_folders(args.b)
    result = {"devices": [args.a_name, args.b_name], "stages": {}}
    for stage_id, sa in stages_a.items():
        sb = stages_b.get(stage_id)
        if sb is None or not sa["folder"] or not sb["folder"]:
            continue
        entry = compare_stage(sa["folder"], sb["folder"])
        entry["seconds"] = {args.a_name: sa["seconds"], args.b_name: sb["seconds"]}
        entry["state"] = {args.a_name: sa["state"], args.b_name: sb["state"]}
        result["stages"][stage_id] = entry
    for extra in args.extra:
        result.update(json.load(open(extra)))
    tmp = args.out + ".tmp"
    with open(tmp, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    os.replace(tmp, args.out)
    for stage_id, entry in result["stages"].items():
        print(f"{stage_id}: {entry['pixelsDiffering']} of {entry['pixels']} pixels differ in {entry['labelMaps']} maps; "
              f"{entry['numbers']} numbers, max rel diff {entry['maxRelDiff']:.3g}; seconds {entry['seconds']}")


if __name__ == "__main__":
    sys.exit(main())
