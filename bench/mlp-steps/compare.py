"""Largest difference between the weights PyTorch and Lathe reach after the same 10 Adam steps."""
import json
import struct

import numpy as np


def load(path):
    raw = open(path, "rb").read()
    length = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + length])
    start = 8 + length
    return {name: np.frombuffer(raw[start + e["data_offsets"][0]:start + e["data_offsets"][1]], dtype="<f4").reshape(e["shape"])
            for name, e in header.items() if name != "__metadata__"}


torch_after, lathe_after, initial = load("torch-after.safetensors"), load("run/checkpoints/last.safetensors"), load("init.safetensors")
for name in torch_after:
    print(f"{name}: max |torch - lathe| {np.abs(torch_after[name] - lathe_after[name]).max():.2e}, "
          f"max |update| {np.abs(torch_after[name] - initial[name]).max():.2e}")
