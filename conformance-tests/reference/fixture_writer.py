"""Writes one golden fixture: `<case>.safetensors` with PyTorch's inputs, parameters, outputs and
gradients, and `<case>.json` with what the Java side needs to build the same layer or loss.

Tensor names in the safetensors file, by prefix:
  input.<name>        what the layer or loss is called with (ids, lengths, masks and targets too)
  param.<name>        the state_dict before the call, under PyTorch's (= Lathe's) names
  grad_output.<name>  the seeded upstream gradient of each non-scalar output: backward runs on
                      sum(output * grad_output) over all outputs, so no gradient is a plain sum
  output.<name>       the outputs (a loss is a scalar and is backpropagated with gradient 1)
  grad_input.<name>   gradients of the floating-point inputs that are differentiated
  grad_param.<name>   gradients of every trainable parameter
  state_after.<name>  buffers after the call (BatchNorm's running statistics in train mode)
Everything floating-point is F32; integers are I32.

The json holds {"layer": kind, "args": constructor settings, "train": mode, "reduction_length": K}.
K is the summed length of the reductions (dot products, means, sums over the batch) that one
compared value passes through, forward and then backward: each of those additions may round, so
the Java side's tolerance grows with K (see README.md).
"""
import json
import os
import zlib

import torch

from safetensors_io import save

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources", "reference", "layers")


def seed(name):
    """Each case draws from its own seed, so adding or reordering cases changes no other fixture."""
    torch.manual_seed(zlib.crc32(name.encode()))


def _stored(tensor):
    tensor = tensor.detach()
    if tensor.dtype in (torch.int64, torch.bool, torch.int32):
        return tensor.to(torch.int32)
    return tensor.to(torch.float32)


def emit(name, layer, args, reduction_length, inputs, forward, module=None, differentiable=("x",), train=True, after_buffers=False):
    """Runs `forward(inputs) -> {output name: tensor}` once, backpropagates, and writes the fixture.

    `inputs` maps names to tensors (integer ones as int64 where PyTorch wants it); those named in
    `differentiable` get gradients. `module` (may be None) supplies the parameters and buffers.
    """
    module = module if module is not None else torch.nn.Module()
    module.train(train)
    before = {k: v.detach().clone() for k, v in module.state_dict().items()}
    leaves = {k: (v.detach().clone().requires_grad_(True) if k in differentiable else v) for k, v in inputs.items()}
    outputs = forward(leaves)
    grad_outputs, total = {}, 0
    for out_name, out in outputs.items():
        if out.dim() == 0:
            total = total + out
        else:
            grad_outputs[out_name] = torch.randn_like(out)
            total = total + (out * grad_outputs[out_name]).sum()
    total.backward()

    tensors = {}
    tensors.update({f"input.{k}": _stored(v) for k, v in inputs.items()})
    tensors.update({f"param.{k}": _stored(v) for k, v in before.items()})
    tensors.update({f"grad_output.{k}": _stored(v) for k, v in grad_outputs.items()})
    tensors.update({f"output.{k}": _stored(v) for k, v in outputs.items()})
    tensors.update({f"grad_input.{k}": _stored(leaves[k].grad) for k in differentiable})
    for k, p in module.named_parameters():
        tensors[f"grad_param.{k}"] = _stored(p.grad if p.grad is not None else torch.zeros_like(p))
    if after_buffers:
        tensors.update({f"state_after.{k}": _stored(v) for k, v in module.named_buffers()})
    os.makedirs(OUT, exist_ok=True)
    save(tensors, os.path.join(OUT, f"{name}.safetensors"))
    settings = {"layer": layer, "args": args, "train": train, "reduction_length": int(reduction_length)}
    with open(os.path.join(OUT, f"{name}.json"), "w") as f:
        json.dump(settings, f, indent=2)
        f.write("\n")
    print(f"{name}: {sum(t.numel() for t in tensors.values())} values")
