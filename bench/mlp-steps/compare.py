"""Largest difference between the weights PyTorch and Lathe reach after the same 10 Adam steps."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "conformance-tests", "reference"))
from safetensors_io import load  # noqa: E402

torch_after, lathe_after, initial = load("torch-after.safetensors"), load("run/checkpoints/last.safetensors"), load("init.safetensors")
for name in torch_after:
    print(f"{name}: max |torch - lathe| {(torch_after[name] - lathe_after[name]).abs().max().item():.2e}, "
          f"max |update| {(torch_after[name] - initial[name]).abs().max().item():.2e}")
