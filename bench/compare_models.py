#!/usr/bin/env python3
"""Prints bench/pytorch_models.py's and `lathe bench MODEL... --json`'s results side by side.

For each model: training and inference samples/s in PyTorch and in Lathe, and the ratio
Lathe/PyTorch (above 1x: Lathe is faster). bench/compare-pytorch runs both and calls this.

Usage: /usr/bin/python3 bench/compare_models.py PYTORCH.json LATHE.json
"""

import json
import sys

ROW = "%-12s %6s  %14s %14s %7s  %14s %14s %7s"


def ratio(lathe, pytorch):
    return f"{lathe / pytorch:.2f}x"


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    with open(sys.argv[1]) as f:
        pytorch = json.load(f)
    with open(sys.argv[2]) as f:
        lathe = json.load(f)
    print(f"PyTorch {pytorch['torch']}: {pytorch['threads']} thread(s), BLAS: {pytorch['blas']}")
    print(f"Lathe: {lathe['threads']} thread(s), {lathe['java']}, BLAS: {lathe['blas']}")
    print("samples/s (training: forward, loss, backward, optimizer step; inference: eval, no grad); ratio = Lathe/PyTorch")
    header = ROW % ("model", "batch", "PyTorch train", "Lathe train", "ratio", "PyTorch infer", "Lathe infer", "ratio")
    print(header)
    print("-" * len(header))
    lathe_models = {m["model"]: m for m in lathe["models"]}
    mismatches = []
    for p in pytorch["models"]:
        lt = lathe_models.get(p["model"])
        if lt is None:
            mismatches.append(f"{p['model']}: Lathe did not measure it")
            continue
        if lt["input_shape"] != p["input_shape"]:
            mismatches.append(f"{p['model']}: PyTorch's batch is {p['input_shape']}, Lathe's {lt['input_shape']}")
        print(ROW % (p["model"], p["batch"],
                     f"{p['train_samples_per_s']:,.1f}", f"{lt['train_samples_per_s']:,.1f}",
                     ratio(lt["train_samples_per_s"], p["train_samples_per_s"]),
                     f"{p['inference_samples_per_s']:,.1f}", f"{lt['inference_samples_per_s']:,.1f}",
                     ratio(lt["inference_samples_per_s"], p["inference_samples_per_s"])))
    for m in mismatches:
        print("compare_models.py: " + m, file=sys.stderr)
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
