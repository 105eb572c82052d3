#!/usr/bin/env python3
"""Prints bench/pytorch_models.py's and `lathe bench MODEL... --json`'s results side by side.

For each model: training and inference samples/s in PyTorch and in Lathe, and the ratio
Lathe/PyTorch (above 1x: Lathe is faster). Given several rounds (one PyTorch and one Lathe file
each, measured one right after the other), every figure is the median over the rounds and the
ratio is the median of the rounds' ratios, with each round's ratio in brackets.
bench/compare-pytorch runs both and calls this.

Usage: /usr/bin/python3 bench/compare_models.py PYTORCH.json LATHE.json [PYTORCH.json LATHE.json ...]
"""

import json
import statistics
import sys

def row_format(rounds):
    ratio = 7 if rounds == 1 else 9 + 7 * rounds
    return f"%-12s %6s  %14s %14s %-{ratio}s  %14s %14s %-{ratio}s"


def load(path):
    with open(path) as f:
        return json.load(f)


def ratios(lathe, pytorch):
    """The median ratio, and the rounds' ratios when there are several."""
    each = [l / p for l, p in zip(lathe, pytorch)]
    text = f"{statistics.median(each):.2f}x"
    if len(each) > 1:
        text += " (" + " / ".join(f"{r:.2f}" for r in each) + ")"
    return text


def main():
    paths = sys.argv[1:]
    if not paths or len(paths) % 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    rounds = [(load(paths[i]), load(paths[i + 1])) for i in range(0, len(paths), 2)]
    pytorch, lathe = rounds[0]
    print(f"PyTorch {pytorch['torch']}: {pytorch['threads']} thread(s), BLAS: {pytorch['blas']}")
    print(f"Lathe: {lathe['threads']} thread(s), {lathe['java']}, BLAS: {lathe['blas']}")
    print("samples/s (training: forward, loss, backward, optimizer step; inference: eval, no grad); ratio = Lathe/PyTorch")
    if len(rounds) > 1:
        print(f"{len(rounds)} rounds: medians over the rounds, each round's ratio in brackets")
    row = row_format(len(rounds))
    header = row % ("model", "batch", "PyTorch train", "Lathe train", "ratio", "PyTorch infer", "Lathe infer", "ratio")
    print(header.rstrip())
    print("-" * len(header.rstrip()))
    # model -> per-round (PyTorch, Lathe) entries, in the order the models were first measured
    entries = {}
    mismatches = []
    for p_file, l_file in rounds:
        lathe_models = {m["model"]: m for m in l_file["models"]}
        for p in p_file["models"]:
            lt = lathe_models.get(p["model"])
            if lt is None:
                mismatches.append(f"{p['model']}: Lathe did not measure it")
                continue
            if lt["input_shape"] != p["input_shape"]:
                mismatches.append(f"{p['model']}: PyTorch's batch is {p['input_shape']}, Lathe's {lt['input_shape']}")
            entries.setdefault(p["model"], []).append((p, lt))
    for model, pairs in entries.items():
        p_train = [p["train_samples_per_s"] for p, _ in pairs]
        l_train = [lt["train_samples_per_s"] for _, lt in pairs]
        p_infer = [p["inference_samples_per_s"] for p, _ in pairs]
        l_infer = [lt["inference_samples_per_s"] for _, lt in pairs]
        print((row % (model, pairs[0][0]["batch"],
                     f"{statistics.median(p_train):,.1f}", f"{statistics.median(l_train):,.1f}", ratios(l_train, p_train),
                     f"{statistics.median(p_infer):,.1f}", f"{statistics.median(l_infer):,.1f}", ratios(l_infer, p_infer))).rstrip())
    for m in mismatches:
        print("compare_models.py: " + m, file=sys.stderr)
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
