#!/usr/bin/env python3
"""mlp-fashion in PyTorch, as examples/mlp-fashion.json describes it, to compare test accuracy
and epoch time with `lathe train examples/mlp-fashion.json` on the same machine.

Usage: /usr/bin/python3 bench/pytorch_mlp_fashion.py [seed ...]   (Debian's python3-torch)
Reads the IDX files of Debian's dataset-fashion-mnist; 2 threads, as the Lathe runs.
"""
import gzip
import sys
import time

import numpy as np
import torch
from torch import nn

DATA = "/usr/share/datasets/fashion-mnist/"


def idx(name):
    with gzip.open(DATA + name) as f:
        raw = f.read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def main(seeds):
    torch.set_num_threads(2)
    x_train = torch.tensor(idx("train-images-idx3-ubyte.gz"), dtype=torch.float32).reshape(-1, 1, 28, 28) / 255
    y_train = torch.tensor(idx("train-labels-idx1-ubyte.gz"), dtype=torch.long)
    x_test = torch.tensor(idx("t10k-images-idx3-ubyte.gz"), dtype=torch.float32).reshape(-1, 1, 28, 28) / 255
    y_test = torch.tensor(idx("t10k-labels-idx1-ubyte.gz"), dtype=torch.long)
    for seed in seeds:
        torch.manual_seed(seed)
        model = nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        loss_fn = nn.CrossEntropyLoss()
        times = []
        for epoch in range(10):
            start = time.perf_counter()
            order = torch.randperm(len(x_train))
            for i in range(0, len(order), 128):
                batch = order[i:i + 128]
                optimizer.zero_grad()
                loss = loss_fn(model(x_train[batch]), y_train[batch])
                loss.backward()
                optimizer.step()
            times.append(time.perf_counter() - start)
        with torch.no_grad():
            accuracy = (model(x_test).argmax(1) == y_test).float().mean().item()
        print(f"seed {seed}: test accuracy {accuracy:.4f}, epoch time {np.median(times):.2f} s "
              f"({len(x_train) / np.median(times):,.0f} samples/s)", flush=True)


if __name__ == "__main__":
    main([int(s) for s in sys.argv[1:]] or [0, 1, 2])
