"""Reading and writing safetensors files from PyTorch tensors.

Debian packages no `safetensors` module for Python, and the format is small: an 8-byte
little-endian header length, a JSON header naming each tensor's dtype, shape and byte range
(plus an optional "__metadata__" map of strings), then the raw little-endian data.
"""
import json
import struct

import numpy as np
import torch

_NUMPY_BY_NAME = {"F64": "<f8", "F32": "<f4", "I64": "<i8", "I32": "<i4"}
_NAME_BY_TORCH = {torch.float64: "F64", torch.float32: "F32", torch.int64: "I64", torch.int32: "I32"}


def save(tensors, path, metadata=None):
    """Writes {name: tensor} to `path` in the given order; `metadata` maps strings to strings."""
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    for name, tensor in tensors.items():
        tensor = tensor.detach().cpu().contiguous()
        dtype = _NAME_BY_TORCH[tensor.dtype]
        data = tensor.numpy().astype(_NUMPY_BY_NAME[dtype]).tobytes()
        header[name] = {"dtype": dtype, "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def load(path):
    """Reads a file written by `save` (or by Lathe) back as {name: tensor}, in header order."""
    with open(path, "rb") as f:
        length = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(length))
        data = f.read()
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        start, end = entry["data_offsets"]
        array = np.frombuffer(data[start:end], dtype=_NUMPY_BY_NAME[entry["dtype"]]).reshape(entry["shape"])
        tensors[name] = torch.from_numpy(array.copy())
    return tensors
