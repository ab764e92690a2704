#!/usr/bin/env python3
"""Writes the golden data of the tests: an image, a checkpoint and the labels the reference model gives.

This is where YOUR reference goes. For a real model, load it in PyTorch, run it on a few small images
and save what the C# port must reproduce, e.g.:

    model.load_state_dict(torch.load("model.pth")); model.eval()
    probs = model(normalise(image)).softmax(1)
    confidence, labels = probs.max(1); labels[confidence < threshold] = 255
    safetensors.torch.save_file(model.state_dict(), "data/model.safetensors")
    PIL.Image.fromarray(labels[0].byte().numpy()).save("data/labels.png")

The template's model is tiny, so this script computes the same forward pass in plain Python (no numpy,
no torch): conv3x3(3 -> hidden, padding 1) + ReLU, conv1x1(hidden -> classes), softmax, max, threshold.
It only keeps weights for which no pixel is within MARGIN of a decision (between the two best classes,
or between the confidence and the threshold), so float32 vs float64 rounding cannot flip a label.
"""
import json
import math
import random
import struct
import zlib
from pathlib import Path

WIDTH, HEIGHT, CLASSES, HIDDEN = 16, 12, 3, 4
THRESHOLD = 0.5
MEAN, STD = (0.485, 0.456, 0.406), (0.229, 0.224, 0.225)
MARGIN = 1e-3
OUT = Path(__file__).resolve().parent / "data"


def png(path, width, height, rows, color_type):
    """8-bit PNG; color_type 2 = RGB, 0 = grayscale; rows are lists of byte values."""
    raw = b"".join(b"\x00" + bytes(row) for row in rows)
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def safetensors(path, tensors):
    """tensors: name -> (shape, flat list of floats), stored as F32 in the given order."""
    header, blobs, offset = {}, [], 0
    for name, (shape, values) in tensors.items():
        blob = struct.pack("<%df" % len(values), *values)
        header[name] = {"dtype": "F32", "shape": shape, "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    path.write_bytes(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def f32(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]


def image(rng):
    """Three colour regions (left, right, a square) plus noise: something to segment."""
    pixels = []
    for y in range(HEIGHT):
        row = []
        for x in range(WIDTH):
            base = (200, 60, 40) if x < 7 else (40, 90, 210)
            if 3 <= x < 11 and 6 <= y < 10:
                base = (60, 190, 70)
            row.append([max(0, min(255, c + rng.randint(-40, 40))) for c in base])
        pixels.append(row)
    return pixels


def forward(pixels, w1, b1, w2, b2):
    """Per pixel (confidence, label) and the smallest decision margin seen."""
    x = [[[((pixels[y][xx][c] / 255.0) - MEAN[c]) / STD[c] for xx in range(WIDTH)] for y in range(HEIGHT)] for c in range(3)]
    labels, margin = [], float("inf")
    for y in range(HEIGHT):
        row = []
        for xx in range(WIDTH):
            hidden = []
            for o in range(HIDDEN):
                s = b1[o]
                for c in range(3):
                    for dy in range(3):
                        for dx in range(3):
                            yy, xs = y + dy - 1, xx + dx - 1
                            if 0 <= yy < HEIGHT and 0 <= xs < WIDTH:
                                s += w1[((o * 3 + c) * 3 + dy) * 3 + dx] * x[c][yy][xs]
                hidden.append(max(0.0, s))
            logits = [b2[k] + sum(w2[k * HIDDEN + h] * hidden[h] for h in range(HIDDEN)) for k in range(CLASSES)]
            top = max(logits)
            exp = [math.exp(v - top) for v in logits]
            probs = [e / sum(exp) for e in exp]
            order = sorted(range(CLASSES), key=lambda k: -probs[k])
            confidence = probs[order[0]]
            margin = min(margin, probs[order[0]] - probs[order[1]], abs(confidence - THRESHOLD))
            row.append(order[0] if confidence >= THRESHOLD else 255)
        labels.append(row)
    return labels, margin


def main():
    rng = random.Random(7)
    pixels = image(rng)
    for attempt in range(1000):
        w1 = [f32(rng.gauss(0, 0.4)) for _ in range(HIDDEN * 3 * 9)]
        b1 = [f32(rng.gauss(0, 0.1)) for _ in range(HIDDEN)]
        w2 = [f32(rng.gauss(0, 1.0)) for _ in range(CLASSES * HIDDEN)]
        b2 = [f32(rng.gauss(0, 0.1)) for _ in range(CLASSES)]
        labels, margin = forward(pixels, w1, b1, w2, b2)
        values = {v for row in labels for v in row}
        if margin > MARGIN and len(values) == CLASSES + 1:  # every class and some ignored pixels
            break
    else:
        raise SystemExit("no weights with clear decisions found")
    OUT.mkdir(exist_ok=True)
    png(OUT / "image.png", WIDTH, HEIGHT, [[c for p in row for c in p] for row in pixels], 2)
    png(OUT / "labels.png", WIDTH, HEIGHT, labels, 0)
    safetensors(OUT / "model.safetensors", {
        "conv1.weight": ([HIDDEN, 3, 3, 3], w1), "conv1.bias": ([HIDDEN], b1),
        "classifier.weight": ([CLASSES, HIDDEN, 1, 1], w2), "classifier.bias": ([CLASSES], b2),
    })
    print(f"attempt {attempt}: margin {margin:.4g}, labels {sorted(values)}")


if __name__ == "__main__":
    main()
