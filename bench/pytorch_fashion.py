#!/usr/bin/env python3
"""mlp-fashion and cnn-binary in PyTorch, as examples/<model>.json describe them, to compare test
accuracy and epoch time with `lathe train examples/<model>.json` on the same machine.

Usage: /usr/bin/python3 bench/pytorch_fashion.py mlp-fashion|cnn-binary [seed ...]   (Debian's python3-torch)
Reads the IDX files of Debian's dataset-fashion-mnist; 2 threads, as the Lathe runs. cnn-binary
keeps classes 7 (sneaker, label 0) and 9 (ankle boot, label 1) in file order and, as the spec's
validation_split 0.2 does in Lathe (and Keras), trains on the first 80 % of them.
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


def cnn(outputs):
    return nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(64, 64, 3), nn.ReLU(), nn.Flatten(),
        nn.Linear(576, 64), nn.ReLU(), nn.Linear(64, outputs))


# model -> (network, loss, batch size, epochs, classes kept or None, fraction trained on)
MODELS = {
    "mlp-fashion": (lambda: nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10)),
                    nn.CrossEntropyLoss, 128, 10, None, 1.0),
    "cnn-binary": (lambda: cnn(1), nn.BCEWithLogitsLoss, 32, 5, (7, 9), 0.8),
}


def load(prefix, classes):
    x = torch.tensor(idx(prefix + "-images-idx3-ubyte.gz"), dtype=torch.float32).reshape(-1, 1, 28, 28) / 255
    y = torch.tensor(idx(prefix + "-labels-idx1-ubyte.gz"), dtype=torch.long)
    if classes is None:
        return x, y
    keep = (y == classes[0]) | (y == classes[1])
    return x[keep], (y[keep] == classes[1]).float().unsqueeze(1)


def accuracy(logits, y):
    if y.dtype == torch.long:
        return (logits.argmax(1) == y).float().mean().item()
    return ((logits > 0).float() == y).float().mean().item()


def main(model_name, seeds):
    network, loss_type, batch_size, epochs, classes, fraction = MODELS[model_name]
    torch.set_num_threads(2)
    x_train, y_train = load("train", classes)
    cut = round(len(x_train) * fraction)
    x_train, y_train = x_train[:cut], y_train[:cut]
    x_test, y_test = load("t10k", classes)
    for seed in seeds:
        torch.manual_seed(seed)
        model = network()
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        loss_fn = loss_type()
        times = []
        for epoch in range(epochs):
            start = time.perf_counter()
            order = torch.randperm(len(x_train))
            for i in range(0, len(order), batch_size):
                batch = order[i:i + batch_size]
                optimizer.zero_grad()
                loss = loss_fn(model(x_train[batch]), y_train[batch])
                loss.backward()
                optimizer.step()
            times.append(time.perf_counter() - start)
        with torch.no_grad():
            test_accuracy = accuracy(model(x_test), y_test)
        print(f"{model_name} seed {seed}: test accuracy {test_accuracy:.4f}, epoch time {np.median(times):.2f} s "
              f"({len(x_train) / np.median(times):,.0f} samples/s)", flush=True)


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in MODELS:
        sys.exit("usage: pytorch_fashion.py " + "|".join(MODELS) + " [seed ...]")
    main(sys.argv[1], [int(s) for s in sys.argv[2:]] or [0, 1, 2])
