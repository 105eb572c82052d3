"""PyTorch side of bench/mlp-steps/run.sh: the first 1,280 Fashion-MNIST training images as
x.npy/y.npy, mlp-fashion's initial weights (torch.manual_seed(0)) as init.safetensors, and the
weights after 10 Adam steps on those images, in order, as torch-after.safetensors."""
import os
import sys

import numpy as np
import torch

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, ".."))
sys.path.insert(0, os.path.join(here, "..", "..", "conformance-tests", "reference"))
from pytorch_fashion import idx  # noqa: E402
from safetensors_io import save  # noqa: E402

SAMPLES = 1280
BATCH = 128


x = (idx("train-images-idx3-ubyte.gz")[:SAMPLES].astype(np.float32) / 255).reshape(SAMPLES, 1, 28, 28)
y = idx("train-labels-idx1-ubyte.gz")[:SAMPLES].astype(np.int32)
np.save("x.npy", x)
np.save("y.npy", y)
torch.manual_seed(0)
model = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
save(model.state_dict(), "init.safetensors")
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = torch.nn.CrossEntropyLoss()
inputs, labels = torch.tensor(x), torch.tensor(y).long()
for start in range(0, SAMPLES, BATCH):
    optimizer.zero_grad()
    loss = loss_fn(model(inputs[start:start + BATCH]), labels[start:start + BATCH])
    loss.backward()
    optimizer.step()
    print(f"torch step {start // BATCH + 1} loss {loss.item():.6f}")
save(model.state_dict(), "torch-after.safetensors")
